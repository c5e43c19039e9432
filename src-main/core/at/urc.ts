// Unsolicited result codes (vendor manual §2 and transcripts T-9, T-13, T-32): lines the modem
// sends on its own, possibly in the middle of a command's response. The engine asks this module
// about every non-final line; what is classified as a URC goes to URC listeners, never into the
// command's `lines`.
import { parseCommandLine } from './command-line.js';

/** Lines that are always unsolicited, whatever is in flight. */
const ALWAYS_BARE = new Set([
  'RDY', // boot complete
  'SMS DONE',
  'PB DONE',
  'RING',
  'UNDER-VOLTAGE WARNNING', // sic: the SIM7600 firmware's spelling
  'UNDER-VOLTAGE WARNING',
  'UNDER-VOLTAGE POWER DOWN',
  'OVER-VOLTAGE WARNNING',
  'OVER-VOLTAGE WARNING',
  'OVER-VOLTAGE POWER DOWN',
  'NORMAL POWER DOWN',
  '*ATREADY: 1',
]);

/** Prefixes that are only ever URCs (no command answers with them). */
const ALWAYS_PREFIX = new Set(['+CMTI', '+CDSI', '+CGEV', '+CLIP', '+CRING', '+CTZV', '+CTZE', '+CUSD', '+CIPEVENT', '+CLOSED', '+PDP']);

/**
 * Prefixes that are a URC unless the command in flight is the read/exec/test of the same name:
 * `+CPIN:` answers AT+CPIN? but arrives alone after boot; `+CSQ:` answers AT+CSQ but arrives alone
 * with AT+AUTOCSQ; `+NETOPEN: 0` follows the OK of AT+NETOPEN (T-13); `+CPING:` follows AT+CPING's OK (T-9).
 */
const OWNED_PREFIX = new Set(['+CPIN', '+CSQ', '+CREG', '+CGREG', '+CEREG', '+C5GREG', '+NETOPEN', '+NETCLOSE', '+CPING', '+CPSI', '+CNSMOD', '+CGATT']);

/** Registration URCs carry `<stat>[,<lac>,<ci>[,<AcT>]]`; the read answer starts with `<n>,<stat>`. */
const REGISTRATION = new Set(['+CREG', '+CGREG', '+CEREG', '+C5GREG']);

function prefixOf(line: string): string | undefined {
  const m = /^([+*$^#][A-Z0-9_]+):/i.exec(line);
  return m?.[1]?.toUpperCase();
}

/** The URC kind (`+CMTI`, `RDY`...) of a line, or undefined when it belongs to the response in flight. */
export function classifyUrc(line: string, inFlight: string | undefined): string | undefined {
  const text = line.trim();
  const upper = text.toUpperCase();
  if (ALWAYS_BARE.has(upper)) return upper;
  const prefix = prefixOf(text);
  if (prefix === undefined) return inFlight === undefined ? upper : undefined;
  if (ALWAYS_PREFIX.has(prefix)) return prefix;
  if (inFlight === undefined) return prefix;
  if (!OWNED_PREFIX.has(prefix)) return undefined;
  const cmd = parseCommandLine(inFlight);
  const owns = cmd.name === prefix && cmd.form !== 'write';
  if (!owns) return prefix;
  // During AT+CREG? a 1-field `+CREG: 1` can only be a URC (the read form has at least <n>,<stat>).
  if (REGISTRATION.has(prefix) && cmd.form === 'read' && !text.includes(',')) return prefix;
  return undefined;
}

/**
 * Kind for a line that arrives with no command in flight and is not a known URC: the prefix of
 * `+XYZ: ...` lines, else the whole line (upper-cased). Every such line is delivered, never dropped.
 */
export function kindOf(line: string): string {
  return prefixOf(line.trim()) ?? line.trim().toUpperCase();
}
