// Network registration (27.007 §7.2 +CREG, §10.1.20 +CGREG, §10.1.22 +CEREG, §10.1.26 +C5GREG)
// and operator (§7.3 +COPS). Every form (issue 12): the read answer `<n>,<stat>[,...]` and the URC
// `<stat>[,...]`, report modes n = 0..5 (area, cell, AcT, RAC, cause type, reject cause, active time,
// periodic timer), quoted and bare hex, padded integers and stray spaces (ModemManager
// test-modem-helpers.c). A URC found among the answer lines is never taken as the answer.
import { intField, optionalInt, parseError, prefixedLines, singlePrefixed, type Field } from './fields.js';
import { MAX_STAT, registrationLineShape, registrationShape, smallInt } from './registration-shape.js';

export type RegistrationState =
  | 'not-searching'
  | 'home'
  | 'searching'
  | 'denied'
  | 'unknown'
  | 'roaming'
  | 'sms-only-home'
  | 'sms-only-roaming'
  | 'emergency-only'
  | 'csfb-not-preferred-home'
  | 'csfb-not-preferred-roaming'
  | 'rlos-only';

/** <stat> codes 0..11 (27.007 §7.2 / §10.1.22). */
export const REGISTRATION_STATES: readonly RegistrationState[] = [
  'not-searching',
  'home',
  'searching',
  'denied',
  'unknown',
  'roaming',
  'sms-only-home',
  'sms-only-roaming',
  'emergency-only',
  'csfb-not-preferred-home',
  'csfb-not-preferred-roaming',
  'rlos-only',
];

/** Registered with the network: home or roaming, also SMS-only and "CSFB not preferred" (6, 7, 9, 10). */
export const REGISTERED_STATS: readonly number[] = [1, 5, 6, 7, 9, 10];

/** What a registration line tells, whichever its shape. */
export interface RegistrationReport {
  stat: number;
  state: RegistrationState;
  /** True for home or roaming (incl. SMS-only and CSFB-not-preferred variants). */
  registered: boolean;
  /** LAC (CREG/CGREG) or TAC (CEREG/C5GREG), hex as sent (quotes and blanks removed), when n ≥ 2. */
  area?: string;
  cellId?: string;
  /** Access technology (7 = E-UTRAN, 11 = NR 5GCN, 13 = NG-RAN). */
  act?: number;
  /** Routing area code (CGREG n ≥ 2). */
  rac?: string;
  /** n = 3/5: <cause_type> and <reject_cause> (§7.2: 0 = EMM cause, 1 = manufacturer-specific). */
  causeType?: number;
  rejectCause?: number;
  /** n = 4/5 (CEREG/CGREG): requested active time and periodic TAU/RAU, 8-bit strings as sent. */
  activeTime?: string;
  periodicTimer?: string;
}

export interface Registration extends RegistrationReport {
  /** URC mode set with AT+CxREG=<n>. */
  n: number;
}

export type RegistrationKind = 'creg' | 'cgreg' | 'cereg' | 'c5greg';
export const REGISTRATION_KINDS: readonly RegistrationKind[] = ['creg', 'cgreg', 'cereg', 'c5greg'];

/** An area or cell id: quotes and stray blanks removed (`"CE00"`, ` 1F00`, `  0 5`). */
function hexOf(f: Field | undefined): string | undefined {
  const v = f?.value.replace(/\s+/g, '');
  return v ? v : undefined;
}

/** AcT 0..13 (27.007 §7.3); anything else is not an AcT. */
function actOf(f: Field | undefined): number | undefined {
  return smallInt(f, 13);
}

/**
 * Fields after <stat>: <area>,<ci>[,<AcT>[,...]] with the per-command extras. Novatel E362 puts an
 * extra field between area and cell (ModemManager test-modem-helpers.c): when the third field is no
 * AcT but the fourth is, the second is that extra.
 */
function tail(kind: RegistrationKind, rest: readonly Field[], out: RegistrationReport): void {
  if (rest.length === 0) return;
  let fields = [...rest];
  if (fields.length >= 4 && actOf(fields[2]) === undefined && actOf(fields[3]) !== undefined && !fields[2]?.quoted) fields = [fields[0] as Field, ...fields.slice(2)];
  const area = hexOf(fields[0]);
  const cell = hexOf(fields[1]);
  if (area) out.area = area;
  if (cell) out.cellId = cell;
  const act = actOf(fields[2]);
  if (act !== undefined) out.act = act;
  let extra = fields.slice(3);
  if (kind === 'cgreg') {
    const rac = hexOf(extra[0]);
    if (rac) out.rac = rac;
    extra = extra.slice(1);
  } else if (kind === 'c5greg') {
    extra = extra.slice(2); // <Allowed_NSSAI_length>,<Allowed_NSSAI>
  }
  const causeType = optionalInt(extra, 0);
  const rejectCause = optionalInt(extra, 1);
  if (causeType !== undefined) out.causeType = causeType;
  if (rejectCause !== undefined) out.rejectCause = rejectCause;
  const activeTime = hexOf(extra[2]);
  const periodic = hexOf(extra[3]);
  if (activeTime) out.activeTime = activeTime;
  if (periodic) out.periodicTimer = periodic;
}

