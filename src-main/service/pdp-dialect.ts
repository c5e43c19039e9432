// Reading and writing PDP settings in a vendor's dialect (issue 10: the profile's `apn`): SIMCom
// AT+CGDCONT + AT+CGAUTH (password before user), 27.007 order elsewhere, Quectel AT+CGDCONT + AT+QICSGP.
import type { ApnTarget, SavedContext } from '../core/apn/apply-plan.js';
import { authTypeOf } from '../core/apn/preset.js';
import { buildQicsgpRead, buildQicsgpWrite, parseQicsgpRead } from '../core/apn/quectel.js';
import { buildCgauthWrite27007 } from '../core/apn/cgauth.js';
import { validateCid } from '../core/at/validate.js';
import type { CallOptions, ModemAt, PdpAuth, PdpContext } from '../core/at/modem-at.js';
import type { VendorProfile } from '../core/vendors/profile.js';

/** Reading and writing PDP settings differs per vendor: SIMCom CGDCONT + CGAUTH, Quectel CGDCONT + QICSGP. */
export interface PdpDialect {
  read(cids: readonly number[], o: CallOptions): Promise<{ contexts: PdpContext[]; auths: PdpAuth[] }>;
  write(cid: number, target: ApnTarget, o: CallOptions): Promise<void>;
  restore(saved: SavedContext, o: CallOptions): Promise<void>;
}

/** The vendor profile's APN dialect (core/vendors/<vendor>/index.ts `apn`). */
export function dialectOf(profile: VendorProfile, modem: ModemAt): PdpDialect {
  return profile.apn.kind === 'qicsgp' ? quectelDialect(modem) : cgauthDialect(modem, profile.apn.order);
}

function cgauthDialect(modem: ModemAt, order: 'password-first' | 'user-first'): PdpDialect {
  const auth = async (cid: number, type: number, password: string, user: string, o: CallOptions): Promise<void> => {
    if (order === 'password-first') await modem.setAuth(cid, type, password, user, o);
    else await modem.engine.send(buildCgauthWrite27007(cid, type, user, password), o);
  };
  return {
    async read(_cids, o) {
      return { contexts: await modem.contexts(o), auths: await modem.auths(o) };
    },
    async write(cid, t, o) {
      await modem.setContext(cid, t.ipType, t.apn, o);
      // SIMCom: password BEFORE user (sim7600.md §2, ModemAt.setAuth); others: 27.007 order (buildCgauthWrite27007).
      await auth(cid, authTypeOf(t.auth), t.password ?? '', t.username ?? '', o);
    },
    async restore(s, o) {
      if (s.auth && s.auth.authType !== 0) await auth(s.cid, s.auth.authType, s.auth.password, s.auth.user, o);
      else {
        // 27.007 §10.1.31: AT+CGAUTH=<cid> makes the auth undefined again (what "none" was before we
        // wrote type 0). Firmware without that form answers ERROR: then type 0 is the same thing.
        const r = await modem.engine.send(`AT+CGAUTH=${validateCid(s.cid)}`, { ...o, allowError: true });
        if (r.final.kind !== 'ok') await modem.setAuth(s.cid, 0, '', '', o);
      }
      if (s.context) await modem.setContext(s.cid, s.context.pdpType, s.context.apn, o);
      else await modem.deleteContext(s.cid, o);
    },
  };
}

function quectelDialect(modem: ModemAt): PdpDialect {
  const send = (cmd: string, o: CallOptions) => modem.engine.send(cmd, o);
  return {
    async read(cids, o) {
      const contexts = await modem.contexts(o);
      const auths: PdpAuth[] = [];
      for (const cid of cids) {
        const q = parseQicsgpRead((await send(buildQicsgpRead(cid), o)).lines);
        auths.push({ cid, authType: q.authType, user: q.user, password: q.password });
      }
      return { contexts, auths };
    },
    async write(cid, t, o) {
      await modem.setContext(cid, t.ipType, t.apn, o);
      // Quectel order: user BEFORE password (AT+QICSGP).
      await send(buildQicsgpWrite(cid, t.ipType, t.apn, t.username ?? '', t.password ?? '', authTypeOf(t.auth)), o);
    },
    async restore(s, o) {
      if (s.context) await modem.setContext(s.cid, s.context.pdpType, s.context.apn, o);
      else await modem.deleteContext(s.cid, o);
      const pdpType = s.context?.pdpType ?? 'IP';
      await send(buildQicsgpWrite(s.cid, pdpType, s.context?.apn ?? '', s.auth?.user ?? '', s.auth?.password ?? '', s.auth?.authType ?? 0), o);
    },
  };
}
