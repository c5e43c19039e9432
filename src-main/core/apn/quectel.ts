// Quectel TCP/IP context (Quectel EC2x/EG9x/BG96 AT manuals, AT+QICSGP): unlike SIMCom's
// AT+CGAUTH (password first), QICSGP takes the USER BEFORE the password (sim7600.md §2).
//   AT+QICSGP=<contextID>,<context_type>,"<APN>","<username>","<password>",<authentication>
//   context_type 1 IPV4, 2 IPV6, 3 IPV4V6; authentication 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP.
//   Read one context: AT+QICSGP=<contextID> -> +QICSGP: <context_type>,"<APN>","<username>","<password>",<authentication>
import { validateApn, validateAuthType, validatePassword, validatePdpType, validateUsername, type AuthType, type PdpType } from '../at/validate.js';
import { AtError } from '../at/errors.js';
import type { IpType } from './db-types.js';

/** Quectel context ids are 1..16. */
export function validateQuectelContextId(id: number): number {
  if (!Number.isInteger(id) || id < 1 || id > 16) throw new AtError('invalid-argument', `contextId: must be a whole number from 1 to 16 (got ${String(id)})`, undefined, undefined, 'cid');
  return id;
}

const TYPE_CODE: Record<PdpType, 1 | 2 | 3> = { IP: 1, IPV6: 2, IPV4V6: 3 };
const CODE_TYPE: Record<number, IpType> = { 1: 'IP', 2: 'IPV6', 3: 'IPV4V6' };

export function buildQicsgpWrite(contextId: number, pdpType: PdpType | string, apn: string, user: string, password: string, authType: AuthType | number): string {
  const id = validateQuectelContextId(contextId);
  const type = TYPE_CODE[validatePdpType(pdpType)];
  const a = validateApn(apn, { allowEmpty: true });
  const u = validateUsername(user);
  const p = validatePassword(password);
  const auth = validateAuthType(authType);
  return `AT+QICSGP=${id},${type},"${a}","${u}","${p}",${auth}`;
}

export function buildQicsgpRead(contextId: number): string {
  return `AT+QICSGP=${validateQuectelContextId(contextId)}`;
}

export interface QuectelContext {
  pdpType: IpType;
  apn: string;
  user: string;
  password: string;
  authType: number;
}

/** `+QICSGP: 1,"internet","","",0`. Throws AtError('parse') on anything else. */
export function parseQicsgpRead(lines: readonly string[]): QuectelContext {
  const line = lines.find((l) => l.startsWith('+QICSGP:'));
  const m = line ? /^\+QICSGP:\s*(\d+),"([^"]*)","([^"]*)","([^"]*)",(\d+)\s*$/.exec(line) : null;
  const type = m ? CODE_TYPE[Number(m[1])] : undefined;
  if (!m || !type) throw new AtError('parse', `AT+QICSGP: unexpected answer ${JSON.stringify(lines)}`);
  return { pdpType: type, apn: m[2] ?? '', user: m[3] ?? '', password: m[4] ?? '', authType: Number(m[5]) };
}
