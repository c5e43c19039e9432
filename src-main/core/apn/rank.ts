// The one APN decider's ranking (issue 13). Android matches MVNOs exactly by the SIM's SPN / GID1 /
// IMSI prefix, NetworkManager takes the first MBPI match of the network, ROOter cycles candidates:
// simhat does all three, in that order, and says why for each candidate:
//   remembered (worked before for this SIM) > the SIM names it (Android MVNO data; or its SPN names
//   the provider) > the home network's own entries > MBPI > the serving network / AT+COPS? name
//   (only when the IMSI says nothing) > MVNO entries whose match could not be checked.
// The same APN setting listed by both databases is one candidate whose source is "both". Pure.
import { AtError } from '../at/errors.js';
import { validateApn, validatePassword, validateUsername } from '../at/validate.js';
import type { AndroidApnTable, AndroidEntry } from './android-table.js';
import {
  authOfAndroid,
  authOfMbpi,
  ipTypeFor,
  settingKey,
  TIER_ORDER,
  type ApnCandidate,
  type ApnRanking,
  type CandidateSource,
  type CandidateTier,
  type MatchKind,
} from './candidate.js';
import type { IpType } from './db-types.js';
import { resolveHome } from './home-network.js';
import { usageRank, type ApnLookup, type Candidate as MbpiCandidate } from './lookup.js';
import { matchMvno, nameAffinity, sameFolded, type SimFacts } from './mvno-match.js';
import { fold } from './normalize.js';
import type { AuthChoice } from './preset.js';

export interface RankSources {
  mbpi: ApnLookup;
  android: AndroidApnTable;
}

/** A preset the decider stored for this SIM after it worked (matched by IMSI by the caller). */
export interface RememberedApn {
  presetName: string;
  apn: string;
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  carrierId?: string;
}

export interface RankInput {
  sim: SimFacts;
  /** "MCC-MNC" / "MCCMNC" of the serving cell (AT+CPSI?, AT+COPS numeric). */
  servingNetwork?: string;
  /** AT+COPS? alphanumeric name. */
  operatorName?: string;
  /** Registration stat 5. */
  registeredRoaming?: boolean;
  remembered?: readonly RememberedApn[];
}

const MATCH_RANK: Record<MatchKind, number> = { gid1: 0, imsi: 1, iccid: 2, spn: 3, 'spn-name': 4 };
const MATCH_WORDS: Record<Exclude<MatchKind, 'spn-name'>, string> = { gid1: 'GID1', spn: 'SPN', imsi: 'IMSI pattern', iccid: 'ICCID prefix' };
const KIND_OF = { gid: 'gid1', spn: 'spn', imsi: 'imsi', iccid: 'iccid' } as const;

type Base = Omit<ApnCandidate, 'tier' | 'reasons' | 'match'>;

/** A candidate's settings, shared between calls, with its setting key computed once. */
interface BaseRec {
  base: Base;
  key: string;
}

/** A listing before sorting and merging: the shared settings plus why it is listed. */
interface Proto {
  rec: BaseRec;
  tier: CandidateTier;
  reasons: string[];
  match?: ApnCandidate['match'];
}

interface Draft extends Proto {
  sort: [number, number, number, number];
}

class Drafts {
  readonly list: Draft[] = [];
  private seq = 0;
  add(p: Proto, k1 = 0, k2 = 0): void {
    const d: Draft = { rec: p.rec, tier: p.tier, reasons: p.reasons, sort: [TIER_ORDER.indexOf(p.tier), k1, k2, this.seq++] };
    if (p.match) d.match = p.match;
    this.list.push(d);
  }
}

const rec = (base: Base): BaseRec => ({ base, key: settingKey(base) });

// The settings part of a candidate depends only on the entry (and roaming): built once per entry.
const androidBase = new WeakMap<AndroidEntry, [BaseRec | undefined, BaseRec | undefined]>();
const mbpiBase = new WeakMap<MbpiCandidate, BaseRec>();

