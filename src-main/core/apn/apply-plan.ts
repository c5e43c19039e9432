// Pure parts of the APN apply workflow (issue 5): what to write, how to check the read-back, and
// what to restore. The service (src-main/service/apn.ts) only sends what these functions decide.
import { layoutsFor, usbModeOfComposition } from '../devices/catalog.js';
import type { ModemFamily } from '../devices/types.js';
import { resolveProfile, type VendorId } from '../vendors/index.js';
import type { UsbMode } from '../vendors/profile.js';
import type { PdpAuth, PdpContext } from '../at/commands/pdp.js';
import { validateApn, validateCid, validatePassword, validatePdpType, validateUsername } from '../at/validate.js';
import { AtError } from '../at/errors.js';
import type { IpType } from './db-types.js';
import { authTypeOf, type AuthChoice } from './preset.js';

/** The vendor profile's id (core/vendors): it decides the APN dialect and the contexts. */
export type ModemVendor = VendorId;

/** One APN setting to apply. */
export interface ApnTarget {
  apn: string;
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  /** Where it came from, for messages: a carrier id ("us/t-mobile/0"), a preset name, or "--apn". */
  label?: string;
}

/**
 * Checks every value of every target and the context list with the AT layer's validators,
 * before anything is sent (issue 5: "nothing invalid reaches the modem"). Throws AtError
 * ('invalid-argument', field = apn | user | password | pdpType | cid | auth).
 */
export function validateApplyInput(targets: readonly ApnTarget[], contexts: readonly number[] | undefined): void {
  if (targets.length === 0) throw new AtError('invalid-argument', 'apn: no APN to apply', undefined, undefined, 'apn');
  for (const t of targets) {
    validateApn(t.apn);
    validatePdpType(t.ipType);
    if (!['none', 'pap', 'chap', 'auto'].includes(t.auth)) {
      throw new AtError('invalid-argument', `auth: must be none, pap, chap or auto (got ${JSON.stringify(t.auth)})`, undefined, undefined, 'auth');
    }
    validateUsername(t.username ?? '');
    validatePassword(t.password ?? '');
    if (t.auth !== 'none' && !t.username && !t.password) {
      throw new AtError('invalid-argument', `auth: "${t.auth}" needs a user or a password`, undefined, undefined, 'auth');
    }
  }
  if (contexts !== undefined) {
    if (contexts.length === 0) throw new AtError('invalid-argument', 'cid: the context list is empty', undefined, undefined, 'cid');
    for (const c of contexts) validateCid(c);
    if (new Set(contexts).size !== contexts.length) throw new AtError('invalid-argument', 'cid: a context is listed twice', undefined, undefined, 'cid');
  }
}

export interface DeviceProfileInput {
  /** From AT+CGMI / ATI "Manufacturer:". */
  manufacturer?: string;
  family?: ModemFamily;
  /** USB PID when known (SIMCom: AT+CUSBPIDSWITCH?). */
  pid?: number;
  /** The composition when the firmware told it over AT (Quectel AT+QCFG="usbnet"). */
  mode?: UsbMode;
}

export interface ContextChoice {
  vendor: ModemVendor;
  contexts: number[];
  /** How the list was decided, for the progress event. */
  source: string;
}

export function vendorOf(input: DeviceProfileInput): ModemVendor {
  return resolveProfile({ family: input.family === 'unknown' ? null : (input.family ?? null), manufacturer: input.manufacturer ?? null }).profile.id as ModemVendor;
}

/**
 * The contexts the APN must go to: the vendor profile's rule (core/vendors/<vendor>/) for the family
 * and the composition, known from the PID through the device catalog or told over AT (SIM7600 RNDIS
 * 9011 and ECM 9018: 1 and 6 — sim7600.md §2), else the profile's rule for an unknown composition.
 */
export function contextsForDevice(input: DeviceProfileInput): ContextChoice {
  const { profile, family } = resolveProfile({ family: input.family === 'unknown' ? null : (input.family ?? null), manufacturer: input.manufacturer ?? null });
  const vendor = profile.id as ModemVendor;
  const name = family?.family;
  if (input.pid !== undefined) {
    // A PID is not a model (sim7600.md §1): 9011 is SIM7600 RNDIS but also the A76xx look-alike.
    const specs = profile.usbVendorIds.flatMap((vid) => layoutsFor(vid, input.pid!));
    const spec = specs.find((s) => name !== undefined && (s.families as string[]).includes(name)) ?? specs[0];
    if (spec) return { vendor, contexts: profile.apnContexts(name ?? spec.families[0], usbModeOfComposition(spec.mode)), source: `${profile.label} profile: ${spec.name}` };
  }
  if (input.mode !== undefined) return { vendor, contexts: profile.apnContexts(name, input.mode), source: `${profile.label} profile: ${input.mode.toUpperCase()} as the firmware reports` };
  return { vendor, contexts: profile.apnContexts(name, null), source: `${profile.label} profile (composition unknown)` };
}

