// Validation of every value that goes into an AT command line, run before anything is sent.
// A refused value raises AtError('invalid-argument') naming the field, and no byte reaches the port.
import { AtError } from './errors.js';

function refuse(field: string, message: string): never {
  throw new AtError('invalid-argument', `${field}: ${message}`, undefined, undefined, field);
}

/** 3GPP TS 23.003 §9.1: APN network identifier = labels of letters, digits and hyphens separated by dots, ≤ 100 octets. */
const APN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
export const APN_MAX = 100;

export interface ApnOptions {
  /** An empty APN is only meaningful when clearing a context (the network then picks its default). Default false. */
  allowEmpty?: boolean;
}

export function validateApn(apn: string, options: ApnOptions = {}): string {
  if (typeof apn !== 'string') refuse('apn', 'must be text');
  if (apn === '') {
    if (options.allowEmpty) return apn;
    refuse('apn', 'is empty (an empty APN is only allowed to clear a context)');
  }
  if (apn.length > APN_MAX) refuse('apn', `is ${apn.length} characters long; at most ${APN_MAX} are allowed (3GPP TS 23.003 §9.1)`);
  for (const label of apn.split('.')) {
    if (label === '') refuse('apn', 'has an empty label (two dots in a row, or a dot at either end)');
    if (label.length > 63) refuse('apn', `label "${label.slice(0, 20)}…" is longer than 63 characters`);
    if (!APN_LABEL.test(label)) {
      refuse('apn', `"${printable(label)}" is not allowed: use letters, digits and hyphens separated by dots, no hyphen at a label's start or end (3GPP TS 23.003 §9.1)`);
    }
  }
  return apn;
}

/** Printable ASCII except `"` `,` `;` (they would end the quoted AT string or the command); CR/LF are not printable. */
const CREDENTIAL = /^[\x20-\x7e]*$/;
const CREDENTIAL_FORBIDDEN = /[",;]/;
export const CREDENTIAL_MAX = 64;

function validateCredential(field: 'user' | 'password', value: string): string {
  if (typeof value !== 'string') refuse(field, 'must be text');
  if (value.length > CREDENTIAL_MAX) refuse(field, `is ${value.length} characters long; at most ${CREDENTIAL_MAX} are allowed`);
  if (!CREDENTIAL.test(value)) refuse(field, 'may only hold printable ASCII characters (no CR, LF, tabs or non-ASCII letters)');
  const bad = CREDENTIAL_FORBIDDEN.exec(value);
  if (bad) refuse(field, `may not contain ${JSON.stringify(bad[0])} (it would break the AT command)`);
  return value;
}

export function validateUsername(user: string): string {
  return validateCredential('user', user);
}

export function validatePassword(password: string): string {
  return validateCredential('password', password);
}

/** SIM PIN (27.007 §8.3 / ETSI TS 102 221): 4 to 8 digits. */
export function validatePin(pin: string, field = 'pin'): string {
  if (typeof pin !== 'string' || !/^\d{4,8}$/.test(pin)) refuse(field, 'must be 4 to 8 digits');
  return pin;
}

/** PUK: 8 digits. */
export function validatePuk(puk: string): string {
  if (typeof puk !== 'string' || !/^\d{8}$/.test(puk)) refuse('puk', 'must be 8 digits');
  return puk;
}

/** PDP context id: 1..24 on the SIM7600 (AT+CGDCONT=? reports (1-24)). */
export function validateCid(cid: number): number {
  if (!Number.isInteger(cid) || cid < 1 || cid > 24) refuse('cid', `must be a whole number from 1 to 24 (got ${String(cid)})`);
  return cid;
}

export const PDP_TYPES = ['IP', 'IPV6', 'IPV4V6'] as const;
export type PdpType = (typeof PDP_TYPES)[number];

export function validatePdpType(type: string): PdpType {
  const upper = typeof type === 'string' ? type.toUpperCase() : '';
  if (!(PDP_TYPES as readonly string[]).includes(upper)) refuse('pdpType', `must be one of ${PDP_TYPES.join(', ')} (got ${JSON.stringify(type)})`);
  return upper as PdpType;
}

/** AT+CGAUTH <auth_type>: 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP (SIMCom manual). */
export type AuthType = 0 | 1 | 2 | 3;
export function validateAuthType(type: number): AuthType {
  if (type !== 0 && type !== 1 && type !== 2 && type !== 3) refuse('authType', `must be 0 (none), 1 (PAP), 2 (CHAP) or 3 (PAP or CHAP) (got ${String(type)})`);
  return type;
}

/**
 * USB compositions simhat may switch to (vendor manual §4.23): only those that keep an AT port.
 * 9001 default (QMI), 9011 RNDIS, 9018 ECM. Others (9016, 9019, 9021–9029...) strand the user.
 */
export const ALLOWED_PIDS: readonly number[] = [0x9001, 0x9011, 0x9018];
export function validatePid(pid: number): number {
  if (!ALLOWED_PIDS.includes(pid)) {
    refuse('pid', `${formatPid(pid)} is not an allowed USB composition (allowed: ${ALLOWED_PIDS.map(formatPid).join(', ')}); others may leave no AT port`);
  }
  return pid;
}

function formatPid(pid: number): string {
  return Number.isInteger(pid) && pid >= 0 ? pid.toString(16).padStart(4, '0') : String(pid);
}

/** AT+CFUN <fun>: 0 minimum, 1 full, 4 RF off (SIMCom also 5, 6, 7 for factory/reset/offline modes). */
export const CFUN_VALUES: readonly number[] = [0, 1, 4, 5, 6, 7];
export function validateFunctionality(fun: number): number {
  if (!CFUN_VALUES.includes(fun)) refuse('functionality', `must be one of ${CFUN_VALUES.join(', ')} (got ${String(fun)})`);
  return fun;
}

/** AT+CNMP <mode> (SIMCom manual): 2 auto, 13 GSM, 14 WCDMA, 38 LTE, and the listed combinations. */
export const CNMP_MODES: ReadonlyMap<number, string> = new Map([
  [2, 'automatic'],
  [9, 'CDMA only'],
  [10, 'EVDO only'],
  [13, 'GSM only'],
  [14, 'WCDMA only'],
  [19, 'GSM+WCDMA only'],
  [22, 'CDMA+EVDO only'],
  [38, 'LTE only'],
  [39, 'GSM+WCDMA+LTE only'],
  [48, 'any but LTE'],
  [51, 'GSM+LTE only'],
  [54, 'WCDMA+LTE only'],
  [59, 'TDS-CDMA only'],
  [60, 'GSM+TDSCDMA only'],
  [63, 'GSM+WCDMA+TDSCDMA only'],
  [67, 'CDMA+EVDO+GSM+WCDMA+TDSCDMA only'],
]);
export function validateNetworkMode(mode: number): number {
  if (!CNMP_MODES.has(mode)) refuse('networkMode', `must be one of ${[...CNMP_MODES.keys()].join(', ')} (got ${String(mode)})`);
  return mode;
}

/** AT+CMEE <n>: 0 plain ERROR, 1 numeric, 2 verbose. */
export function validateErrorMode(n: number): 0 | 1 | 2 {
  if (n !== 0 && n !== 1 && n !== 2) refuse('errorMode', `must be 0, 1 or 2 (got ${String(n)})`);
  return n;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