function baseOfAndroid(a: AndroidEntry, roaming: boolean): BaseRec {
  let pair = androidBase.get(a);
  if (!pair) androidBase.set(a, (pair = [undefined, undefined]));
  const slot = roaming ? 1 : 0;
  const cached = pair[slot];
  if (cached) return cached;
  const e = a.entry;
  const { ipType, adjustment } = ipTypeFor(e, roaming);
  const made = rec({ id: a.id, apn: e.apn, ipType, ...authOfAndroid(e), name: e.carrier, network: e.network, source: 'android', ...(adjustment ? { adjustments: [adjustment] } : {}), carrierIds: [], androidIndexes: [e.index] });
  pair[slot] = made;
  return made;
}

function fromAndroid(a: AndroidEntry, tier: CandidateTier, roaming: boolean, reasons: string[], match?: ApnCandidate['match']): Proto {
  return { rec: baseOfAndroid(a, roaming), tier, reasons, ...(match ? { match } : {}) };
}

function fromMbpi(m: MbpiCandidate, tier: CandidateTier, reasons: string[], match?: ApnCandidate['match']): Proto {
  let r = mbpiBase.get(m);
  if (!r) {
    r = rec({ id: m.id, apn: m.apn.value, ipType: m.apn.ipType, ...authOfMbpi(m.apn), name: m.provider, network: m.matchedNetwork ?? m.networkIds[0], source: 'mbpi', carrierIds: [m.id], androidIndexes: [] });
    mbpiBase.set(m, r);
  }
  return { rec: r, tier, reasons, ...(match ? { match } : {}) };
}

// Hot-path caches (bench target: p99 <= 0.1 ms per SIM): names folded once, values validated once,
// and each pair's sibling networks (a provider listing several pairs is one network, not roaming).
const folded = new Map<string, string>();
const foldOnce = (name: string): string => {
  let f = folded.get(name);
  if (f === undefined) {
    f = fold(name);
    if (folded.size < 10_000) folded.set(name, f);
  }
  return f;
};
const checked = new Map<string, string | undefined>();
const siblings = new WeakMap<ApnLookup, Map<string, ReadonlySet<string>>>();

function siblingNetworks(mbpi: ApnLookup, pair: string): ReadonlySet<string> {
  let byPair = siblings.get(mbpi);
  if (!byPair) siblings.set(mbpi, (byPair = new Map()));
  let set = byPair.get(pair);
  if (!set) byPair.set(pair, (set = new Set([pair, ...mbpi.frozenByMccMnc(pair).flatMap((c) => c.networkIds)])));
  return set;
}

const mbpiWords = (m: MbpiCandidate, pair: string) => `MBPI: "${m.provider}" on ${pair}${m.apn.plan?.length ? ` (${m.apn.plan.join('/')})` : ''}`;

