// AT+CGAUTH in the order of 3GPP TS 27.007 §10.1.31: AT+CGAUTH=<cid>,<auth_prot>,"<userid>","<password>",
// USER before password. SIMCom swaps the two (password first, sim7600.md §2: ModemAt.setAuth); vendors
// that follow the standard (the Telit profile) get this one. Every value is validated before it is built.
import { validateAuthType, validateCid, validatePassword, validateUsername, type AuthType } from '../at/validate.js';

export function buildCgauthWrite27007(cid: number, authType: AuthType | number, user: string, password: string): string {
  const c = validateCid(cid);
  const t = validateAuthType(authType);
  const u = validateUsername(user);
  const p = validatePassword(password);
  if (t === 0) return `AT+CGAUTH=${c},0`;
  return `AT+CGAUTH=${c},${t},"${u}","${p}"`;
}
