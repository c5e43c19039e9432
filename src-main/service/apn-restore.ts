// The apply's way back (issue 5): the saved contexts and auth written again, the radio cycled so the
// modem attaches with them, and a read-back that says whether the restore is exact.
import type { SavedContext } from '../core/apn/apply-plan.js';
import { restoreMismatches } from '../core/apn/apply-plan.js';
import { AtError } from '../core/at/errors.js';
import type { CallOptions, ModemAt } from '../core/at/modem-at.js';
import type { ApplyTimeouts, RestoreReport } from './apn-apply-types.js';
import { waitSimReady } from './apn-reattach.js';
import type { PdpDialect } from './pdp-dialect.js';

/**
 * Puts the saved contexts and auth back, cycles the radio so the modem attaches with them again,
 * and reads back. Runs without the caller's AbortSignal: a cancel must still leave the modem as
 * it was. Every command keeps its own timeout.
 */
export async function restoreSaved(modem: ModemAt, dialect: PdpDialect, saved: SavedContext[], functionality: number, radioCycled: boolean, t: ApplyTimeouts, report: RestoreReport): Promise<void> {
  report.attempted = true;
  const o: CallOptions = {};
  for (const s of saved) {
    try {
      await dialect.restore(s, o);
    } catch (err) {
      report.errors.push(`context ${s.cid}: ${err instanceof Error ? err.message : String(err)}`);
      if (err instanceof AtError && err.code === 'port-closed') break;
    }
  }
  if (radioCycled && modem.engine.isOpen) {
    try {
      // The old APN takes effect on the next attach (sim7600.md §2): cycle back to the saved CFUN.
      await modem.setFunctionality(0, false, o);
      await modem.setFunctionality(functionality === 0 ? 0 : functionality, false, o);
      if (functionality === 1) await waitSimReady(modem, { ...t, simReadyMs: Math.min(t.simReadyMs, 10_000) }, undefined).catch(() => {});
    } catch (err) {
      report.errors.push(`radio: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  report.ok = report.errors.length === 0;
  if (!modem.engine.isOpen) return;
  try {
    const back = await dialect.read(
      saved.map((s) => s.cid),
      o,
    );
    report.mismatches = restoreMismatches(saved, back.contexts, back.auths);
    report.exact = report.mismatches.length === 0;
  } catch (err) {
    report.errors.push(`read-back: ${err instanceof Error ? err.message : String(err)}`);
  }
}