/** A field that did not read back as written. */
export interface Mismatch {
  cid: number;
  field: 'pdpType' | 'apn' | 'authType' | 'user' | 'password' | 'missing';
  expected: string;
  actual: string;
}

/** Compares AT+CGDCONT? / AT+CGAUTH? after the write with what was written (SIMCom). */
export function verifyWritten(target: ApnTarget, cids: readonly number[], contexts: readonly PdpContext[], auths: readonly PdpAuth[]): Mismatch[] {
  const out: Mismatch[] = [];
  const authType = authTypeOf(target.auth);
  for (const cid of cids) {
    const ctx = contexts.find((c) => c.cid === cid);
    if (!ctx) {
      out.push({ cid, field: 'missing', expected: `context ${cid}`, actual: 'not defined' });
      continue;
    }
    if (ctx.pdpType.toUpperCase() !== target.ipType) out.push({ cid, field: 'pdpType', expected: target.ipType, actual: ctx.pdpType });
    // APNs are case-insensitive (3GPP TS 23.003 §9.1); some firmware prints them lower-cased.
    if (ctx.apn.toLowerCase() !== target.apn.toLowerCase()) out.push({ cid, field: 'apn', expected: target.apn, actual: ctx.apn });
    const auth = auths.find((a) => a.cid === cid);
    const actualType = auth?.authType ?? 0;
    if (actualType !== authType) out.push({ cid, field: 'authType', expected: String(authType), actual: String(actualType) });
    if (authType !== 0 && auth) {
      if (auth.user !== (target.username ?? '')) out.push({ cid, field: 'user', expected: target.username ?? '', actual: auth.user });
      // Some firmware does not print the password back: only compare when it does.
      if (auth.password !== '' && auth.password !== (target.password ?? '')) out.push({ cid, field: 'password', expected: '(hidden)', actual: '(different)' });
    }
  }
  return out;
}

/** The state to put back on failure, per context we touch. */
export interface SavedContext {
  cid: number;
  /** Undefined: the context was not defined before (restore = delete it). */
  context?: { pdpType: string; apn: string };
  /** Undefined: no CGAUTH entry before (restore = type 0). */
  auth?: { authType: number; user: string; password: string };
}

export interface Snapshot {
  contexts: PdpContext[];
  auths: PdpAuth[];
  /** AT+CFUN? before we started. */
  functionality: number;
}

export function savedContexts(snapshot: Snapshot, cids: readonly number[]): SavedContext[] {
  return cids.map((cid) => {
    const ctx = snapshot.contexts.find((c) => c.cid === cid);
    const auth = snapshot.auths.find((a) => a.cid === cid);
    return {
      cid,
      ...(ctx ? { context: { pdpType: ctx.pdpType, apn: ctx.apn } } : {}),
      ...(auth ? { auth: { authType: auth.authType, user: auth.user, password: auth.password } } : {}),
    };
  });
}

/** Differences between the saved contexts and a fresh read (empty = restored exactly). */
export function restoreMismatches(saved: readonly SavedContext[], contexts: readonly PdpContext[], auths: readonly PdpAuth[]): string[] {
  const out: string[] = [];
  for (const s of saved) {
    const ctx = contexts.find((c) => c.cid === s.cid);
    if (!s.context && ctx) out.push(`context ${s.cid} should be undefined but reads "${ctx.apn}"`);
    if (s.context && !ctx) out.push(`context ${s.cid} is missing`);
    if (s.context && ctx && (ctx.pdpType !== s.context.pdpType || ctx.apn !== s.context.apn)) {
      out.push(`context ${s.cid} reads ${ctx.pdpType} "${ctx.apn}", expected ${s.context.pdpType} "${s.context.apn}"`);
    }
    const auth = auths.find((a) => a.cid === s.cid);
    const wantType = s.auth?.authType ?? 0;
    if ((auth?.authType ?? 0) !== wantType) out.push(`auth of context ${s.cid} has type ${auth?.authType ?? 0}, expected ${wantType}`);
    else if (wantType !== 0 && auth && s.auth && auth.user !== s.auth.user) out.push(`auth user of context ${s.cid} differs`);
  }
  return out;
}
