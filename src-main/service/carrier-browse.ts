// The carrier picker's Api method `browseCarriers` (issue 14): country -> provider -> plan like GNOME's
// mobile broadband wizard, and one search across all of it that understands the names people type for
// a country (core/apn/country-aliases.ts). Read-only over the APN lookup (core/apn/lookup.ts); the
// index of countries and providers is built once per lookup and kept beside it.
import type { CarrierBrowse, CarrierCountry, CarrierPlan, CarrierProvider } from '../api/contract.js';
import { COUNTRY_ALIASES, countryKey, countryNamed, splitCountry } from '../core/apn/country-aliases.js';
import type { ApnLookup, Carrier } from '../core/apn/lookup.js';
import { usageRank } from '../core/apn/lookup.js';
import { tokens } from '../core/apn/normalize.js';

export interface BrowseRequest {
  country?: string | undefined;
  providerId?: string | undefined;
  query?: string | undefined;
  ids?: string[] | undefined;
  limit?: number | undefined;
}

interface ProviderRow {
  info: CarrierProvider;
  carriers: Carrier[];
  words: string[];
}

interface Index {
  countries: CarrierCountry[];
  providers: Map<string, ProviderRow[]>;
  byId: Map<string, ProviderRow>;
}

const indexes = new WeakMap<ApnLookup, Index>();

function usageOf(c: Carrier): CarrierPlan['usage'] {
  if (usageRank(c.apn.usage) <= 1) return 'internet';
  return c.apn.usage === 'mms' ? 'mms' : c.apn.usage === 'wap' ? 'wap' : 'other';
}

/** A database APN as the contract's preset, with what it is for. */
export function planOf(c: Carrier): CarrierPlan {
  return {
    id: c.id,
    country: c.countryCode,
    provider: c.provider,
    providerId: c.providerId,
    name: c.apn.name ?? c.apn.value,
    source: 'db',
    usage: usageOf(c),
    plans: [...(c.apn.plan ?? [])],
    settings: {
      apn: c.apn.value,
      ipType: c.apn.ipType,
      username: c.apn.username ?? '',
      password: c.apn.password ?? '',
      auth: c.apn.auth ?? 'none',
    },
  };
}

function index(lookup: ApnLookup): Index {
  let idx = indexes.get(lookup);
  if (idx) return idx;
  const providers = new Map<string, ProviderRow[]>();
  const byId = new Map<string, ProviderRow>();
  for (const c of lookup.carriers()) {
    let row = byId.get(c.providerId);
    if (!row) {
      row = {
        info: { id: c.providerId, country: c.countryCode, name: c.provider, networks: [...c.networkIds], internetApns: 0, ...(c.primary !== undefined ? { primary: c.primary } : {}) },
        carriers: [],
        words: tokens(c.provider),
      };
      byId.set(c.providerId, row);
      const list = providers.get(c.countryCode) ?? [];
      list.push(row);
      providers.set(c.countryCode, list);
    }
    row.carriers.push(c);
    if (usageOf(c) === 'internet') row.info.internetApns++;
  }
  for (const list of providers.values()) list.sort((a, b) => Number(b.info.internetApns > 0) - Number(a.info.internetApns > 0) || a.info.name.localeCompare(b.info.name));
  const countries = lookup.db.countries
    .filter((c) => providers.has(c.code))
    .map((c) => ({ code: c.code, name: c.name, aliases: [...(COUNTRY_ALIASES[c.code] ?? [])], providers: providers.get(c.code)!.length }))
    .sort((a, b) => a.name.localeCompare(b.name));
  idx = { countries, providers, byId };
  indexes.set(lookup, idx);
  return idx;
}

/** Internet APNs first (database order within), the rest apart. */
function split(carriers: Carrier[], limit: number): Pick<CarrierBrowse, 'plans' | 'otherApns'> {
  const plans: CarrierPlan[] = [];
  const otherApns: CarrierPlan[] = [];
  for (const c of carriers) (usageOf(c) === 'internet' ? plans : otherApns).push(planOf(c));
  return { plans: plans.slice(0, limit), otherApns: otherApns.slice(0, limit) };
}

const empty = (): CarrierBrowse => ({ countries: [], providers: [], plans: [], otherApns: [] });

/** Every query word is a prefix of a word of the provider's name. */
const nameMatches = (row: ProviderRow, words: string[]) => words.every((w) => row.words.some((t) => t.startsWith(w)));

function countryAnswer(idx: Index, code: string, words: string[], limit: number): Pick<CarrierBrowse, 'providers' | 'plans' | 'otherApns'> {
  const rows = (idx.providers.get(code) ?? []).filter((r) => nameMatches(r, words));
  return { providers: rows.map((r) => r.info), ...split(rows.flatMap((r) => r.carriers), limit) };
}

function aliasNote(c: CarrierCountry, typed: string): string | undefined {
  return countryKey(typed) === countryKey(c.name) ? undefined : `${typed.trim()} = ${c.name}`;
}

function search(lookup: ApnLookup, idx: Index, query: string, limit: number): CarrierBrowse {
  // 1. The whole query names a country ("UK", "United States", "gb"): that country's providers.
  const whole = countryNamed(query, idx.countries);
  if (whole) {
    const country = idx.countries.find((c) => c.code === whole.code)!;
    const note = aliasNote(country, query);
    return { countries: [country], ...countryAnswer(idx, country.code, [], limit), ...(note ? { note } : {}) };
  }
  // 2. A provider name with a country at either end ("vodafone uk", "ee great britain").
  const parts = splitCountry(query, idx.countries);
  if (parts) {
    const country = idx.countries.find((c) => c.code === parts.country.code)!;
    const answer = countryAnswer(idx, country.code, tokens(parts.rest), limit);
    if (answer.providers.length) return { countries: [country], ...answer, note: `${parts.rest} in ${country.name}` };
  }
  // 3. Anything else: provider and country names by word prefix (the lookup's own search), plus
  //    countries whose name or alias starts with the query ("germ" -> Germany).
  const key = countryKey(query);
  const countries = idx.countries.filter((c) => countryKey(c.name).startsWith(key) || c.aliases.some((a) => countryKey(a).startsWith(key)));
  const rows = lookup
    .search(query, { limit: 60 })
    .map((h) => idx.byId.get(h.providerId))
    .filter((r): r is ProviderRow => r !== undefined);
  return { countries, providers: rows.map((r) => r.info), ...split(rows.flatMap((r) => r.carriers), limit) };
}

export function browseCarriers(lookup: ApnLookup, req: BrowseRequest): CarrierBrowse {
  const idx = index(lookup);
  const limit = req.limit ?? 100;
  if (req.ids) {
    const carriers = req.ids.map((id) => lookup.carrier(id)).filter((c): c is Carrier => c !== undefined);
    return { ...empty(), ...split(carriers, limit) };
  }
  if (req.providerId) {
    const row = idx.byId.get(req.providerId);
    if (!row) return { ...empty(), note: `No provider ${req.providerId} in the APN database.` };
    const country = idx.countries.find((c) => c.code === row.info.country);
    return { countries: country ? [country] : [], providers: [row.info], ...split(row.carriers, limit) };
  }
  if (req.query !== undefined && req.query.trim() !== '') return search(lookup, idx, req.query, limit);
  if (req.country) {
    const country = idx.countries.find((c) => c.code === req.country);
    if (!country) return { ...empty(), note: `No providers for country code ${req.country} in the APN database.` };
    return { countries: [country], ...countryAnswer(idx, country.code, [], limit) };
  }
  return { ...empty(), countries: idx.countries };
}
