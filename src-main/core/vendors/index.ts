// The registry of vendor profiles (issue 10, item 3): one folder per vendor, named here. Everything
// vendor-specific is asked of the profile this file resolves for a modem (by family, model, USB
// vendor id or manufacturer), never decided by `if (vendor === ...)` elsewhere.
import { validateCid } from '../at/validate.js';
import type { FamilyProfile, ModeReading, ModeTarget, Reattach, SwitchPlan, VendorProfile } from './profile.js';
import { NO_SWITCH, UnsupportedSwitch } from './profile.js';
import { QUECTEL } from './quectel/index.js';
import { SIMCOM } from './simcom/index.js';
import { TELIT } from './telit/index.js';

/** Every vendor simhat knows. A new vendor: its folder, one line here, catalog rows, tests. */
export const VENDOR_PROFILES = [SIMCOM, QUECTEL, TELIT] as const;

export type VendorId = (typeof VENDOR_PROFILES)[number]['id'];
/** Every family of every profile, e.g. 'sim7600', 'ec25', 'le910cx'. */
export type KnownFamily = (typeof VENDOR_PROFILES)[number]['families'][number]['family'];

/**
 * The profile unknown modems get: simhat's home module is the SIM7600 (round 1 treated every modem
 * it could not name as SIMCom; the catalog's first guess on a shared PID is a SIMCom family too).
 */
export const DEFAULT_PROFILE: VendorProfile = SIMCOM;

export interface ResolvedProfile {
  profile: VendorProfile;
  /** The family when it is known. */
  family: FamilyProfile | undefined;
  /** False when nothing matched and `profile` is DEFAULT_PROFILE. */
  known: boolean;
}

const ALL: readonly VendorProfile[] = VENDOR_PROFILES;

export function profileById(id: string): VendorProfile | undefined {
  return ALL.find((p) => p.id === id);
}

/** The profile of a USB vendor id ("1e0e" or 0x1e0e). */
export function profileOfVid(vid: number | string): VendorProfile | undefined {
  const n = typeof vid === 'number' ? vid : Number.parseInt(vid, 16);
  return ALL.find((p) => p.usbVendorIds.includes(n));
}

/** A device with this USB vendor id is a modem simhat knows. */
export function isModemVid(vid: number): boolean {
  return profileOfVid(vid) !== undefined;
}

/** The family (and its vendor) by family name. */
export function findFamily(family: string): { profile: VendorProfile; family: FamilyProfile } | undefined {
  for (const profile of ALL) {
    const f = profile.families.find((x) => x.family === family);
    if (f) return { profile, family: f };
  }
  return undefined;
}

/** The family of an AT+CGMM / ATI model string: "SIMCOM_SIM7600G-H" -> sim7600, "EC25EFA" -> ec25. */
export function familyOfModel(model: string): { profile: VendorProfile; family: FamilyProfile } | undefined {
  const m = model.trim().toUpperCase().replace(/^SIMCOM[_ ]/, '');
  for (const profile of ALL) {
    const f = profile.families.find((x) => x.model.test(m));
    if (f) return { profile, family: f };
  }
  return undefined;
}

/** The family the USB strings name, when they name one (A76xx, SIM82xx, LE910Cx). */
export function familyOfUsbStrings(manufacturer: string | undefined | null, product: string | undefined | null): { profile: VendorProfile; family: FamilyProfile } | undefined {
  const key = `${manufacturer ?? ''}|${product ?? ''}`;
  for (const profile of ALL) {
    const f = profile.families.find((x) => x.usbStrings?.test(key));
    if (f) return { profile, family: f };
  }
  return undefined;
}

export interface ProfileHint {
  /** A catalog family ('sim7600'), or the doctor's vendor-qualified key ('simcom-sim7600'). */
  family?: string | null;
  model?: string | null;
  manufacturer?: string | null;
  vid?: number | string | null;
}

/** The profile for what is known of a modem: family, then model, then USB vendor id, then manufacturer. */
export function resolveProfile(hint: ProfileHint): ResolvedProfile {
  const byFamily = hint.family ? (findFamily(hint.family) ?? findFamily(hint.family.replace(/^[a-z]+-/, ''))) : undefined;
  const byModel = hint.model ? familyOfModel(hint.model) : undefined;
  const found = byFamily ?? byModel;
  if (found) return { profile: found.profile, family: found.family, known: true };
  const vendorKey = hint.family ? profileById(hint.family.split('-')[0] ?? '') : undefined;
  const profile = vendorKey ?? (hint.vid ? profileOfVid(hint.vid) : undefined) ?? ALL.find((p) => hint.manufacturer && p.manufacturer.test(hint.manufacturer));
  return profile ? { profile, family: undefined, known: true } : { profile: DEFAULT_PROFILE, family: undefined, known: false };
}

/**
 * The composition from the raw values the doctor's facts carry (AtFacts.usbPid, AtFacts.usbnet):
 * the preferred profile reads them first, then the others.
 */
export function modeOfRawFacts(raw: { usbPid: string | null; usbnet?: number | null | undefined }, preferred: VendorProfile = DEFAULT_PROFILE): ModeReading | null {
  for (const p of [preferred, ...ALL.filter((x) => x !== preferred)]) {
    const r = p.modeOfRawFacts(raw);
    if (r) return r;
  }
  return null;
}

/** The doctor's family key, e.g. 'simcom-sim7600' (UsbFacts.family). */
export function familyKey(profile: VendorProfile, family: string): string {
  return `${profile.id}-${family}`;
}

/** The plan of a strategy by its name (`simhat devices` shows it); unknown names are refused. */
export function planSwitch(strategy: string, target: ModeTarget): SwitchPlan {
  if (strategy === NO_SWITCH.strategy) return NO_SWITCH.plan(target);
  for (const profile of ALL) {
    const f = profile.families.find((x) => x.modeSwitch.strategy === strategy);
    if (f) return f.modeSwitch.plan(target);
  }
  throw new UnsupportedSwitch(`simhat knows no USB composition switch named ${strategy}.`);
}

/** The commands of a re-attach (issue 11, watchdog stage 2): a radio cycle, or the context down and up. */
export function reattachCommands(reattach: Reattach, cid = 1): string[] {
  if (reattach.method === 'cgact') return [`AT+CGACT=0,${validateCid(cid)}`, `AT+CGACT=1,${validateCid(cid)}`];
  return ['AT+CFUN=0', 'AT+CFUN=1'];
}

export { SIMCOM, QUECTEL, TELIT };
export type { FamilyProfile, VendorProfile } from './profile.js';
