// Human-readable doctor output for the CLI: one line per check, then the verdict.
import type { CheckStatus, DoctorReport } from './report.js';

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export function renderReport(report: DoctorReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const m = report.modem;
  if (m) {
    const parts = [m.model, m.revision, m.usbId, m.mode && `mode ${m.mode}`, m.atPort && `AT ${m.atPort}`, m.iface && `iface ${m.iface}`].filter(Boolean);
    lines.push(`Modem: ${parts.join(', ')}`, '');
  }
  for (const c of report.checks) {
    lines.push(`[${MARK[c.status]}] ${c.id.padEnd(18)} ${c.title}`);
    if (c.status !== 'pass' || options.verbose) lines.push(`       ${c.detail}`);
    if (c.fix && c.status !== 'pass') lines.push(`       fix (${c.fix.id}): ${c.fix.label}`);
    if (options.verbose) for (const e of c.evidence) lines.push(`       > ${e.command}`, ...e.output.split('\n').filter((l) => l !== '').map((l) => `         ${l}`));
  }
  lines.push('');
  const v = report.verdict;
  if (!v) lines.push(`Verdict: everything checks out (${report.durationMs} ms).`);
  else {
    lines.push(`Verdict: ${v.status === 'fail' ? 'the first broken link is' : 'works, with a warning at'} ${v.checkId}.`, `  ${v.summary}`);
    if (v.fix) lines.push(`  Fix: ${v.fix.label}  (simhat doctor --fix, fix id ${v.fix.id})`);
  }
  return lines.join('\n') + '\n';
}