/** The home network's Android entries: exact MVNO matches, host entries, and MVNO entries the SIM could not be checked against. */
function androidDrafts(d: Drafts, entries: readonly AndroidEntry[], pair: string, sim: SimFacts, spnF: string, copsF: string, roaming: boolean): void {
  for (const a of entries) {
    const e = a.entry;
    const label = `Android entry "${e.carrier}"`;
    if (e.mvno) {
      const r = matchMvno(e.mvno, sim);
      const kind = KIND_OF[e.mvno.type];
      if (r.kind === 'match') {
        const shown = e.mvno.type === 'spn' ? `'${sim.spn ?? ''}'` : `'${e.mvno.data}'`;
        d.add(fromAndroid(a, 'sim-match', roaming, [`${MATCH_WORDS[kind]} ${shown} matches (${label})`], { kind, data: e.mvno.data }), MATCH_RANK[kind], -e.mvno.data.length);
      } else if (r.kind === 'unknown') {
        const unread = `MVNO entry "${e.carrier}" on ${pair} is for SIMs with ${MATCH_WORDS[kind]} '${e.mvno.data}'; this SIM's ${r.missing.toUpperCase()} could not be read`;
        // The SIM's own name still identifies the carrier when the file the entry needs is unreadable.
        if (spnF && sameFolded(spnF, a.folded)) d.add(fromAndroid(a, 'sim-match', roaming, [`SPN '${sim.spn ?? ''}' names carrier "${e.carrier}" (Android)`, unread], { kind: 'spn-name', data: e.carrier }), MATCH_RANK['spn-name']);
        else d.add(fromAndroid(a, 'unverified-mvno', roaming, [unread]));
      }
      continue;
    }
    if (spnF && sameFolded(spnF, a.folded)) {
      d.add(fromAndroid(a, 'sim-match', roaming, [`SPN '${sim.spn ?? ''}' names carrier "${e.carrier}" (Android)`, `host network of ${pair}`], { kind: 'spn-name', data: e.carrier }), MATCH_RANK['spn-name']);
    } else {
      d.add(fromAndroid(a, 'host', roaming, [`host network of ${pair} (${label})`]), -Math.max(nameAffinity(spnF, a.folded), nameAffinity(copsF, a.folded)));
    }
  }
}

/** The home network's MBPI internet APNs; a provider the SPN names gives its first APN to the sim-match tier. */
function mbpiDrafts(d: Drafts, list: readonly MbpiCandidate[], pair: string, sim: SimFacts, spnF: string, copsF: string): void {
  const promoted = new Set<string>();
  for (const m of list) {
    if (usageRank(m.apn.usage) > 1) continue;
    const f = foldOnce(m.provider);
    if (spnF && sameFolded(spnF, f) && !promoted.has(m.providerId)) {
      promoted.add(m.providerId);
      d.add(fromMbpi(m, 'sim-match', [`SPN '${sim.spn ?? ''}' names provider "${m.provider}" (MBPI)`, mbpiWords(m, pair)], { kind: 'spn-name', data: m.provider }), MATCH_RANK['spn-name']);
      continue;
    }
    d.add(fromMbpi(m, 'mbpi', [mbpiWords(m, pair)]), -Math.max(nameAffinity(spnF, f), nameAffinity(copsF, f)));
  }
}

function mergeSource(a: CandidateSource, b: CandidateSource): CandidateSource {
  if (a === b || a === 'preset' || a === 'both') return a;
  return 'both';
}

/** A candidate of fixed shape (no spreads of the shared base: objects of one shape stay fast). */
function materialize(b: Base, d: Draft): ApnCandidate {
  // Fresh arrays: the bases are shared between calls and merging appends to these.
  const c: ApnCandidate = { id: b.id, apn: b.apn, ipType: b.ipType, auth: b.auth, name: b.name, tier: d.tier, source: b.source, reasons: d.reasons.slice(), carrierIds: b.carrierIds.slice(), androidIndexes: b.androidIndexes.slice() };
  if (b.username !== undefined) c.username = b.username;
  if (b.password !== undefined) c.password = b.password;
  if (b.network !== undefined) c.network = b.network;
  if (d.match) c.match = d.match;
  if (b.adjustments) c.adjustments = b.adjustments.slice();
  if (b.presetName !== undefined) c.presetName = b.presetName;
  return c;
}

