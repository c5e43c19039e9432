// The indexes of the MBPI database an APN lookup reads (issue 5). Only the MCC/MNC index is built at
// load (load budget 50 ms); carriers, provider ids and per-pair rankings are built on first use and
// cached, so a lookup stays a few Map reads.
import { rankStatic } from './carrier-order.js';
import type { ApnDb, DbApn, DbProvider } from './db-types.js';
import type { Carrier } from './lookup-types.js';
import { slugify } from './normalize.js';

export interface ProviderEntry {
  countryIndex: number;
  countryCode: string;
  countryName: string;
  provider: DbProvider;
  /** Set with the country's ids (see countryIds): slugs depend on the other providers of the country. */
  providerId?: string;
  /** Built on first use (load budget 50 ms: most lookups touch a few providers). */
  carriers?: Carrier[];
}

export class ApnDbIndex {
  /** Every provider, in database order. */
  readonly providers: ProviderEntry[] = [];
  /** The providers listing each "MCC-MNC" pair. */
  readonly byPair = new Map<string, ProviderEntry[]>();
  /** Pairs of an MCC grouped by MNC length, for IMSI resolution and tie-breaks. */
  readonly mncLengths = new Map<string, { two: number; three: number }>();
  private readonly byCountry: ProviderEntry[][] = [];
  private readonly idsDone = new Set<number>();
  /** Id indexes, built on the first call that needs them (carrier(), resolveCarrierId(), carriers()). */
  private idIndex: { carriers: Map<string, Carrier>; providers: Map<string, ProviderEntry> } | undefined;
  /** Carriers per pair, ranked by the name-independent order; built per pair on first lookup, then reused. */
  private readonly rankedByPair = new Map<string, Carrier[]>();

  constructor(db: ApnDb) {
    db.countries.forEach((country, countryIndex) => {
      const list: ProviderEntry[] = [];
      for (const provider of country.providers) {
        const entry: ProviderEntry = { countryIndex, countryCode: country.code, countryName: country.name, provider };
        list.push(entry);
        this.providers.push(entry);
        for (const pair of new Set(provider.networkIds)) this.addPair(pair, entry);
      }
      this.byCountry.push(list);
    });
  }

  private addPair(pair: string, entry: ProviderEntry): void {
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

  /** The provider's carriers (one per APN, frozen), with its id set. */
  carriersOf(entry: ProviderEntry): Carrier[] {
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

  /** Carriers and providers by id (lower case). */
  ids(): { carriers: Map<string, Carrier>; providers: Map<string, ProviderEntry> } {
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
  ranked(pair: string): Carrier[] | undefined {
    let list = this.rankedByPair.get(pair);
    if (list) return list;
    const owners = this.byPair.get(pair);
    if (!owners) return undefined;
    list = rankStatic(owners.flatMap((e) => this.carriersOf(e)));
    this.rankedByPair.set(pair, list);
    return list;
  }
}
