// Which fixes a report asks for, in the order `--fix` / "Fix all" applies them (FIX_IDS), each id once.
import { FIX_IDS, type DoctorReport, type Fix } from './report.js';

/** Failing checks' fixes in the order FIX_IDS gives (one of each id). */
export function fixesToApply(report: Pick<DoctorReport, 'checks'>): Fix[] {
  const byId = new Map<string, Fix>();
  for (const c of report.checks) if (c.status === 'fail' && c.fix && !byId.has(c.fix.id)) byId.set(c.fix.id, c.fix);
  return FIX_IDS.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
}
