// Errors of the apply workflow (issue 5): a step's own refusal, and anything thrown in a step turned
// into the record the faces show (with our hint for a vanished port).
import { AtError } from '../core/at/errors.js';
import type { ApplyErrorInfo, ApplyStep } from './apn-apply-types.js';

/** A step's own failure (no SIM, registration denied, read-back differs...), carrying its record. */
export class StepError extends Error {
  constructor(readonly info: ApplyErrorInfo) {
    super(info.message);
  }
}

/** Turns anything thrown in a step into the error record the faces show. */
export function toErrorInfo(err: unknown, step: ApplyStep): ApplyErrorInfo {
  if (err instanceof StepError) return err.info;
  if (err instanceof AtError) {
    const hints: Partial<Record<string, string>> = {
      'port-closed': 'The modem port vanished (unplugged or reset). Reconnect it and run the command again: the saved settings are restored or re-applied then.',
      cancelled: undefined,
      timeout: 'The modem stopped answering. Check the cable and power, then try again.',
    };
    const info: ApplyErrorInfo = {
      code: err.code === 'invalid-argument' ? 'invalid-argument' : err.code,
      message: err.message,
      step,
    };
    // Ours first for a vanished port: it also says what happens to the half-applied settings.
    const hint = hints[err.code] ?? err.hint;
    if (hint) info.hint = hint;
    if (err.field) info.field = err.field;
    return info;
  }
  return { code: 'command-failed', message: err instanceof Error ? err.message : String(err), step };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AtError('cancelled', 'cancelled');
}
