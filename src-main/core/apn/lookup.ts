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
import type { ApnDb, ApnUsage, DbApn, DbProvider } from './db-types.js';
import { fold, nameSimilarity, slugify, tokens } from './normalize.js';

/** One APN of one provider: what `--carrier <id>` selects. */
export interface Carrier {
  /** Stable id "<country>/<provider-slug>/<apn index>", e.g. "us/t-mobile/0". */
  id: string;
  /** "<country>/<provider-slug>": selects the provider's internet APNs in order. */
  providerId: string;
  countryCode: string;
  countryName: string;
  provider: string;
  /** MBPI `primary`: true = network owner, false = MVNO, undefined = not stated. */
  primary?: boolean;
  networkIds: readonly string[];
  apnIndex: number;
  apn: DbApn;
}

export interface Candidate extends Carrier {
  /** Why it is listed, in words ("IMSI 310-260", "operator name 'Mint' ~ 'Mint Mobile'"). */
  reasons: string[];
  /** 0..1 similarity of the reported operator name to this provider (when a name was given). */
  nameScore?: number;
  /** The MCC-MNC pair that matched, when matched by network. */
  matchedNetwork?: string;
  /** More than one provider lists this pair: the user must choose. */
  sharedNetwork?: boolean;
}

export interface ImsiResolution {
  imsi: string;
  mcc: string;
  /** MCC-MNC pairs of the database that the IMSI starts with, the most likely first. */
  pairs: string[];
  /** Both a 2-digit and a 3-digit MNC match: `pairs` holds both. */
  ambiguous: boolean;
  /** No pair in the database matches this IMSI. */
  unknown: boolean;
}

export interface SuggestInput {
  /** AT+CIMI. */
  imsi?: string;
  /** The network the modem is registered on, "MCC-MNC" or "MCCMNC" (AT+CPSI? or AT+COPS numeric). */
  servingNetwork?: string;
  /** AT+COPS? alphanumeric operator name (may be numeric, then it is treated as servingNetwork). */
  operatorName?: string;
  /** Registration stat 5 (roaming) from AT+CREG?/CGREG?/CEREG?. */
  registeredRoaming?: boolean;
  /** MNC length read from the SIM's EF_AD (AT+CRSM), when available: removes any ambiguity. */
  mncLength?: 2 | 3;
}

export type SuggestBasis = 'imsi' | 'operator-name' | 'mcc' | 'none';

export interface Suggestion {
  basis: SuggestBasis;
  home?: ImsiResolution;
  servingNetwork?: string;
  roaming: boolean;
  candidates: Candidate[];
  /** Things the user should know (ambiguity, roaming, MVNO choice, nothing found). */
  notes: string[];
}

export interface ProviderHit {
  providerId: string;
  countryCode: string;
  countryName: string;
  provider: string;
  primary?: boolean;
  networkIds: readonly string[];
  carriers: Carrier[];
  score: number;
}

interface ProviderEntry {
  countryIndex: number;
  countryCode: string;
  countryName: string;
  provider: DbProvider;
  /** Set with the country's ids (see countryIds): slugs depend on the other providers of the country. */
  providerId?: string;
  /** Built on first use (load budget 50 ms: most lookups touch a few providers). */
  carriers?: Carrier[];
}

/** Folded names for text matching; built on the first text search, not at load (load budget 50 ms). */
interface SearchFields {
  names: string[];
  providerTokens: string[];
  countryTokens: string[];
}

// Internet first (issue 5); an APN without <usage> is usually a data APN in MBPI; MMS last.
const USAGE_ORDER: Record<string, number> = {
  internet: 0,
  none: 1,
  'mms-internet-hipri': 2,
  'mms-internet-hipri-fota': 2,
  ia: 3,
  wap: 4,
  mms: 5,
};

export function usageRank(usage: ApnUsage | undefined): number {
  return USAGE_ORDER[usage ?? 'none'] ?? 6;
}

