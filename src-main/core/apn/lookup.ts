// APN lookup over the MBPI database (resources/apn/apn-db.json), issue 5. Pure: the caller loads
// the JSON; every index is built once in the constructor so a lookup is a few Map reads.
//
// Rules from the issue:
// - IMSI = MCC (3 digits) + MNC (2 or 3) + MSIN; the MNC length is decided by which pairs exist in
//   the database (sim7600.md §4), never guessed from the country. When both lengths match (e.g.
//   208-26 and 208-260 both exist), both are returned and the result says it is ambiguous.
// - Several providers on one MCC/MNC (MVNOs): every candidate is returned, ranked; never a silent
//   first match.
// - Roaming (serving network is not the home network from the IMSI): suggest by IMSI; the visited
//   network's operator name says nothing about the SIM's APN.
//
// The database's indexes are in ./db-index.ts, the listing order in ./carrier-order.ts, the text search
// in ./provider-search.ts, the result types in ./lookup-types.ts.
import { rankCandidates, usageRank } from './carrier-order.js';
import { ApnDbIndex, type ProviderEntry } from './db-index.js';
import type { ApnDb } from './db-types.js';
import type { Candidate, Carrier, ImsiResolution, ProviderHit, Suggestion, SuggestInput } from './lookup-types.js';
import { nameSimilarity } from './normalize.js';
import { normalizeMccMnc, ProviderSearch } from './provider-search.js';

// The lookup's vocabulary stays importable from here (the contract, the service and the faces use it).
export type { Candidate, Carrier, ImsiResolution, ProviderHit, SuggestBasis, Suggestion, SuggestInput } from './lookup-types.js';
export { usageRank } from './carrier-order.js';
export { normalizeMccMnc } from './provider-search.js';

function toCandidate(c: Carrier, pair: string, shared: boolean): Candidate {
  const out: Candidate = { ...c, reasons: Object.freeze([`IMSI network ${pair}`]) as string[], matchedNetwork: pair };
  if (shared) out.sharedNetwork = true;
  return out;
}

export class ApnLookup {
  readonly db: ApnDb;
  private readonly index: ApnDbIndex;
  private readonly text: ProviderSearch;
  private readonly frozenByPair = new Map<string, readonly Candidate[]>();

  /**
   * Only the MCC/MNC index is built here (load budget 50 ms, issue 5); carriers, ids and per-pair
   * rankings are built on first use and cached, so a lookup stays a few Map reads.
   */
  constructor(db: ApnDb) {
    if (db.schema !== 1 || !Array.isArray(db.countries)) throw new Error('APN database: unsupported schema');
    this.db = db;
    this.index = new ApnDbIndex(db);
    this.text = new ProviderSearch(this.index);
  }

  get summary() {
    return this.db.summary;
  }

  /** Every carrier (one per APN of every provider), in database order. */
  carriers(): Carrier[] {
    return [...this.index.ids().carriers.values()];
  }

  /** A carrier by id ("us/t-mobile/0"); ids are case-insensitive. */
  carrier(id: string): Carrier | undefined {
    return this.index.ids().carriers.get(id.trim().toLowerCase());
  }

  /**
   * What `--carrier <id>` means: an APN id gives that APN; a provider id ("us/t-mobile") gives its
   * internet APNs in database order (for "try candidates"), or all its APNs when none is internet.
   */
  resolveCarrierId(id: string): Carrier[] {
    const one = this.carrier(id);
    if (one) return [one];
    const entry = this.index.ids().providers.get(id.trim().toLowerCase());
    if (!entry) return [];
    const carriers = this.index.carriersOf(entry);
    const internet = carriers.filter((c) => usageRank(c.apn.usage) <= 1);
    return internet.length ? internet : [...carriers];
  }