function report(kind: RegistrationKind, stat: number, rest: readonly Field[]): RegistrationReport {
  const r: RegistrationReport = { stat, state: REGISTRATION_STATES[stat] as RegistrationState, registered: REGISTERED_STATS.includes(stat) };
  tail(kind, rest, r);
  return r;
}

function parseRegistrationRead(kind: RegistrationKind, lines: readonly string[]): Registration {
  const prefix = `+${kind.toUpperCase()}`;
  const command = `AT${prefix}?`;
  // The answer is the line of read shape; URC-shaped lines of the same prefix are reports (issue 12).
  const candidates = prefixedLines(lines, prefix);
  const fields = candidates.find((f) => registrationShape(f) === 'read') ?? candidates[0];
  if (!fields) throw parseError(command, `no ${prefix}: line`, lines);
  if (fields.length < 2) throw parseError(command, 'expected <n>,<stat>', lines);
  const n = intField(command, fields, 0, lines, 'n');
  const stat = intField(command, fields, 1, lines, 'stat');
  if (stat < 0 || stat > MAX_STAT) throw parseError(command, 'stat out of range', lines);
  return { n, ...report(kind, stat, fields.slice(2)) };
}

/** `+CREG: 0,1` (T-9). */
export function parseCregRead(lines: readonly string[]): Registration {
  return parseRegistrationRead('creg', lines);
}

/** `+CGREG: 0,2` (T-13). */
export function parseCgregRead(lines: readonly string[]): Registration {
  return parseRegistrationRead('cgreg', lines);
}

/** `+CEREG: 0,1` (T-9). */
export function parseCeregRead(lines: readonly string[]): Registration {
  return parseRegistrationRead('cereg', lines);
}

/** `+C5GREG: 2,1,1F00,79D903,11,6,ABCDEF` (27.007 §10.1.26). */
export function parseC5gregRead(lines: readonly string[]): Registration {
  return parseRegistrationRead('c5greg', lines);
}

export function parseRegistration(kind: RegistrationKind, lines: readonly string[]): Registration {
  return parseRegistrationRead(kind, lines);
}

/** A registration URC (`+CEREG: 1,"1F00","79D903",7`), or undefined when the line is no such URC. */
export function parseRegistrationUrc(line: string): (RegistrationReport & { kind: RegistrationKind }) | undefined {
  const found = registrationLineShape(line);
  if (!found || found.shape !== 'urc') return undefined;
  const kind = found.prefix.slice(1).toLowerCase() as RegistrationKind;
  const stat = smallInt(found.fields[0], MAX_STAT) as number;
  return { kind, ...report(kind, stat, found.fields.slice(1)) };
}

export interface Operator {
  /** 0 automatic, 1 manual, 2 deregistered, 3 format only, 4 manual/automatic. */
  mode: number;
  format?: number;
  /** Name or numeric MCCMNC, depending on format; absent when not registered (`+COPS: 2` / `+COPS: 0`). */
  name?: string;
  /** Access technology: 0 GSM, 2 UTRAN, 7 E-UTRAN... */
  act?: number;
}

/** `+COPS: <mode>[,<format>,"<oper>"[,<AcT>]]` (T-9: `+COPS: 0,0,"Mint",7`). */
export function parseCopsRead(lines: readonly string[]): Operator {
  const C = 'AT+COPS?';
  const fields = singlePrefixed(C, lines, '+COPS');
  const mode = intField(C, fields, 0, lines, 'mode');
  if (mode < 0 || mode > 4) throw parseError(C, 'mode out of range', lines);
  const op: Operator = { mode };
  if (fields.length === 1) return op;
  if (fields.length < 3) throw parseError(C, 'expected <mode>,<format>,<oper>', lines);
  op.format = intField(C, fields, 1, lines, 'format');
  op.name = fields[2]?.value ?? '';
  const act = optionalInt(fields, 3);
  if (act !== undefined) op.act = act;
  return op;
}
