// SIM PIN / PUK tries left (issue 14 "SIM PIN dialog"): three vendor dialects of one question.
// - SIMCom `AT+SPIC` (SIM7500/SIM7600 AT manual, "Times remain to input SIM PIN/PUK"):
//   `+SPIC: <pin1>,<puk1>,<pin2>,<puk2>`; some older firmware prints only `<pin1>`.
// - Quectel `AT+QPINC="SC"` (EC25/BG95 AT manuals, "Display PIN remainder counter"):
//   `+QPINC: "SC",<pin>,<puk>`; the read form lists "SC" and "P2" lines.
// - 3GPP `AT+CPINR="SIM*"` (27.007 §8.65): `+CPINR: <code>,<retries>[,<default retries>]`, one line per code.
// Pure: each returns the counters of PIN1/PUK1 (what the SIM lock is about) or throws a parse error.
import { parseError, prefixedLines, type Field } from './fields.js';

export interface PinTries {
  /** PIN1 tries before the SIM asks for its PUK. */
  pin: number;
  /** PUK1 tries before the SIM is blocked for good; undefined when the answer did not say. */
  puk?: number;
}

/** The commands, in the order a vendor is asked (the first that answers wins). */
export const PIN_TRIES_COMMANDS = {
  simcom: ['AT+SPIC', 'AT+CPINR="SIM*"'],
  quectel: ['AT+QPINC="SC"', 'AT+CPINR="SIM*"'],
  other: ['AT+CPINR="SIM*"', 'AT+SPIC', 'AT+QPINC="SC"'],
} as const;

const count = (f: Field | undefined): number | undefined => (f && /^\d{1,3}$/.test(f.value) ? Number(f.value) : undefined);

/** `+SPIC: 3,10,0,10` → { pin: 3, puk: 10 }; `+SPIC: 2` → { pin: 2 }. */
export function parseSpicExec(lines: readonly string[]): PinTries {
  const fields = prefixedLines(lines, '+SPIC')[0];
  const pin = count(fields?.[0]);
  if (!fields || pin === undefined || (fields.length !== 1 && fields.length !== 4)) throw parseError('AT+SPIC', 'expected +SPIC: <pin1>[,<puk1>,<pin2>,<puk2>]', lines);
  const puk = count(fields[1]);
  if (fields.length === 4 && puk === undefined) throw parseError('AT+SPIC', 'PUK counter is not a number', lines);
  return puk === undefined ? { pin } : { pin, puk };
}

/** `+QPINC: "SC",3,10` (write or read form; the "P2" line of PIN2 is ignored). */
export function parseQpincWrite(lines: readonly string[]): PinTries {
  const sc = prefixedLines(lines, '+QPINC').find((f) => f[0]?.value.toUpperCase() === 'SC');
  const pin = count(sc?.[1]);
  const puk = count(sc?.[2]);
  if (!sc || pin === undefined || puk === undefined) throw parseError('AT+QPINC="SC"', 'expected +QPINC: "SC",<pin>,<puk>', lines);
  return { pin, puk };
}

/** `+CPINR: SIM PIN,3,3` and `+CPINR: SIM PUK,10,10` (codes quoted or not; PIN2/PUK2 lines ignored). */
export function parseCpinrExec(lines: readonly string[]): PinTries {
  let pin: number | undefined;
  let puk: number | undefined;
  for (const f of prefixedLines(lines, '+CPINR')) {
    const code = f[0]?.value.toUpperCase().replace(/\s+/g, ' ');
    if (code === 'SIM PIN') pin = count(f[1]);
    else if (code === 'SIM PUK') puk = count(f[1]);
  }
  if (pin === undefined) throw parseError('AT+CPINR', 'no SIM PIN counter', lines);
  return puk === undefined ? { pin } : { pin, puk };
}

/** The parser of each command of PIN_TRIES_COMMANDS. */
export function pinTriesParser(command: string): (lines: readonly string[]) => PinTries {
  if (command.startsWith('AT+SPIC')) return parseSpicExec;
  if (command.startsWith('AT+QPINC')) return parseQpincWrite;
  return parseCpinrExec;
}
