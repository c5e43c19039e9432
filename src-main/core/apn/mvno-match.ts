// Android's MVNO matching (AOSP ApnSettingUtils.mvnoMatches), issue 13: an entry with MVNO data
// on an MCC/MNC belongs to SIMs whose SPN equals it, whose IMSI fits its pattern, whose GID1
// starts with it, or whose ICCID starts with one of its prefixes. Plus a strict comparison of
// operator names, for SIMs whose SPN names a provider that carries no MVNO data. Pure.
import type { AndroidMvnoMatch, MvnoType } from './android-types.js';
import { fold } from './normalize.js';

/**
 * What the SIM says about itself. undefined = could not be read (the match is unknown); '' = read,
 * and the SIM has none (an entry that needs it does not match).
 */
export interface SimFacts {
  imsi?: string;
  iccid?: string;
  /** EF_SPN (AT+CSPN?). */
  spn?: string;
  /** EF_GID1 as hex (AT+CRSM); '' when the file is absent or all FF. */
  gid1?: string;
  /** EF_AD's MNC length (AT+CRSM). */
  mncLength?: 2 | 3;
}

export type MatchResult = { kind: 'match' } | { kind: 'no-match' } | { kind: 'unknown'; missing: 'spn' | 'gid1' | 'iccid' | 'imsi' };

/** `x`/`X` in the pattern is any digit; the IMSI must be at least as long (ApnSettingUtils.imsiMatches). */
export function imsiMatches(pattern: string, imsi: string): boolean {
  if (pattern.length === 0 || pattern.length > imsi.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (p !== 'x' && p !== 'X' && p !== imsi[i]) return false;
  }
  return true;
}

/** GID1 hex starts with the data, case-insensitive. */
export function gidMatches(data: string, gid1: string): boolean {
  return data.length > 0 && data.length <= gid1.length && gid1.toLowerCase().startsWith(data.toLowerCase());
}

/** The ICCID starts with one of the comma-separated prefixes. */
export function iccidMatches(data: string, iccid: string): boolean {
  const id = iccid.toUpperCase();
  return data.split(',').some((p) => p.trim() !== '' && id.startsWith(p.trim().toUpperCase()));
}

/** SPN equal to the data, ignoring case and surrounding spaces (Android: equalsIgnoreCase). */
export function spnMatches(data: string, spn: string): boolean {
  return data.trim().toLowerCase() === spn.trim().toLowerCase() && spn.trim() !== '';
}

const FACT_OF: Record<MvnoType, 'spn' | 'gid1' | 'iccid' | 'imsi'> = { spn: 'spn', gid: 'gid1', iccid: 'iccid', imsi: 'imsi' };

/** Does this SIM fit the entry's MVNO data? `unknown` when the SIM fact it needs could not be read. */
export function matchMvno(m: AndroidMvnoMatch, sim: SimFacts): MatchResult {
  const fact = sim[FACT_OF[m.type]];
  if (fact === undefined) return { kind: 'unknown', missing: FACT_OF[m.type] };
  if (fact === '') return { kind: 'no-match' };
  const ok =
    m.type === 'spn' ? spnMatches(m.data, fact) : m.type === 'gid' ? gidMatches(m.data, fact) : m.type === 'iccid' ? iccidMatches(m.data, fact) : imsiMatches(m.data, fact);
  return ok ? { kind: 'match' } : { kind: 'no-match' };
}

// Words that say nothing about which operator it is ("Mint" = "Mint Mobile").
const NOISE = new Set(['mobile', 'mobil', 'movil', 'telecom', 'telekom', 'wireless', 'cellular', 'communications', 'gsm', 'lte', '4g', '5g', 'internet', 'the']);

interface NameKey {
  /** Spaces removed. */
  compact: string;
  /** Noise words removed, then spaces removed. */
  core: string;
}

// Names repeat (database names, the SIM's SPN): their keys are computed once (hot path, issue 13 bench).
const keys = new Map<string, NameKey>();

function keyOf(foldedName: string): NameKey {
  let k = keys.get(foldedName);
  if (!k) {
    k = {
      compact: foldedName.replace(/ /g, ''),
      core: foldedName
        .split(' ')
        .filter((t) => t !== '' && !NOISE.has(t))
        .join(''),
    };
    if (keys.size < 20_000) keys.set(foldedName, k);
  }
  return k;
}

/**
 * Strict: the same operator name once case, accents, punctuation and words like "Mobile" are set
 * aside ("Mint" = "Mint Mobile", "T-Mobile" = "T Mobile", but "T-Mobile" != "US Mobile" and
 * != "T-Mobile US"). Used to let a SIM's SPN pick a provider that carries no MVNO data.
 */
export function sameOperatorName(a: string, b: string): boolean {
  return sameFolded(fold(a), fold(b));
}

/** sameOperatorName on names already folded (hot path: the table folds carrier names once). */
export function sameFolded(fa: string, fb: string): boolean {
  if (fa === '' || fb === '') return false;
  if (fa === fb) return true;
  const a = keyOf(fa);
  const b = keyOf(fb);
  return a.compact === b.compact || (a.core !== '' && a.core === b.core);
}

/**
 * Weaker affinity for ordering within a tier: 2 = same name, 1 = one name (spaces removed) starts
 * with the other (≥ 3 letters: "T-Mobile" and "T-Mobile US"), 0 = unrelated.
 */
export function nameAffinity(foldedQuery: string, foldedName: string): 0 | 1 | 2 {
  if (foldedQuery === '' || foldedName === '') return 0;
  if (sameFolded(foldedQuery, foldedName)) return 2;
  const q = keyOf(foldedQuery).compact;
  const n = keyOf(foldedName).compact;
  return Math.min(q.length, n.length) >= 3 && (n.startsWith(q) || q.startsWith(n)) ? 1 : 0;
}