  /** Which database pairs an IMSI belongs to (MNC length from the database, issue 5). */
  resolveImsi(imsi: string, mncLength?: 2 | 3): ImsiResolution {
    const digits = imsi.trim();
    if (!/^\d{6,15}$/.test(digits)) throw new RangeError(`not an IMSI (6 to 15 digits): "${imsi}"`);
    const mcc = digits.slice(0, 3);
    const p3 = `${mcc}-${digits.slice(3, 6)}`;
    const p2 = `${mcc}-${digits.slice(3, 5)}`;
    const has3 = mncLength !== 2 && this.index.byPair.has(p3);
    const has2 = mncLength !== 3 && this.index.byPair.has(p2);
    let pairs: string[];
    if (has2 && has3) {
      // Tie-break only the order (both are returned): the length most pairs of this MCC use.
      const l = this.index.mncLengths.get(mcc) ?? { two: 0, three: 0 };
      pairs = l.three > l.two ? [p3, p2] : [p2, p3];
    } else pairs = has3 ? [p3] : has2 ? [p2] : [];
    return { imsi: digits, mcc, pairs, ambiguous: pairs.length > 1, unknown: pairs.length === 0 };
  }

  /** Whether any provider lists this "MCC-MNC" pair (no allocation: the APN decider asks per SIM). */
  hasNetwork(pair: string): boolean {
    return this.index.byPair.has(pair);
  }

  /** The pair's ranked candidates, shared and frozen (read-only callers on a hot path, issue 13). */
  frozenByMccMnc(pair: string): readonly Candidate[] {
    this.presorted(pair);
    return this.frozenByPair.get(pair) ?? [];
  }

  /** Every APN of every provider listing this MCC/MNC, ranked (internet first, network owner before MVNOs). */
  byMccMnc(mcc: string, mnc: string): Candidate[] {
    return this.presorted(`${mcc}-${mnc}`);
  }

  /**
   * The pair's ranked candidates as a fresh array of frozen objects, cached per pair: the IMSI hot
   * path allocates one array (lookup p99 <= 0.1 ms, issue 5). Callers that change candidates
   * (name scoring) copy them first.
   */
  private presorted(pair: string): Candidate[] {
    let frozen = this.frozenByPair.get(pair);
    if (!frozen) {
      const ranked = this.index.ranked(pair);
      if (!ranked) return [];
      const shared = (this.index.byPair.get(pair)?.length ?? 0) > 1;
      frozen = ranked.map((c) => Object.freeze(toCandidate(c, pair, shared)));
      this.frozenByPair.set(pair, frozen);
    }
    return [...frozen];
  }

  /** Candidates for a SIM: all providers of the pair(s) its IMSI resolves to. */
  byImsi(imsi: string, options: { operatorName?: string; mncLength?: 2 | 3 } = {}): { resolution: ImsiResolution; candidates: Candidate[] } {
    const resolution = this.resolveImsi(imsi, options.mncLength);
    const [first, second] = resolution.pairs;
    let candidates: Candidate[];
    if (first === undefined) candidates = [];
    else if (second === undefined && options.operatorName === undefined) candidates = this.presorted(first);
    else {
      const all = resolution.pairs.flatMap((pair) => this.presorted(pair).map((c) => ({ ...c, reasons: [...c.reasons] })));
      if (options.operatorName !== undefined) this.scoreNames(all, options.operatorName);
      candidates = rankCandidates(all, options.operatorName !== undefined);
    }
    return { resolution, candidates };
  }

  /**
   * Providers whose name resembles an operator name as AT+COPS? reports it (fuzzy, case- and
   * accent-insensitive). `mcc` narrows to that country's networks when known.
   */
  byOperatorName(name: string, options: { mcc?: string; minScore?: number } = {}): Candidate[] {
    const { mcc, minScore = 0.6 } = options;
    const out: Candidate[] = [];
    for (const entry of this.index.providers) {
      if (mcc !== undefined && !entry.provider.networkIds.some((id) => id.startsWith(`${mcc}-`))) continue;
      const score = this.nameScore(entry, name);
      if (score < minScore) continue;
      for (const c of this.index.carriersOf(entry)) out.push({ ...c, reasons: [`operator name "${name}" ~ "${entry.provider.name}"`], nameScore: score });
    }
    return rankCandidates(out, true);
  }

  /**
   * Free-text search over country and provider names (and "MCC-MNC"): every word of the query must
   * match a word of the provider's or its country's names (prefix match, accent-insensitive).
   */
  search(text: string, options: { limit?: number } = {}): ProviderHit[] {
    return this.text.search(text, options.limit ?? 50);
  }

