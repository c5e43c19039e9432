// Signal and serving cell: AT+CSQ (27.007 §8.5) and SIMCom's AT+CPSI? (manual §4). Quectel's
// AT+QENG="servingcell" reads into the same shapes (./qeng.ts).
import { intField, parseError, singlePrefixed, splitFields, afterPrefix } from './fields.js';

export interface SignalQuality {
  rssi: number;
  ber: number;
  /** Received level in dBm; undefined when the modem does not know (99, 199). */
  dbm: number | undefined;
  /** 'gsm-lte' for 0-31 (RSSI), 'td-scdma' for 100-191 (RSCP). */
  scale: 'gsm-lte' | 'td-scdma' | 'unknown';
}

/** `+CSQ: <rssi>,<ber>`: 0-31 → −113 + 2·rssi dBm, 99 unknown; 100-191 → rssi − 216 dBm (TD-SCDMA), 199 unknown. */
export function parseCsqExec(lines: readonly string[]): SignalQuality {
  const fields = singlePrefixed('AT+CSQ', lines, '+CSQ');
  if (fields.length !== 2) throw parseError('AT+CSQ', 'expected <rssi>,<ber>', lines);
  const rssi = intField('AT+CSQ', fields, 0, lines, 'rssi');
  const ber = intField('AT+CSQ', fields, 1, lines, 'ber');
  if (!((rssi >= 0 && rssi <= 31) || rssi === 99 || (rssi >= 100 && rssi <= 191) || rssi === 199)) throw parseError('AT+CSQ', 'rssi out of range', lines);
  if (!((ber >= 0 && ber <= 7) || ber === 99)) throw parseError('AT+CSQ', 'ber out of range', lines);
  return { rssi, ber, ...csqToDbm(rssi) };
}

export function csqToDbm(rssi: number): Pick<SignalQuality, 'dbm' | 'scale'> {
  if (rssi >= 0 && rssi <= 31) return { dbm: -113 + 2 * rssi, scale: 'gsm-lte' };
  if (rssi >= 100 && rssi <= 191) return { dbm: rssi - 216, scale: 'td-scdma' };
  return { dbm: undefined, scale: 'unknown' };
}

export interface CpsiLte {
  system: 'LTE';
  operationMode: string;
  mcc: string;
  mnc: string;
  tac: number;
  cellId: number;
  physicalCellId: number;
  band: string;
  earfcn: number;
  dlBandwidth: number;
  ulBandwidth: number;
  /** dB (the modem reports tenths). */
  rsrq: number;
  /** dBm (the modem reports tenths). */
  rsrp: number;
  /** dBm (the modem reports tenths). */
  rssi: number;
  rssnr: number;
  /** The NR leg of an EN-DC (NSA) connection, when the modem reports one (Quectel AT+QENG). */
  nr?: { physicalCellId: number | null; rsrp: number; sinr: number | null; rsrq: number | null; arfcn: number | null; band: string | null } | undefined;
}

/** A 5G standalone cell (Quectel AT+QENG="servingcell" NR5G-SA). */
export interface NrCell {
  system: 'NR5G-SA';
  operationMode: string;
  mcc: string;
  mnc: string;
  tac: number;
  cellId: number;
  physicalCellId: number;
  arfcn: number;
  band: string;
  /** dBm. */
  rsrp: number;
  /** dB. */
  rsrq: number;
  /** SINR in dB (named as AT+CPSI?'s LTE field, so samples read both alike). */
  rssnr: number;
}

export interface CpsiWcdma {
  system: 'WCDMA';
  operationMode: string;
  mcc: string;
  mnc: string;
  lac: number;
  cellId: number;
  band: string;
  psc: number;
  frequency: number;
  /** AT+CPSI? only (AT+QENG does not report them). */
  ssc?: number;
  ecio: number;
  rscp: number;
  qual?: number;
  rxlev?: number;
  txpwr?: number;
}

export interface CpsiGsm {
  system: 'GSM';
  operationMode: string;
  mcc: string;
  mnc: string;
  lac: number;
  cellId: number;
  arfcn: string;
  rxlev: number;
}

export interface CpsiNoService {
  system: 'NO SERVICE';
  operationMode: string;
}

/** Systems we do not model field by field (CDMA, EVDO, TDS-CDMA...). */
export interface CpsiOther {
  system: string;
  operationMode: string;
  fields: string[];
}

