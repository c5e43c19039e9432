// Free-text search over the APN database's country and provider names (issue 5): every word of the
// query must match a word of the provider's or its country's names (prefix match, accent-insensitive);
// an "MCC-MNC" lists that pair's providers.
import { usageRank } from './carrier-order.js';
import type { ApnDbIndex, ProviderEntry } from './db-index.js';
import type { ProviderHit } from './lookup-types.js';
import { fold, tokens } from './normalize.js';

/** Folded names for text matching; built on the first text search, not at load (load budget 50 ms). */
interface SearchFields {
  names: string[];
  providerTokens: string[];
  countryTokens: string[];
}

/** "310260", "310-260", "310 26" -> "310-260" / "310-26"; undefined when not an MCC/MNC. */
export function normalizeMccMnc(text: string): string | undefined {
  const m = /^\s*(\d{3})[-\s]?(\d{2,3})\s*$/.exec(text);
  return m ? `${m[1]}-${m[2]}` : undefined;
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

export class ProviderSearch {
  private searchFields: Map<ProviderEntry, SearchFields> | undefined;

  constructor(private readonly index: ApnDbIndex) {}

  search(text: string, limit: number): ProviderHit[] {
    const pair = normalizeMccMnc(text);
    if (pair) {
      return (this.index.byPair.get(pair) ?? []).map((e) => this.hit(e, 1));
    }
    const words = tokens(text);
    if (!words.length) return [];
    const hits: ProviderHit[] = [];
    const folded = fold(text);
    for (const entry of this.index.providers) {
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

  private fields(entry: ProviderEntry): SearchFields {
    if (!this.searchFields) {
      this.searchFields = new Map();
      for (const e of this.index.providers) {
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
    const carriers = this.index.carriersOf(entry);
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
}
