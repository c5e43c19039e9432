// Telling the two shapes of a registration line apart (3GPP TS 27.007 §7.2 +CREG, §10.1.20 +CGREG,
// §10.1.22 +CEREG, §10.1.26 +C5GREG), without knowing which command is in flight:
//   read answer  `+CxREG: <n>,<stat>[,<lac|tac>,<ci>[,<AcT>...]]`
//   URC          `+CxREG: <stat>[,<lac|tac>,<ci>[,<AcT>...]]`
// With report mode 2 the modem may print its URC in the middle of the AT+CxREG? answer (issue 12):
// the URC's second field is an area code (quoted, or bare hex), never a small <stat> number, and a
// URC with one field is a URC. Pure and dependency-free so the URC classifier can use it.
import { splitFields, type Field } from './split-fields.js';

export const REGISTRATION_PREFIXES = ['+CREG', '+CGREG', '+CEREG', '+C5GREG'] as const;
export type RegistrationPrefix = (typeof REGISTRATION_PREFIXES)[number];

/** Highest <stat> of 27.007 (11: attached for access to RLOS). */
export const MAX_STAT = 11;
/** Highest <n> report mode (5: with cause and timers). */
const MAX_N = 5;

/** `002` and `2` alike (Iridium pads integers with zeros, ModemManager test-modem-helpers.c). */
export function smallInt(f: Field | undefined, max: number): number | undefined {
  if (!f || f.quoted || !/^\d{1,3}$/.test(f.value)) return undefined;
  const v = Number(f.value);
  return v <= max ? v : undefined;
}

export type RegistrationShape = 'read' | 'urc';

/**
 * 'read' for the answer shape (n first), 'urc' for the unsolicited shape, undefined when the
 * fields fit neither (not a registration line at all).
 */
export function registrationShape(fields: readonly Field[]): RegistrationShape | undefined {
  if (fields.length === 0) return undefined;
  const first = smallInt(fields[0], MAX_STAT);
  if (first === undefined) return undefined;
  if (fields.length === 1) return 'urc';
  const second = fields[1] as Field;
  // An empty second field is an omitted <lac> (`+CREG: 2,,` Novatel XU870): a URC.
  if (second.value === '') return 'urc';
  if (first <= MAX_N && smallInt(second, MAX_STAT) !== undefined) return 'read';
  return 'urc';
}

/** Shape of a whole `+CxREG: ...` line, or undefined when it is no registration line. */
export function registrationLineShape(line: string): { prefix: RegistrationPrefix; shape: RegistrationShape; fields: Field[] } | undefined {
  const m = /^\s*(\+C(?:5G|G|E)?REG)\s*:(.*)$/i.exec(line);
  if (!m) return undefined;
  const prefix = (m[1] as string).toUpperCase() as RegistrationPrefix;
  const fields = splitFields((m[2] as string).trim());
  const shape = registrationShape(fields);
  return shape ? { prefix, shape, fields } : undefined;
}