export type ServingCell = CpsiLte | NrCell | CpsiWcdma | CpsiGsm | CpsiNoService | CpsiOther;

function num(command: string, value: string | undefined, lines: readonly string[], name: string, radix = 10): number {
  if (value === undefined) throw parseError(command, `missing ${name}`, lines);
  const v = value.trim();
  const n = radix === 16 || /^0x/i.test(v) ? Number.parseInt(v.replace(/^0x/i, ''), 16) : Number(v);
  if (v === '' || !Number.isFinite(n)) throw parseError(command, `${name} is not a number`, lines);
  return n;
}

function plmn(value: string | undefined, lines: readonly string[]): { mcc: string; mnc: string } {
  const m = /^(\d{3})-(\d{2,3})$/.exec(value ?? '');
  if (!m) throw parseError('AT+CPSI?', 'MCC-MNC not recognised', lines);
  return { mcc: m[1] as string, mnc: m[2] as string };
}

/**
 * `+CPSI: <system>,<operation mode>,...` — the field list depends on the system (SIMCom manual,
 * AT+CPSI). A line ending in a comma continues on the next line (seen in the manual's PDF, T-37).
 */
export function parseCpsiRead(lines: readonly string[]): ServingCell {
  const C = 'AT+CPSI?';
  const start = lines.findIndex((l) => afterPrefix(l, '+CPSI') !== undefined);
  if (start < 0) throw parseError(C, 'no +CPSI: line', lines);
  let text = afterPrefix(lines[start] as string, '+CPSI') as string;
  for (let i = start + 1; i < lines.length && text.endsWith(','); i++) text += (lines[i] as string).trim();
  const f = splitFields(text).map((x) => x.value);
  const system = (f[0] ?? '').toUpperCase();
  const operationMode = f[1] ?? '';
  if (system === '' || operationMode === '') throw parseError(C, 'missing system or operation mode', lines);
  if (system === 'NO SERVICE') return { system: 'NO SERVICE', operationMode };
  if (system === 'LTE') {
    if (f.length < 14) throw parseError(C, 'LTE needs 14 fields', lines);
    return {
      system: 'LTE',
      operationMode,
      ...plmn(f[2], lines),
      tac: num(C, f[3], lines, 'TAC', 16),
      cellId: num(C, f[4], lines, 'cell id'),
      physicalCellId: num(C, f[5], lines, 'PCI'),
      band: f[6] ?? '',
      earfcn: num(C, f[7], lines, 'EARFCN'),
      dlBandwidth: num(C, f[8], lines, 'DL bandwidth'),
      ulBandwidth: num(C, f[9], lines, 'UL bandwidth'),
      rsrq: num(C, f[10], lines, 'RSRQ') / 10,
      rsrp: num(C, f[11], lines, 'RSRP') / 10,
      rssi: num(C, f[12], lines, 'RSSI') / 10,
      rssnr: num(C, f[13], lines, 'RSSNR'),
    };
  }
  if (system === 'WCDMA') {
    if (f.length < 14) throw parseError(C, 'WCDMA needs 14 fields', lines);
    return {
      system: 'WCDMA',
      operationMode,
      ...plmn(f[2], lines),
      lac: num(C, f[3], lines, 'LAC', 16),
      cellId: num(C, f[4], lines, 'cell id'),
      band: f[5] ?? '',
      psc: num(C, f[6], lines, 'PSC'),
      frequency: num(C, f[7], lines, 'frequency'),
      ssc: num(C, f[8], lines, 'SSC'),
      ecio: num(C, f[9], lines, 'EC/IO'),
      rscp: num(C, f[10], lines, 'RSCP'),
      qual: num(C, f[11], lines, 'Qual'),
      rxlev: num(C, f[12], lines, 'RxLev'),
      txpwr: num(C, f[13], lines, 'TXPWR'),
    };
  }
  if (system === 'GSM') {
    if (f.length < 7) throw parseError(C, 'GSM needs at least 7 fields', lines);
    return {
      system: 'GSM',
      operationMode,
      ...plmn(f[2], lines),
      lac: num(C, f[3], lines, 'LAC', 16),
      cellId: num(C, f[4], lines, 'cell id'),
      arfcn: f[5] ?? '',
      rxlev: num(C, f[6], lines, 'RxLev'),
    };
  }
  return { system, operationMode, fields: f.slice(2) };
}