/** Sorts and folds duplicate settings into the first (best-placed) one; only the survivors become candidates. */
function merge(drafts: Draft[]): ApnCandidate[] {
  drafts.sort((x, y) => x.sort[0] - y.sort[0] || x.sort[1] - y.sort[1] || x.sort[2] - y.sort[2] || x.sort[3] - y.sort[3]);
  const byKey = new Map<string, ApnCandidate>();
  const out: ApnCandidate[] = [];
  for (const d of drafts) {
    const b = d.rec.base;
    const first = byKey.get(d.rec.key);
    if (!first) {
      const own = materialize(b, d);
      byKey.set(d.rec.key, own);
      out.push(own);
      continue;
    }
    // A better-placed candidate gains nothing from "could not be checked" words: keep its reasons readable.
    if (d.tier !== 'unverified-mvno' || first.tier === 'unverified-mvno') for (const r of d.reasons) if (!first.reasons.includes(r)) first.reasons.push(r);
    // MBPI has no IP type of its own (every entry says IPV4V6): the first Android entry's explicit one wins.
    if (first.source === 'mbpi' && b.androidIndexes.length > 0) {
      first.ipType = b.ipType;
      if (b.adjustments) first.adjustments = [...b.adjustments];
    }
    for (const id of b.carrierIds) if (!first.carrierIds.includes(id)) first.carrierIds.push(id);
    for (const i of b.androidIndexes) if (!first.androidIndexes.includes(i)) first.androidIndexes.push(i);
    first.source = mergeSource(first.source, b.source);
  }
  return out;
}

function usable(c: ApnCandidate): string | undefined {
  const key = settingKey(c);
  if (checked.has(key)) return checked.get(key);
  let why: string | undefined;
  try {
    validateApn(c.apn);
    if (c.username !== undefined) validateUsername(c.username);
    if (c.password !== undefined) validatePassword(c.password);
  } catch (err) {
    if (!(err instanceof AtError)) throw err;
    why = err.message;
  }
  if (checked.size < 10_000) checked.set(key, why);
  return why;
}

/** The ranked candidates for a SIM, each with its reasons (see the top of this file). */
export function rankApns(input: RankInput, sources: RankSources): ApnRanking {
  const { sim } = input;
  const known = (p: string) => sources.android.has(p) || sources.mbpi.hasNetwork(p);
  const order = (p2: string, p3: string): [string, string] => {
    const r = sources.mbpi.resolveImsi(`${p3.replace('-', '')}000000`.slice(0, 15));
    return r.pairs[0] === p3 ? [p3, p2] : [p2, p3];
  };
  const resolution = resolveHome({ ...(sim.imsi ? { imsi: sim.imsi } : {}), ...(sim.mncLength ? { mncLength: sim.mncLength } : {}), ...(input.servingNetwork ? { servingNetwork: input.servingNetwork } : {}), ...(input.registeredRoaming !== undefined ? { registeredRoaming: input.registeredRoaming } : {}) }, known, order);
  const { home, serving } = resolution;
  const notes = [...resolution.notes];
  const homePairs = home?.pairs ?? [];
  const roaming = input.registeredRoaming === true || (serving !== undefined && homePairs.length > 0 && !homePairs.some((p) => siblingNetworks(sources.mbpi, p).has(serving)));
  if (roaming && homePairs.length) notes.push(`Roaming on ${serving ?? 'a visited network'}: APNs of the SIM's home network ${homePairs.join('/')} (from the IMSI), not the visited network's.`);
  const spnF = sim.spn ? foldOnce(sim.spn) : '';
  const copsF = input.operatorName && !roaming ? foldOnce(input.operatorName) : '';

  const d = new Drafts();
  for (const r of input.remembered ?? []) {
    const base: Base = { id: `preset:${r.presetName}`, apn: r.apn, ipType: r.ipType, auth: r.auth, ...(r.username ? { username: r.username } : {}), ...(r.password ? { password: r.password } : {}), name: r.presetName, source: 'preset', carrierIds: r.carrierId && !r.carrierId.startsWith('android/') ? [r.carrierId] : [], androidIndexes: [], presetName: r.presetName };
    d.add({ rec: rec(base), tier: 'remembered', reasons: [`worked before for this SIM (preset "${r.presetName}")`] });
  }
  for (const pair of homePairs) {
    androidDrafts(d, sources.android.entries(pair), pair, sim, spnF, copsF, roaming);
    mbpiDrafts(d, sources.mbpi.frozenByMccMnc(pair), pair, sim, spnF, copsF);
  }
  const fromHome = d.list.some((x) => x.tier !== 'remembered');
  if (!fromHome && !roaming) operatorDrafts(d, input, serving, serving?.slice(0, 3) ?? home?.mcc, sources, notes);

  const all = merge(d.list);
  const unusable: ApnRanking['unusable'] = [];
  const candidates = all.filter((c) => {
    const why = usable(c);
    if (why) unusable.push({ name: c.name, apn: c.apn, reason: why });
    return !why;
  });
  if (d.list.some((x) => x.tier === 'unverified-mvno')) notes.push('Some MVNO entries could not be checked against this SIM (a SIM file could not be read): they are listed last.');
  const standout = isStandout(candidates);
  const ranking: ApnRanking = {
    home,
    ...(serving ? { servingNetwork: serving } : {}),
    roaming,
    candidates,
    standout,
    decision: candidates.length === 0 ? 'ask-for-apn' : standout ? 'apply' : 'try-in-order',
    notes,
    unusable,
  };
  if (candidates.length === 0) ranking.askForApn = askForApn(home?.pairs ?? [], sim.imsi !== undefined, roaming);
  return ranking;
}

