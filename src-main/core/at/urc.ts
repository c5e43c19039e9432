// Unsolicited result codes (vendor manual §2, 27.007, transcripts T-9, T-13, T-32, issue 12): lines the
// modem sends on its own, possibly in the middle of a command's response. The engine asks this module
// about every non-final line; what is classified as a URC goes to URC listeners, never into the
// command's `lines`. A URC is a URC whenever it arrives: during AT+CGMM a `MISSED_CALL:` line is not
// the model name, during AT+CIMI a `+CLCC:` line is not the IMSI.
import { parseCommandLine } from './command-line.js';
import { registrationLineShape } from './commands/registration-shape.js';

/** Lines that are always unsolicited, whatever is in flight. */
const ALWAYS_BARE = new Set([
  'RDY', // boot complete
  'SMS DONE',
  'PB DONE',
  'RING',
  'CALL READY', // SIM800 family
  'SMS READY',
  'POWERED DOWN', // Quectel after AT+QPOWD
  'UNDER-VOLTAGE WARNNING', // sic: the SIM7600 firmware's spelling
  'UNDER-VOLTAGE WARNING',
  'UNDER-VOLTAGE POWER DOWN',
  'OVER-VOLTAGE WARNNING',
  'OVER-VOLTAGE WARNING',
  'OVER-VOLTAGE POWER DOWN',
  'NORMAL POWER DOWN',
  '*ATREADY: 1', // A76xx boot
]);

/**
 * Bare (no `+`) unsolicited codes with a payload: SIMCom `VOICE CALL: BEGIN` / `VOICE CALL: END: 000012`
 * and `MISSED_CALL: 11:05AM 13912345678` (SIM7500/SIM7600 manual, call URCs).
 */
const BARE_PATTERNS: readonly [RegExp, string][] = [
  [/^VOICE CALL:\s*(BEGIN|END)\b/i, 'VOICE CALL'],
  [/^MISSED_CALL:/i, 'MISSED_CALL'],
];

/**
 * Prefixes that are only ever URCs (no command answers with them). 27.007: +CMTI/+CMT/+CBM/+CDS/+CDSI
 * (27.005 §3.4.1), +CGEV (§10.1.19), +CRING/+CSSI/+CSSU (§7), +CTZV/+CTZE/+CTZEU
 * (§8.41), +CIEV (§8.10); +CLIP/+CCWA/+CUSD are owned (below). SIMCom: +RXDTMF, +SIMCARD, +CIPEVENT, +IPCLOSE, +CLOSED, +PDP,
 * +RECEIVE, ^CIEV. Quectel: +QIND, +QUSIM, +QIURC, +QMTSTAT, +QMTRECV.
 */
const ALWAYS_PREFIX = new Set([
  '+CMTI',
  '+CMT',
  '+CBM',
  '+CDS',
  '+CDSI',
  '+CGEV',
  '+CRING',
  '+CSSI',
  '+CSSU',
  '+CTZV',
  '+CTZE',
  '+CTZEU',
  '+CIEV',
  '^CIEV',
  '+RXDTMF',
  '+SIMCARD',
  '+CIPEVENT',
  '+IPCLOSE',
  '+CLOSED',
  '+PDP',
  '+RECEIVE',
  '+QIND',
  '+QUSIM',
  '+QIURC',
  '+QMTSTAT',
  '+QMTRECV',
]);

/**
 * Prefixes that are a URC unless the command in flight is the read/exec/test of the same name:
 * `+CPIN:` answers AT+CPIN? but arrives alone after boot; `+CSQ:` answers AT+CSQ but arrives alone
 * with AT+AUTOCSQ; `+NETOPEN: 0` follows the OK of AT+NETOPEN (T-13); `+CPING:` follows AT+CPING's OK (T-9);
 * `+CLCC:` answers AT+CLCC but is reported on every call state change after AT+CLCC=1; `+CPSI:` is
 * repeated with AT+CPSI=<secs>; Quectel `+QPING:` follows AT+QPING's OK.
 */
const OWNED_PREFIX = new Set([
  '+CPIN',
  '+CSQ',
  '+CREG',
  '+CGREG',
  '+CEREG',
  '+C5GREG',
  '+NETOPEN',
  '+NETCLOSE',
  '+CPING',
  '+CPSI',
  '+CNSMOD',
  '+CGATT',
  '+CLCC',
  '+QPING',
  // Answers to AT+CLIP?, AT+CCWA=<n>,2, AT+CUSD? as well as call/USSD reports (ModemManager test_ccwa_response).
  '+CLIP',
  '+CCWA',
  '+CUSD',
]);

function prefixOf(line: string): string | undefined {
  const m = /^([+*$^#][A-Z0-9_]+)\s*:/i.exec(line);
  return m?.[1]?.toUpperCase();
}

function barePattern(text: string): string | undefined {
  for (const [re, kind] of BARE_PATTERNS) if (re.test(text)) return kind;
  return undefined;
}

/** The URC kind (`+CMTI`, `RDY`...) of a line, or undefined when it belongs to the response in flight. */
export function classifyUrc(line: string, inFlight: string | undefined): string | undefined {
  const text = line.trim();
  const upper = text.toUpperCase();
  if (ALWAYS_BARE.has(upper)) return upper;
  const bare = barePattern(text);
  if (bare) return bare;
  const prefix = prefixOf(text);
  if (prefix === undefined) return inFlight === undefined ? upper : undefined;
  if (ALWAYS_PREFIX.has(prefix)) return prefix;
  if (inFlight === undefined) return prefix;
  if (!OWNED_PREFIX.has(prefix)) return undefined;
  const cmd = parseCommandLine(inFlight);
  const owns = cmd.name === prefix && cmd.form !== 'write';
  if (!owns) return prefix;
  // During AT+CREG? the URC shape (`+CREG: 1` or `+CREG: 1,"00C3","0000DAD1",7`) is a report, not
  // the answer `+CREG: <n>,<stat>,...` (report mode 2 prints it mid-answer, issue 12).
  if (cmd.form === 'read' && registrationLineShape(text)?.shape === 'urc') return prefix;
  return undefined;
}

/**
 * Kind for a line that arrives with no command in flight and is not a known URC: the prefix of
 * `+XYZ: ...` lines, else the whole line (upper-cased). Every such line is delivered, never dropped.
 */
export function kindOf(line: string): string {
  return prefixOf(line.trim()) ?? barePattern(line.trim()) ?? line.trim().toUpperCase();
}

/** True when the line is unsolicited during `command` (a shorthand for parsers cleaning a payload). */
export function isUrcDuring(line: string, command: string): boolean {
  return classifyUrc(line, command) !== undefined;
}