/** "310260", "310-260", "310 26" -> "310-260" / "310-26"; undefined when not an MCC/MNC. */
export function normalizeMccMnc(text: string): string | undefined {
  const m = /^\s*(\d{3})[-\s]?(\d{2,3})\s*$/.exec(text);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

const primaryRank = (p: boolean | undefined) => (p === true ? 0 : p === undefined ? 1 : 2);

export class ApnLookup {
  readonly db: ApnDb;
  private readonly providers: ProviderEntry[] = [];
  private readonly byCountry: ProviderEntry[][] = [];
  private readonly idsDone = new Set<number>();
  private readonly byPair = new Map<string, ProviderEntry[]>();
  /** Pairs of an MCC grouped by MNC length, for IMSI resolution and tie-breaks. */
  private readonly mncLengths = new Map<string, { two: number; three: number }>();
  /** Id indexes, built on the first call that needs them (carrier(), resolveCarrierId(), carriers()). */
  private idIndex: { carriers: Map<string, Carrier>; providers: Map<string, ProviderEntry> } | undefined;
  /** Carriers per pair, ranked by the name-independent order; built per pair on first lookup, then reused. */
  private readonly rankedByPair = new Map<string, Carrier[]>();
  private readonly frozenByPair = new Map<string, readonly Candidate[]>();
  private searchFields: Map<ProviderEntry, SearchFields> | undefined;

  /**
   * Only the MCC/MNC index is built here (load budget 50 ms, issue 5); carriers, ids and per-pair
   * rankings are built on first use and cached, so a lookup stays a few Map reads.
   */
  constructor(db: ApnDb) {
    if (db.schema !== 1 || !Array.isArray(db.countries)) throw new Error('APN database: unsupported schema');
    this.db = db;
    db.countries.forEach((country, countryIndex) => {
      const list: ProviderEntry[] = [];
      for (const provider of country.providers) {
        const entry: ProviderEntry = { countryIndex, countryCode: country.code, countryName: country.name, provider };
        list.push(entry);
        this.providers.push(entry);
        for (const pair of new Set(provider.networkIds)) {
          const owners = this.byPair.get(pair);
          if (owners) owners.push(entry);
          else this.byPair.set(pair, [entry]);
          const dash = pair.indexOf('-');
          const mncLength = pair.length - dash - 1;
          if (dash === 3 && (mncLength === 2 || mncLength === 3)) {
            const mcc = pair.slice(0, 3);
            let l = this.mncLengths.get(mcc);
            if (!l) this.mncLengths.set(mcc, (l = { two: 0, three: 0 }));
            if (mncLength === 2) l.two++;
            else l.three++;
          }
        }
      }
      this.byCountry.push(list);
    });
  }

  /** Gives every provider of a country its id "<country>/<slug>" (a repeated slug gets -2, -3 in database order). */
  private countryIds(countryIndex: number): void {
    if (this.idsDone.has(countryIndex)) return;
    const used = new Set<string>();
    for (const entry of this.byCountry[countryIndex] ?? []) {
      const base = slugify(entry.provider.name);
      let slug = base;
      for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
      used.add(slug);
      entry.providerId = `${entry.countryCode}/${slug}`;
    }
    this.idsDone.add(countryIndex);
  }

  private carriersOf(entry: ProviderEntry): Carrier[] {
    if (entry.carriers) return entry.carriers;
    this.countryIds(entry.countryIndex);
    const providerId = entry.providerId as string;
    const { provider } = entry;
    const carriers: Carrier[] = [];
    for (let apnIndex = 0; apnIndex < provider.apns.length; apnIndex++) {
      const c: Carrier = {
        id: `${providerId}/${apnIndex}`,
        providerId,
        countryCode: entry.countryCode,
        countryName: entry.countryName,
        provider: provider.name,
        networkIds: provider.networkIds,
        apnIndex,
        apn: provider.apns[apnIndex] as DbApn,
      };
      if (provider.primary !== undefined) c.primary = provider.primary;
      // Shared by every result that lists it: frozen so no caller can change another's answer.
      carriers.push(Object.freeze(c));
    }
    entry.carriers = carriers;
    return carriers;
  }

  private ids(): { carriers: Map<string, Carrier>; providers: Map<string, ProviderEntry> } {
    if (!this.idIndex) {
      const carriers = new Map<string, Carrier>();
      const providers = new Map<string, ProviderEntry>();
      for (const entry of this.providers) {
        for (const c of this.carriersOf(entry)) carriers.set(c.id, c);
        providers.set(entry.providerId as string, entry);
      }
      this.idIndex = { carriers, providers };
    }
    return this.idIndex;
  }

  /** The pair's carriers ranked: internet first, network owner before MVNOs, postpaid before prepaid, database order. */
  private ranked(pair: string): Carrier[] | undefined {
    let list = this.rankedByPair.get(pair);
    if (list) return list;
    const owners = this.byPair.get(pair);
    if (!owners) return undefined;
    list = rankStatic(owners.flatMap((e) => this.carriersOf(e)));
    this.rankedByPair.set(pair, list);
    return list;
  }

  get summary() {
    return this.db.summary;
  }

  /** Every carrier (one per APN of every provider), in database order. */
  carriers(): Carrier[] {
    return [...this.ids().carriers.values()];
  }

  /** A carrier by id ("us/t-mobile/0"); ids are case-insensitive. */
  carrier(id: string): Carrier | undefined {
    return this.ids().carriers.get(id.trim().toLowerCase());
  }

  /**
   * What `--carrier <id>` means: an APN id gives that APN; a provider id ("us/t-mobile") gives its
   * internet APNs in database order (for "try candidates"), or all its APNs when none is internet.
   */
  resolveCarrierId(id: string): Carrier[] {
    const one = this.carrier(id);
    if (one) return [one];
    const entry = this.ids().providers.get(id.trim().toLowerCase());
    if (!entry) return [];
    const carriers = this.carriersOf(entry);
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
    const has3 = mncLength !== 2 && this.byPair.has(p3);
    const has2 = mncLength !== 3 && this.byPair.has(p2);
    let pairs: string[];
    if (has2 && has3) {
      // Tie-break only the order (both are returned): the length most pairs of this MCC use.
      const l = this.mncLengths.get(mcc) ?? { two: 0, three: 0 };
      pairs = l.three > l.two ? [p3, p2] : [p2, p3];
    } else pairs = has3 ? [p3] : has2 ? [p2] : [];
    return { imsi: digits, mcc, pairs, ambiguous: pairs.length > 1, unknown: pairs.length === 0 };
  }

  /** Whether any provider lists this "MCC-MNC" pair (no allocation: the APN decider asks per SIM). */
  hasNetwork(pair: string): boolean {
    return this.byPair.has(pair);
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
      const ranked = this.ranked(pair);
      if (!ranked) return [];
      const shared = (this.byPair.get(pair)?.length ?? 0) > 1;
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
      candidates = this.rank(all, options.operatorName !== undefined);
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
    for (const entry of this.providers) {
      if (mcc !== undefined && !entry.provider.networkIds.some((id) => id.startsWith(`${mcc}-`))) continue;
      const score = this.nameScore(entry, name);
      if (score < minScore) continue;
      for (const c of this.carriersOf(entry)) out.push({ ...c, reasons: [`operator name "${name}" ~ "${entry.provider.name}"`], nameScore: score });
    }
    return this.rank(out, true);
  }

  /**
   * Free-text search over country and provider names (and "MCC-MNC"): every word of the query must
   * match a word of the provider's or its country's names (prefix match, accent-insensitive).
   */
  search(text: string, options: { limit?: number } = {}): ProviderHit[] {
    const { limit = 50 } = options;
    const pair = normalizeMccMnc(text);
    if (pair) {
      return (this.byPair.get(pair) ?? []).map((e) => this.hit(e, 1));
    }
    const words = tokens(text);
    if (!words.length) return [];
    const hits: ProviderHit[] = [];
    const folded = fold(text);
    for (const entry of this.providers) {
      const fields = this.fields(entry);
      let score = 0;
      let all = true;
      for (const w of words) {
        const p = bestTokenMatch(w, fields.providerTokens);
        const c = bestTokenMatch(w, fields.countryTokens);
        if (p === 0 && c === 0) {
          all = false;
          break;
        }
        score += Math.max(p * 1.2, c); // a provider-name hit weighs more than a country hit
      }
      if (!all) continue;
      // Whole-name equality ("vodafone" = "Vodafone") ranks above partial hits.
      if (fields.names.includes(folded)) score += 1;
      hits.push(this.hit(entry, score / words.length));
    }
    hits.sort((a, b) => b.score - a.score || a.countryName.localeCompare(b.countryName) || a.provider.localeCompare(b.provider));
    return hits.slice(0, limit);
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
    const homeNetworks = new Set(home ? home.pairs.flatMap((p) => (this.byPair.get(p) ?? []).flatMap((e) => e.provider.networkIds)) : []);
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
      const country = this.providers.filter((e) => e.provider.networkIds.some((id) => id.startsWith(`${home.mcc}-`)));
      if (country.length) {
        notes.push(`Listing every provider of MCC ${home.mcc}: pick yours or search by name.`);
        const all = country.flatMap((e) => this.carriersOf(e).map((c): Candidate => ({ ...c, reasons: [`a network of MCC ${home.mcc}`] })));
        return { basis: 'mcc', home, ...base, candidates: this.rank(all, false), notes };
      }
    }
    notes.push('Nothing matched: search by provider or country name (simhat apn search <text>).');
    return { basis: 'none', ...(home ? { home } : {}), ...base, candidates: [], notes };
  }

  private fields(entry: ProviderEntry): SearchFields {
    if (!this.searchFields) {
      this.searchFields = new Map();
      for (const e of this.providers) {
        const all = [e.provider.name, ...(e.provider.aliases ?? [])];
        this.searchFields.set(e, {
          names: all.map(fold),
          providerTokens: all.flatMap(tokens),
          countryTokens: tokens(`${e.countryName} ${e.countryCode}`),
        });
      }
    }
    return this.searchFields.get(entry) as SearchFields;
  }

  private hit(entry: ProviderEntry, score: number): ProviderHit {
    const carriers = this.carriersOf(entry);
    return {
      providerId: entry.providerId as string,
      countryCode: entry.countryCode,
      countryName: entry.countryName,
      provider: entry.provider.name,
      ...(entry.provider.primary !== undefined ? { primary: entry.provider.primary } : {}),
      networkIds: entry.provider.networkIds,
      carriers: [...carriers].sort((a, b) => usageRank(a.apn.usage) - usageRank(b.apn.usage) || a.apnIndex - b.apnIndex),
      score,
    };
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
        const entry = this.ids().providers.get(c.providerId);
        s = entry ? this.nameScore(entry, name) : 0;
        cache.set(c.providerId, s);
      }
      c.nameScore = s;
      if (s >= 0.6) c.reasons.push(`operator name "${name}" ~ "${c.provider}"`);
    }
  }

  /**
   * Ranking (issue 5): internet usage first; then the operator-name match; then network owners
   * before MVNOs; then postpaid before prepaid; then database order. Stable and total.
   */
  private rank(candidates: Candidate[], byName: boolean): Candidate[] {
    // Array.prototype.sort is stable: ties keep the input (database) order.
    return [...candidates].sort((a, b) => {
      const u = usageRank(a.apn.usage) - usageRank(b.apn.usage);
      if (u) return u;
      if (byName) {
        const n = (b.nameScore ?? 0) - (a.nameScore ?? 0);
        if (Math.abs(n) > 1e-9) return n;
      }
      return compareOwnerAndPlan(a, b);
    });
  }
}