/** When the IMSI gives nothing: the network the modem is registered on, then its AT+COPS? name. */
function operatorDrafts(d: Drafts, input: RankInput, serving: string | undefined, mcc: string | undefined, sources: RankSources, notes: string[]): void {
  const why = input.sim.imsi ? 'the SIM\'s own network is in neither database' : 'the SIM\'s IMSI could not be read';
  if (serving) {
    const pair = serving;
    for (const a of sources.android.entries(pair)) {
      if (a.entry.mvno) continue;
      d.add(fromAndroid(a, 'operator', false, [`the modem is registered on ${pair} and ${why} (Android entry "${a.entry.carrier}")`]));
    }
    for (const m of sources.mbpi.byMccMnc(pair.slice(0, 3), pair.slice(4))) if (usageRank(m.apn.usage) <= 1) d.add(fromMbpi(m, 'operator', [`the modem is registered on ${pair} and ${why} (${mbpiWords(m, pair)})`]));
  }
  const name = input.operatorName?.trim();
  if (name && !/^\d{5,6}$/.test(name)) {
    for (const m of sources.mbpi.byOperatorName(name, mcc ? { mcc } : {})) {
      if (usageRank(m.apn.usage) <= 1) d.add(fromMbpi(m, 'operator', [`operator name "${name}" (AT+COPS?) ~ provider "${m.provider}" (MBPI)`]), 1);
    }
  }
  if (d.list.some((x) => x.tier === 'operator')) notes.push(`Guessed from the network the modem uses because ${why}: check it is your SIM's provider.`);
}

function isStandout(list: readonly ApnCandidate[]): boolean {
  const [a, b] = list;
  if (!a) return false;
  // A guess from the serving network, or an unchecked MVNO entry, never stands out on its own.
  if (a.tier === 'operator' || a.tier === 'unverified-mvno') return false;
  if (!b || a.tier === 'remembered') return true;
  if (a.tier === 'sim-match') {
    // Two different carriers matched just as strongly: the SIM does not pick one.
    return !(b.tier === 'sim-match' && b.match?.kind === a.match?.kind && b.name !== a.name);
  }
  if (a.tier === 'host') return b.tier !== 'host';
  return false;
}

function askForApn(pairs: readonly string[], hadImsi: boolean, roaming: boolean): string {
  const where = !hadImsi ? 'simhat could not read the SIM\'s IMSI' : pairs.length ? `simhat knows no APN for ${pairs.join('/')}` : 'the SIM\'s network is in neither of simhat\'s APN databases';
  const text = `${where}${roaming ? ' (the modem is roaming)' : ''}. Please type the APN your mobile provider gives for data: it is on the provider's website or the SIM's card, often a short name such as "internet".`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
