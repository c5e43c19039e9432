// Final result codes (vendor manual §2, 27.007): the line that ends a command's response.
import { CME_ERRORS, CMS_ERRORS, cmeCodeForText, cmsCodeForText } from './cme-cms.js';
export type FinalKind = 'ok' | 'error' | 'cme-error' | 'cms-error' | 'no-carrier' | 'connect' | 'busy' | 'no-answer' | 'no-dialtone';

export interface FinalResult {
  kind: FinalKind;
  /** The line as received. */
  line: string;
  /** CME/CMS numeric code when given (or mapped from the verbose text). */
  code?: number;
  /** CME/CMS verbose text when given (or mapped from the numeric code). */
  text?: string;
}

// Plain final result codes (V.250 §5.7.1). Matched on the whole line: `OKAY` or `OK junk` is payload.
const PLAIN: ReadonlyMap<string, FinalKind> = new Map<string, FinalKind>([
  ['OK', 'ok'],
  ['ERROR', 'error'],
  ['NO CARRIER', 'no-carrier'],
  ['BUSY', 'busy'],
  ['NO ANSWER', 'no-answer'],
  ['NO DIALTONE', 'no-dialtone'],
  ['NO DIAL TONE', 'no-dialtone'],
  ['CONNECT', 'connect'],
]);

// Other firmware's words for ERROR (issue 12): SIMCom SIM800/A76xx answer an unknown command with
// `COMMAND NOT SUPPORT`; some firmware ends a failed command with `MODEM ERROR: <n>`. Both end the
// command (before, it waited for its timeout) as kind 'error', the text or number kept.
const NOT_SUPPORTED = /^COMMAND NOT SUPPORT(?:ED)?$/;
const MODEM_ERROR = /^MODEM ERROR(?::\s*(\d{1,4}))?$/;

// `CONNECT <text>` carries the rate (V.250 §6.4): still a final result.
const CONNECT_WITH_TEXT = /^CONNECT [ -~]+$/;
// `+CME ERROR: <n|text>`; nothing after the colon still ends the command (the modem is done talking).
const CME_CMS = /^\+(CME|CMS) ERROR:(.*)$/;

/**
 * Recognises a final result line (the line that ends a command's response), or returns undefined
 * for payload. Trailing blanks are ignored (some firmware pads lines); anything else is exact.
 */
export function parseFinalResult(line: string): FinalResult | undefined {
  const trimmed = line.replace(/[ \t]+$/, '');
  const plain = PLAIN.get(trimmed);
  if (plain) return { kind: plain, line };
  if (NOT_SUPPORTED.test(trimmed)) return { kind: 'error', line, text: trimmed };
  const modemError = MODEM_ERROR.exec(trimmed);
  if (modemError) return modemError[1] === undefined ? { kind: 'error', line, text: trimmed } : { kind: 'error', line, code: Number(modemError[1]), text: trimmed };
  if (CONNECT_WITH_TEXT.test(trimmed)) return { kind: 'connect', line, text: trimmed.slice('CONNECT '.length) };
  const m = CME_CMS.exec(trimmed);
  if (m) {
    const cms = m[1] === 'CMS';
    const arg = (m[2] ?? '').trim();
    const kind: FinalKind = cms ? 'cms-error' : 'cme-error';
    if (arg === '') return { kind, line };
    if (/^\d{1,4}$/.test(arg)) {
      const code = Number(arg);
      const info = (cms ? CMS_ERRORS : CME_ERRORS).get(code);
      return info ? { kind, line, code, text: info.name } : { kind, line, code };
    }
    const code = cms ? cmsCodeForText(arg) : cmeCodeForText(arg);
    return code === undefined ? { kind, line, text: arg } : { kind, line, code, text: arg };
  }
  return undefined;
}

export function isFinal(line: string): boolean {
  return parseFinalResult(line) !== undefined;
}

/** Results after which a command counts as successful (CONNECT: the port switched to data mode). */
export function isSuccess(final: FinalResult): boolean {
  return final.kind === 'ok' || final.kind === 'connect';
}

/** The action a user can take for a failed final result, when we know one. */
export function hintFor(final: FinalResult): string | undefined {
  if (final.code !== undefined) {
    const table = final.kind === 'cms-error' ? CMS_ERRORS : final.kind === 'cme-error' ? CME_ERRORS : undefined;
    const hint = table?.get(final.code)?.hint;
    if (hint) return hint;
  }
  if (final.kind === 'error' && NOT_SUPPORTED.test(final.line.trim())) return 'This modem or firmware does not support the command.';
  if (final.kind === 'error') return 'The modem answered ERROR: the command is unknown or a value was refused (AT+CMEE=2 gives details).';
  if (final.kind === 'no-carrier') return 'The connection ended or could not be made.';
  return undefined;
}

/** One-line description, e.g. `+CME ERROR 14 (SIM busy)`. */
export function describeFinal(final: FinalResult): string {
  switch (final.kind) {
    case 'cme-error':
    case 'cms-error': {
      const label = final.kind === 'cme-error' ? '+CME ERROR' : '+CMS ERROR';
      if (final.code !== undefined && final.text) return `${label} ${final.code} (${final.text})`;
      if (final.code !== undefined) return `${label} ${final.code}`;
      if (final.text) return `${label} (${final.text})`;
      return `${label} (no code given)`;
    }
    default:
      return final.line.trim();
  }
}
