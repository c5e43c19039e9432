// Network registration (27.007 §7.2 +CREG, §10.1.20 +CGREG, §10.1.22 +CEREG) and operator (§7.3 +COPS).
import { intField, optionalInt, parseError, singlePrefixed } from './fields.js';

export type RegistrationState = 'not-searching' | 'home' | 'searching' | 'denied' | 'unknown' | 'roaming' | 'sms-only-home' | 'sms-only-roaming' | 'emergency-only';

/** <stat> codes 0..8 (27.007 §7.2). */
export const REGISTRATION_STATES: readonly RegistrationState[] = ['not-searching', 'home', 'searching', 'denied', 'unknown', 'roaming', 'sms-only-home', 'sms-only-roaming', 'emergency-only'];

export interface Registration {
  /** URC mode set with AT+CxREG=<n>. */
  n: number;
  stat: number;
  state: RegistrationState;
  /** True for home or roaming (incl. SMS-only variants). */
  registered: boolean;
  /** LAC (CREG/CGREG) or TAC (CEREG), hex as sent, when n ≥ 2. */
  area?: string;
  cellId?: string;
  /** Access technology (7 = E-UTRAN). */
  act?: number;
}

export type RegistrationKind = 'creg' | 'cgreg' | 'cereg';

function parseRegistrationRead(kind: RegistrationKind, lines: readonly string[]): Registration {
  const prefix = `+${kind.toUpperCase()}`;
  const command = `AT${prefix}?`;
  const fields = singlePrefixed(command, lines, prefix);
  if (fields.length < 2) throw parseError(command, 'expected <n>,<stat>', lines);
  const n = intField(command, fields, 0, lines, 'n');
  const stat = intField(command, fields, 1, lines, 'stat');
  const state = REGISTRATION_STATES[stat];
  if (state === undefined) throw parseError(command, 'stat out of range', lines);
  const reg: Registration = { n, stat, state, registered: stat === 1 || stat === 5 || stat === 6 || stat === 7 };
  if (fields[2]?.value) reg.area = fields[2].value;
  if (fields[3]?.value) reg.cellId = fields[3].value;
  const act = optionalInt(fields, 4);
  if (act !== undefined) reg.act = act;
  return reg;
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

export function parseRegistration(kind: RegistrationKind, lines: readonly string[]): Registration {
  return parseRegistrationRead(kind, lines);
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