/** Name-independent ranking of a pair's carriers (stable sort: ties keep database order). */
function rankStatic(carriers: Carrier[]): Carrier[] {
  return carriers.sort((a, b) => usageRank(a.apn.usage) - usageRank(b.apn.usage) || compareOwnerAndPlan(a, b));
}

function compareOwnerAndPlan(a: Carrier, b: Carrier): number {
  return primaryRank(a.primary) - primaryRank(b.primary) || planRank(a.apn) - planRank(b.apn);
}


function toCandidate(c: Carrier, pair: string, shared: boolean): Candidate {
  const out: Candidate = { ...c, reasons: Object.freeze([`IMSI network ${pair}`]) as string[], matchedNetwork: pair };
  if (shared) out.sharedNetwork = true;
  return out;
}

function planRank(apn: DbApn): number {
  if (!apn.plan?.length || apn.plan.includes('postpaid')) return 0;
  return 1;
}

/** 1 = word equal, 0.8 = prefix (≥ 2 letters), 0.6 = inside a word (≥ 3 letters), 0 = no match. */
function bestTokenMatch(word: string, candidates: string[]): number {
  let best = 0;
  for (const t of candidates) {
    if (t === word) return 1;
    if (word.length >= 2 && t.startsWith(word)) best = Math.max(best, 0.8);
    else if (word.length >= 3 && t.includes(word)) best = Math.max(best, 0.6);
  }
  return best;
}
