// Packet data: AT+CGDCONT (27.007 §10.1.1), AT+CGAUTH (SIMCom order), AT+CGACT (§10.1.10),
// AT+CGPADDR (§10.1.14), AT+CGATT (§10.1.9).
import { validateApn, validateAuthType, validateCid, validatePassword, validatePdpType, validateUsername, type AuthType, type PdpType } from '../validate.js';
import { intField, optionalInt, parseError, prefixedLines, singlePrefixed } from './fields.js';

export interface PdpContext {
  cid: number;
  pdpType: string;
  apn: string;
  /** As printed; IPv6-style placeholders print as 16 dotted bytes. */
  address: string;
  dataCompression?: number;
  headerCompression?: number;
  ipv4AddrAlloc?: number;
  emergency?: boolean;
}

/** One `+CGDCONT: <cid>,"<type>","<apn>","<addr>",<d>,<h>,<ipv4ctrl>,<emergency>` per defined context (T-9, T-13). */
export function parseCgdcontRead(lines: readonly string[]): PdpContext[] {
  const C = 'AT+CGDCONT?';
  return prefixedLines(lines, '+CGDCONT').map((f) => {
    if (f.length < 3) throw parseError(C, 'expected <cid>,<type>,<apn>', lines);
    const cid = intField(C, f, 0, lines, 'cid');
    const ctx: PdpContext = { cid, pdpType: f[1]?.value ?? '', apn: f[2]?.value ?? '', address: f[3]?.value ?? '' };
    const d = optionalInt(f, 4);
    const h = optionalInt(f, 5);
    const alloc = optionalInt(f, 6);
    const emergency = optionalInt(f, 7);
    if (d !== undefined) ctx.dataCompression = d;
    if (h !== undefined) ctx.headerCompression = h;
    if (alloc !== undefined) ctx.ipv4AddrAlloc = alloc;
    if (emergency !== undefined) ctx.emergency = emergency === 1;
    return ctx;
  });
}

/** AT+CGDCONT=<cid>,"<type>","<apn>" — every value validated first. */
export function buildCgdcontWrite(cid: number, pdpType: PdpType | string, apn: string): string {
  const c = validateCid(cid);
  const t = validatePdpType(pdpType);
  const a = validateApn(apn, { allowEmpty: true });
  return `AT+CGDCONT=${c},"${t}","${a}"`;
}

/** AT+CGDCONT=<cid> undefines the context. */
export function buildCgdcontDelete(cid: number): string {
  return `AT+CGDCONT=${validateCid(cid)}`;
}

export interface PdpAuth {
  cid: number;
  authType: number;
  user: string;
  password: string;
}

/** Read form `+CGAUTH: <cid>,<type>[,<user>[,<passwd>]]` (user first here, unlike the write form). */
export function parseCgauthRead(lines: readonly string[]): PdpAuth[] {
  const C = 'AT+CGAUTH?';
  return prefixedLines(lines, '+CGAUTH').map((f) => {
    if (f.length < 2) throw parseError(C, 'expected <cid>,<type>', lines);
    return { cid: intField(C, f, 0, lines, 'cid'), authType: intField(C, f, 1, lines, 'auth type'), user: f[2]?.value ?? '', password: f[3]?.value ?? '' };
  });
}

/**
 * AT+CGAUTH=<cid>,<type>,"<password>","<user>" — SIMCom puts the PASSWORD BEFORE the user
 * (SIMCom manual AT+CGAUTH; 27.007 has user first). Type 0 clears: no credentials are sent.
 */
export function buildCgauthWrite(cid: number, authType: AuthType | number, password: string, user: string): string {
  const c = validateCid(cid);
  const t = validateAuthType(authType);
  const p = validatePassword(password);
  const u = validateUsername(user);
  if (t === 0) return `AT+CGAUTH=${c},0`;
  return `AT+CGAUTH=${c},${t},"${p}","${u}"`;
}

export interface PdpActivation {
  cid: number;
  active: boolean;
}

/** `+CGACT: 1,1` per context (T-9). */
export function parseCgactRead(lines: readonly string[]): PdpActivation[] {
  const C = 'AT+CGACT?';
  return prefixedLines(lines, '+CGACT').map((f) => {
    const state = intField(C, f, 1, lines, 'state');
    if (state !== 0 && state !== 1) throw parseError(C, 'state is not 0 or 1', lines);
    return { cid: intField(C, f, 0, lines, 'cid'), active: state === 1 };
  });
}

export interface PdpAddress {
  cid: number;
  /** Undefined when the modem prints 0.0.0.0 (no address). */
  ipv4?: string;
  ipv6?: string;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function classifyAddress(value: string, out: PdpAddress): boolean {
  const v = value.trim();
  if (v === '') return true;
  const m = V4.exec(v);
  if (m) {
    if (m.slice(1).some((o) => Number(o) > 255)) return false;
    if (v !== '0.0.0.0') out.ipv4 = v;
    return true;
  }
  const bytes = v.split('.');
  if (bytes.length === 16 && bytes.every((b) => /^\d{1,3}$/.test(b) && Number(b) <= 255)) {
    // 27.007 dotted form of an IPv6 address: 16 decimal bytes.
    if (bytes.some((b) => b !== '0')) {
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(((Number(bytes[i]) << 8) | Number(bytes[i + 1])).toString(16));
      out.ipv6 = groups.join(':');
    }
    return true;
  }
  if (/^[0-9a-f:]+$/i.test(v) && v.includes(':')) {
    if (!/^[0:]+$/.test(v)) out.ipv6 = v.toLowerCase();
    return true;
  }
  return false;
}

/** `+CGPADDR: <cid>,<addr>[,<addr2>]` per context; 0.0.0.0 means none. */
export function parseCgpaddrExec(lines: readonly string[]): PdpAddress[] {
  const C = 'AT+CGPADDR';
  return prefixedLines(lines, '+CGPADDR').map((f) => {
    const entry: PdpAddress = { cid: intField(C, f, 0, lines, 'cid') };
    for (const field of f.slice(1)) if (!classifyAddress(field.value, entry)) throw parseError(C, `not an IP address: ${field.value}`, lines);
    return entry;
  });
}

/** `+CGATT: 1` → true. */
export function parseCgattRead(lines: readonly string[]): boolean {
  const C = 'AT+CGATT?';
  const fields = singlePrefixed(C, lines, '+CGATT');
  const v = intField(C, fields, 0, lines, 'state');
  if (v !== 0 && v !== 1) throw parseError(C, 'state is not 0 or 1', lines);
  return v === 1;
}

/**
 * Whether two APNs are the same network name (3GPP TS 23.003 §9.1): case does not matter, and the
 * operator identifier `.mncNNN.mccNNN.gprs` that some modems append when they read the APN back
 * (`internet.mnc001.mcc214.gprs`) is not part of the name. `existing` is what the modem holds.
 */
export function sameApn(existing: string, requested: string): boolean {
  // Only the modem's read-back carries the suffix (ModemManager test_cmp_apn_name): a requested APN
  // that has one is compared as written.
  return existing.trim().toLowerCase().replace(/\.mnc\d{3}\.mcc\d{3}\.gprs$/, '') === requested.trim().toLowerCase();
}