  /**
   * The suggestion for a modem: by IMSI when the database knows its home network (always when
   * roaming), else by the operator name the network reports, else by the IMSI's country.
   */
  suggest(input: SuggestInput): Suggestion {
    const notes: string[] = [];
    let serving = input.servingNetwork !== undefined ? normalizeMccMnc(input.servingNetwork) : undefined;
    let operatorName = input.operatorName?.trim() || undefined;
    if (operatorName !== undefined && normalizeMccMnc(operatorName)) {
      serving ??= normalizeMccMnc(operatorName); // AT+COPS in numeric format (fmt 2)
      operatorName = undefined;
    }
    const home = input.imsi ? this.resolveImsi(input.imsi, input.mncLength) : undefined;
    // The serving pair disambiguates the MNC length when we are at home.
    if (home?.ambiguous && serving && home.pairs.includes(serving)) {
      home.pairs = [serving];
      home.ambiguous = false;
    }
    const homeNetworks = new Set(home ? home.pairs.flatMap((p) => (this.index.byPair.get(p) ?? []).flatMap((e) => e.provider.networkIds)) : []);
    const roaming = input.registeredRoaming === true || (serving !== undefined && home !== undefined && !home.unknown && !homeNetworks.has(serving));
    const base = { servingNetwork: serving, roaming } as const;

    if (home && !home.unknown) {
      if (roaming) notes.push(`Roaming on ${serving ?? 'a visited network'}: suggesting the home network's APNs (from the IMSI), not the visited operator's.`);
      const { candidates } = this.byImsi(home.imsi, {
        ...(roaming || operatorName === undefined ? {} : { operatorName }),
        ...(input.mncLength ? { mncLength: input.mncLength } : {}),
      });
      // Keep the disambiguated pair only.
      const kept = candidates.filter((c) => c.matchedNetwork !== undefined && home.pairs.includes(c.matchedNetwork));
      if (home.ambiguous) notes.push(`The IMSI matches ${home.pairs.join(' and ')} (2- and 3-digit MNC): both are listed.`);
      const providerCount = new Set(kept.map((c) => c.providerId)).size;
      if (providerCount > 1) notes.push(`${providerCount} providers use ${home.pairs.join('/')} (MVNOs): choose yours.`);
      return { basis: 'imsi', home, ...base, candidates: kept, notes };
    }
    if (home?.unknown) notes.push(`The database has no network for IMSI prefix ${home.imsi.slice(0, 6)}.`);
    if (operatorName !== undefined && !roaming) {
      const mcc = serving?.slice(0, 3) ?? home?.mcc;
      const byName = this.byOperatorName(operatorName, mcc ? { mcc } : {});
      if (byName.length) {
        notes.push(`Matched by the operator name "${operatorName}": check it is your SIM's provider.`);
        return { basis: 'operator-name', ...(home ? { home } : {}), ...base, candidates: byName, notes };
      }
    }
    if (home) {
      const country = this.index.providers.filter((e) => e.provider.networkIds.some((id) => id.startsWith(`${home.mcc}-`)));
      if (country.length) {
        notes.push(`Listing every provider of MCC ${home.mcc}: pick yours or search by name.`);
        const all = country.flatMap((e) => this.index.carriersOf(e).map((c): Candidate => ({ ...c, reasons: [`a network of MCC ${home.mcc}`] })));
        return { basis: 'mcc', home, ...base, candidates: rankCandidates(all, false), notes };
      }
    }
    notes.push('Nothing matched: search by provider or country name (simhat apn search <text>).');
    return { basis: 'none', ...(home ? { home } : {}), ...base, candidates: [], notes };
  }

  private nameScore(entry: ProviderEntry, name: string): number {
    let best = 0;
    for (const n of [entry.provider.name, ...(entry.provider.aliases ?? [])]) best = Math.max(best, nameSimilarity(name, n));
    return best;
  }

  private scoreNames(candidates: Candidate[], name: string): void {
    const cache = new Map<string, number>();
    for (const c of candidates) {
      let s = cache.get(c.providerId);
      if (s === undefined) {
        const entry = this.index.ids().providers.get(c.providerId);
        s = entry ? this.nameScore(entry, name) : 0;
        cache.set(c.providerId, s);
      }
      c.nameScore = s;
      if (s >= 0.6) c.reasons.push(`operator name "${name}" ~ "${c.provider}"`);
    }
  }
}
