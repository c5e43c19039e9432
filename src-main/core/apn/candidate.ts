// The ranked APN candidates the decider produces (issue 13), the shape every face shows, and how
// database entries become settings a modem can take. Pure.
import type { AndroidApn, AndroidProtocol } from './android-types.js';
import type { DbApn, IpType } from './db-types.js';
import type { AuthChoice } from './preset.js';

/**
 * Why a candidate is where it is, best first:
 * - user: an APN the user typed when asked (never produced by the ranking itself);
 * - remembered: it worked before for this SIM (a preset stored by the decider, by IMSI);
 * - sim-match: the SIM itself names it (Android MVNO data: GID1 prefix, SPN, IMSI pattern, ICCID
 *   prefix; or the SPN names the provider);
 * - host: the home network's own entries (Android entries without MVNO data);
 * - mbpi: other entries of the home network in mobile-broadband-provider-info;
 * - operator: from the network the modem is registered on or its name (AT+COPS?), when the IMSI
 *   says nothing;
 * - unverified-mvno: an MVNO entry of the home network whose match the SIM could not be checked
 *   against (its GID1/SPN/ICCID was unreadable).
 */
export type CandidateTier = 'user' | 'remembered' | 'sim-match' | 'host' | 'mbpi' | 'operator' | 'unverified-mvno';
export const TIER_ORDER: readonly CandidateTier[] = ['user', 'remembered', 'sim-match', 'host', 'mbpi', 'operator', 'unverified-mvno'];

export type CandidateSource = 'mbpi' | 'android' | 'both' | 'preset' | 'user';

/** gid1 / spn / imsi / iccid: Android MVNO data; spn-name: the SPN names the provider or carrier. */
export type MatchKind = 'gid1' | 'spn' | 'imsi' | 'iccid' | 'spn-name';

export interface ApnCandidate {
  /** "android/310-260/metropcs-260", "us/t-mobile/0" (MBPI) or "preset:<name>". */
  id: string;
  apn: string;
  /** The PDP type that will be written (roaming-aware, see ipTypeFor). */
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  /** Display name: carrier / provider / preset. */
  name: string;
  /** The MCC-MNC it is listed for. */
  network?: string;
  tier: CandidateTier;
  source: CandidateSource;
  /** Why it is listed, in words, best first ("GID1 '6D' matches (Android entry "MetroPCS 260")"). */
  reasons: string[];
  /** The SIM evidence that put it in the sim-match tier. */
  match?: { kind: MatchKind; data: string };
  /** What simhat changed from the database value, in words (e.g. IPV6 -> IPV4V6). */
  adjustments?: string[];
  /** MBPI carrier ids with this APN ("us/t-mobile/0"): what `--carrier` accepts. */
  carrierIds: string[];
  /** Positions in apns-conf.xml of the Android entries merged into it. */
  androidIndexes: number[];
  /** For tier remembered: the preset's name. */
  presetName?: string;
}

export type Decision = 'apply' | 'try-in-order' | 'ask-for-apn';

export interface HomeNetwork {
  /** The MCC-MNC pairs the IMSI was resolved to (more than one only when nothing could tell). */
  pairs: string[];
  mcc: string;
  /** How the MNC length was decided. */
  mncLengthFrom: 'ef-ad' | 'database' | 'serving-network' | 'both-listed' | 'unknown';
}

export interface ApnRanking {
  home: HomeNetwork | null;
  servingNetwork?: string;
  roaming: boolean;
  candidates: ApnCandidate[];
  /** The first candidate stands out (the SIM names it, or nothing else is listed): apply it. */
  standout: boolean;
  decision: Decision;
  /** With no candidate: a plain-words request for the APN. */
  askForApn?: string;
  notes: string[];
  /** Database entries left out because their values cannot be sent to a modem (3GPP TS 23.003 §9.1). */
  unusable: { name: string; apn: string; reason: string }[];
}

/**
 * The PDP type to write. Android lists IPV6 for operators whose phones run 464XLAT (T-Mobile US);
 * a SIM7600 in RNDIS/ECM hands its host IPv4 through its own NAT, so IPV6 alone would leave the
 * host without IPv4: write IPV4V6 instead. Roaming uses `roaming_protocol` (Android does the same).
 */
export function ipTypeFor(entry: Pick<AndroidApn, 'protocol' | 'roamingProtocol'>, roaming: boolean): { ipType: IpType; adjustment?: string } {
  const listed: AndroidProtocol | undefined = roaming ? (entry.roamingProtocol ?? entry.protocol) : entry.protocol;
  if (listed === undefined) return { ipType: 'IPV4V6' };
  if (listed === 'IPV6') return { ipType: 'IPV4V6', adjustment: `listed as IPV6${roaming ? ' when roaming' : ''}; written as IPV4V6 so the modem's NAT gets IPv4 too` };
  return { ipType: listed };
}

/**
 * Android authtype + credentials -> what the apply step takes. authtype 0 sends no credentials
 * (Android ignores them too); no authtype with credentials = PAP or CHAP (Android's -1 default);
 * an authtype with neither user nor password has nothing to authenticate with: none.
 */
export function authOfAndroid(e: Pick<AndroidApn, 'authType' | 'user' | 'password'>): { auth: AuthChoice; username?: string; password?: string } {
  const creds = { ...(e.user ? { username: e.user } : {}), ...(e.password ? { password: e.password } : {}) };
  if (e.authType === 0 || (!e.user && !e.password)) return { auth: 'none' };
  const auth: AuthChoice = e.authType === 1 ? 'pap' : e.authType === 2 ? 'chap' : 'auto';
  return { auth, ...creds };
}

/** MBPI <authentication> + credentials -> the apply step's auth. */
export function authOfMbpi(a: DbApn): { auth: AuthChoice; username?: string; password?: string } {
  if (!a.username && !a.password) return { auth: 'none' };
  return { auth: a.auth ?? 'auto', ...(a.username ? { username: a.username } : {}), ...(a.password ? { password: a.password } : {}) };
}

/** Two candidates are the same setting when APN (case-insensitive, TS 23.003 §9.1), auth and credentials agree. */
export function settingKey(c: Pick<ApnCandidate, 'apn' | 'auth' | 'username' | 'password'>): string {
  return `${c.apn.toLowerCase()}\u0000${c.auth}\u0000${c.username ?? ''}\u0000${c.password ?? ''}`;
}
