// What identifies a SIM to an APN database beyond its IMSI (issue 13): the service provider name
// (AT+CSPN?, SIMCom/Quectel), and transparent SIM files read with AT+CRSM (27.007 §8.18):
// EF_GID1 (group identifier 1, what Android matches MVNOs on), EF_AD (administrative data, whose
// 4th byte says whether the IMSI's MNC has 2 or 3 digits) and EF_SPN (fallback for the name).
// Pure builders and parsers, plus masking for display (IMSI/ICCID keep their last 4 digits).
import { AtError } from '../errors.js';
import { afterPrefix, parseError, singlePrefixed, splitFields } from './fields.js';

/** File ids (decimal, as AT+CRSM takes them): 3GPP TS 31.102 §4.2 / TS 51.011 §10.3. */
export const EF_GID1 = 0x6f3e; // 28478
export const EF_AD = 0x6fad; // 28589
export const EF_SPN = 0x6f46; // 28486

/** 27.007 §8.18 <command> 176: READ BINARY of a transparent file. */
export const CRSM_READ_BINARY = 176;

export interface ServiceProviderName {
  /** EF_SPN as the module decodes it; '' when the SIM has none. */
  spn: string;
  /** SIMCom <display mode>: 0 do not show the registered PLMN, 1 show it. */
  displayMode: number | undefined;
}

/** `+CSPN: "T-Mobile",0` (SIMCom manual AT+CSPN). An empty name is '' (some SIMs carry none). */
export function parseCspnRead(lines: readonly string[]): ServiceProviderName {
  const fields = singlePrefixed('AT+CSPN?', lines, '+CSPN');
  const name = fields[0];
  if (!name?.quoted) throw parseError('AT+CSPN?', 'the name is not a quoted string', lines);
  const mode = fields[1]?.value;
  return { spn: name.value.trim(), displayMode: mode !== undefined && /^\d+$/.test(mode) ? Number(mode) : undefined };
}

export interface CrsmResult {
  sw1: number;
  sw2: number;
  /** Response data, upper-case hex ('' when the SIM sent none, e.g. `+CRSM: 106,130`). */
  data: string;
}

/** AT+CRSM=176,<fileid>,0,0,<length>: length 0 reads the whole file (what ModemManager sends for EF_GID1). */
export function buildCrsmReadBinary(fileId: number, length = 0): string {
  if (!Number.isInteger(fileId) || fileId < 0 || fileId > 0xffff) {
    throw new AtError('invalid-argument', `fileId: must be a whole number from 0 to 65535 (got ${String(fileId)})`, undefined, undefined, 'fileId');
  }
  if (!Number.isInteger(length) || length < 0 || length > 255) {
    throw new AtError('invalid-argument', `length: must be a whole number from 0 to 255 (got ${String(length)})`, undefined, undefined, 'length');
  }
  return `AT+CRSM=${CRSM_READ_BINARY},${fileId},0,0,${length}`;
}

/**
 * `+CRSM: <sw1>,<sw2>[,<response>]`. The response may be quoted or not and spaces may follow the
 * commas (ModemManager's test table shows all four forms). Parse error on anything else.
 */
export function parseCrsmWrite(lines: readonly string[]): CrsmResult {
  const line = lines.find((l) => afterPrefix(l, '+CRSM') !== undefined);
  const rest = line === undefined ? undefined : afterPrefix(line, '+CRSM');
  if (rest === undefined) throw parseError('AT+CRSM', 'no +CRSM: line', lines);
  const fields = splitFields(rest);
  const [sw1, sw2, data] = [fields[0]?.value ?? '', fields[1]?.value ?? '', (fields[2]?.value ?? '').replace(/\s+/g, '')];
  if (!/^\d{1,3}$/.test(sw1) || !/^\d{1,3}$/.test(sw2) || Number(sw1) > 255 || Number(sw2) > 255) throw parseError('AT+CRSM', 'sw1/sw2 are not bytes', lines);
  if (fields.length > 3 || !/^(?:[0-9A-Fa-f]{2})*$/.test(data)) throw parseError('AT+CRSM', 'the response is not hex bytes', lines);
  return { sw1: Number(sw1), sw2: Number(sw2), data: data.toUpperCase() };
}

/** The SIM ran the command: 90 00 (normal end), 91 xx / 92 xx (ok, with extra information), 9F xx (ok, data waiting) — TS 51.011 §9.4. */
export function crsmSucceeded(r: CrsmResult): boolean {
  return (r.sw1 === 0x90 && r.sw2 === 0) || r.sw1 === 0x91 || r.sw1 === 0x92 || r.sw1 === 0x9f;
}

/**
 * EF_GID1 as hex (upper case, as read), or undefined when the read failed (e.g. 6A 82 file not
 * found), was empty, or is all FF (the operator never wrote a group identifier).
 */
export function gid1FromCrsm(r: CrsmResult): string | undefined {
  if (!crsmSucceeded(r) || r.data === '' || /^F+$/.test(r.data)) return undefined;
  return r.data;
}

/**
 * The MNC length EF_AD states: the low nibble of byte 4 (TS 31.102 §4.2.18; the high nibble is
 * RFU). Undefined when the read failed, the file has only 3 bytes (older SIMs never say), or the
 * nibble is neither 2 nor 3 — then the length must come from elsewhere, never from a guess.
 */
export function mncLengthFromEfAd(r: CrsmResult): 2 | 3 | undefined {
  if (!crsmSucceeded(r) || r.data.length < 8) return undefined;
  const n = parseInt(r.data.slice(6, 8), 16) & 0x0f;
  return n === 2 || n === 3 ? n : undefined;
}

// GSM 7-bit default alphabet (TS 23.038 §6.2.1) where it differs from ASCII at the same code, and
// codes with no ASCII twin; EF_SPN stores the name unpacked, one character per byte.
const GSM7_DIFF: Readonly<Record<number, string>> = { 0x00: '@', 0x02: '$', 0x11: '_', 0x24: '¤', 0x40: '¡', 0x5b: 'Ä', 0x5c: 'Ö', 0x5d: 'Ñ', 0x5e: 'Ü', 0x5f: '§', 0x60: '¿', 0x7b: 'ä', 0x7c: 'ö', 0x7d: 'ñ', 0x7e: 'ü', 0x7f: 'à' };

/**
 * EF_SPN (TS 51.011 §10.3.11): byte 1 display condition, bytes 2..17 the name in the GSM default
 * alphabet padded with FF. For modems without AT+CSPN. Undefined when the read failed or the name
 * is empty; a UCS2-coded name (first name byte 0x80..0x82) is not decoded (undefined).
 */
export function spnFromEfSpn(r: CrsmResult): string | undefined {
  if (!crsmSucceeded(r) || r.data.length < 4) return undefined;
  const bytes = (r.data.slice(2).match(/../g) ?? []).map((h) => parseInt(h, 16));
  if (bytes[0] !== undefined && bytes[0] >= 0x80) return undefined;
  let out = '';
  for (const b of bytes) {
    if (b === 0xff) break;
    out += GSM7_DIFF[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?');
  }
  const name = out.trim();
  return name === '' ? undefined : name;
}

/** "310260123456789" -> "***********6789": the last 4 digits only (issue 13: shown wherever the SIM is named). */
export function maskImsi(imsi: string): string {
  return maskKeepLast4(imsi);
}

/** "8901260123456789012F" -> "****************012F". */
export function maskIccid(iccid: string): string {
  return maskKeepLast4(iccid);
}

function maskKeepLast4(value: string): string {
  const v = value.trim();
  return v.length <= 4 ? v : '*'.repeat(v.length - 4) + v.slice(-4);
}
