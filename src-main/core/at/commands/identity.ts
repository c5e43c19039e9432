// Identification commands (27.007 §5, V.250 §6.1.3, SIMCom manual §3): ATI, +CGMI, +CGMM,
// +CGMR, +CGSN, +CIMI, +CICCID. A PID is not a model (sim7600.md §1): CGMM/ATI tell them apart.
import { afterPrefix, bareValue, parseError } from './fields.js';

export interface AtiInfo {
  manufacturer?: string;
  model?: string;
  revision?: string;
  imei?: string;
  /** +GCAP capabilities, e.g. ['+CGSM']. */
  capabilities: string[];
}

/** ATI on SIMCom: `Manufacturer:`, `Model:`, `Revision:`, `IMEI:`, `+GCAP:` lines (T-13). */
export function parseAtiExec(lines: readonly string[]): AtiInfo {
  const info: AtiInfo = { capabilities: [] };
  for (const raw of lines) {
    const line = raw.trim();
    const gcap = afterPrefix(line, '+GCAP');
    if (gcap !== undefined) {
      info.capabilities.push(...gcap.split(',').map((s) => s.trim()).filter(Boolean));
      continue;
    }
    const m = /^(Manufacturer|Model|Revision|IMEI)\s*:\s*(.*)$/i.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').toLowerCase() as 'manufacturer' | 'model' | 'revision' | 'imei';
    info[key] = (m[2] ?? '').trim();
  }
  if (info.model === undefined && info.manufacturer === undefined) {
    // Other vendors answer ATI with bare lines (Quectel: `Quectel`, `EC25`, `Revision: ...`).
    const bare = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.includes(':'));
    if (bare.length >= 2) {
      info.manufacturer = bare[0];
      info.model = bare[1];
    } else {
      throw parseError('ATI', 'no Manufacturer/Model lines', lines);
    }
  }
  return info;
}

export function parseCgmiExec(lines: readonly string[]): string {
  return bareValue('AT+CGMI', lines, '+CGMI');
}

/** `SIMCOM_SIM7600G-H` (bare line). */
export function parseCgmmExec(lines: readonly string[]): string {
  return bareValue('AT+CGMM', lines, '+CGMM');
}

/** `+CGMR: LE20B04SIM7600G22` on SIMCom, bare elsewhere. */
export function parseCgmrExec(lines: readonly string[]): string {
  return bareValue('AT+CGMR', lines, '+CGMR');
}

/** IMEI (15 digits) or IMEISV (16 digits), bare. */
export function parseCgsnExec(lines: readonly string[]): string {
  const value = bareValue('AT+CGSN', lines, '+CGSN');
  if (!/^\d{15,16}$/.test(value)) throw parseError('AT+CGSN', 'not a 15-digit IMEI', lines);
  return value;
}

/** IMSI: MCC (3) + MNC (2-3) + MSIN, at most 15 digits (TS 23.003 §2.2). */
export function parseCimiExec(lines: readonly string[]): string {
  const value = bareValue('AT+CIMI', lines, '+CIMI');
  if (!/^\d{6,15}$/.test(value)) throw parseError('AT+CIMI', 'not an IMSI (6 to 15 digits)', lines);
  return value;
}

/** `+ICCID: 8986...` (ITU-T E.118: up to 20 digits; some SIMs report hex letters or a trailing F). */
export function parseCiccidExec(lines: readonly string[]): string {
  const value = bareValue('AT+CICCID', lines, '+ICCID');
  if (!/^[0-9A-Fa-f]{18,22}$/.test(value)) throw parseError('AT+CICCID', 'not an ICCID', lines);
  return value.toUpperCase();
}

export interface Iccid {
  /** The ICCID digits as printed on the card: quotes, blanks and the padding F removed, nibbles unswapped. */
  iccid: string;
  /**
   * ITU-T E.118 check digit (Luhn over all digits): 'ok', 'bad' (flagged, do not take it as the SIM's
   * identity), or 'not-applicable' when the ICCID carries hex digits (some Chinese operators' cards).
   */
  luhn: 'ok' | 'bad' | 'not-applicable';
}

/** Luhn (ISO/IEC 7812-1 annex B) over a digit string whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * One ICCID value as modems print it (AT+CICCID `+ICCID:`, Quectel AT+QCCID `+QCCID:`, AT+CCID
 * `+CCID:`, or bare; issue 12): quoted or not, 19 or 20 digits, padded with a trailing `F`, or in
 * the nibble-swapped EF_ICCID order (`98...`, ModemManager test-modem-helpers.c). The industry
 * identifier 89 (telecom) starts every ICCID. undefined when the value is no ICCID at all.
 */
export function parseIccid(raw: string): Iccid | undefined {
  let v = raw.trim().replace(/^"(.*)"$/, '$1').replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-F]{18,20}$/.test(v)) return undefined;
  // EF_ICCID is BCD with swapped nibbles: "98..." is "89..." read raw from the SIM.
  if (v.startsWith('98') && v.length === 20) v = v.replace(/(.)(.)/g, '$2$1');
  v = v.replace(/F+$/, '');
  if (!v.startsWith('89') || v.length < 18 || v.length > 20) return undefined;
  if (!/^\d+$/.test(v)) return { iccid: v, luhn: 'not-applicable' };
  return { iccid: v, luhn: luhnValid(v) ? 'ok' : 'bad' };
}

/** The ICCID from an AT+CICCID / AT+QCCID / AT+CCID answer (the first line that carries one). */
export function parseIccidAnswer(lines: readonly string[]): Iccid {
  for (const line of lines) {
    const value = line.trim().replace(/^\+(?:ICCID|QCCID|CCID|CICCID)\s*:\s*/i, '');
    const found = parseIccid(value);
    if (found) return found;
  }
  throw parseError('AT+CICCID', 'no ICCID', lines);
}
