// Names people type for a country that the APN database (MBPI) spells otherwise (issue 14: "United
// Kingdom", "USA", "Great Britain" found nothing and "uk" found Ukraine). MBPI names GB "Britain" and
// US "United States". Keys are ISO 3166-1 alpha-2 codes as MBPI writes them (lower case). Pure data
// plus one matcher; the service's carrier picker (service/carrier-browse.ts) uses it.
import { fold } from './normalize.js';

export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  gb: ['United Kingdom', 'UK', 'U.K.', 'Great Britain', 'GB', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  us: ['USA', 'US', 'U.S.', 'U.S.A.', 'United States of America', 'America'],
  ae: ['UAE', 'Emirates'],
  kr: ['South Korea', 'Korea'],
  cz: ['Czechia'],
  nl: ['Holland', 'The Netherlands'],
  ru: ['Russian Federation'],
  mk: ['North Macedonia'],
  vn: ['Vietnam'],
  ci: ["Côte d'Ivoire", 'Ivory Coast'],
  cd: ['DR Congo', 'DRC', 'Democratic Republic of the Congo', 'Congo-Kinshasa'],
  cg: ['Republic of the Congo', 'Congo-Brazzaville'],
  la: ['Lao', 'Lao PDR'],
  ir: ['Islamic Republic of Iran'],
  tw: ['Republic of China'],
  md: ['Republic of Moldova'],
  tz: ['United Republic of Tanzania'],
  ve: ['Bolivarian Republic of Venezuela'],
  bn: ['Brunei Darussalam'],
  de: ['Deutschland'],
  ch: ['Schweiz', 'Suisse', 'Svizzera'],
  at: ['Österreich'],
  es: ['España'],
  nz: ['Aotearoa'],
};

/** A folded, punctuation-free form for comparing names ("U.K." = "uk", "Côte d'Ivoire" = "cote d ivoire"). */
export function countryKey(text: string): string {
  // Dots go first, so the letters of an abbreviation stay one word.
  return fold(text.replace(/\./g, ''));
}

export interface CountryName {
  code: string;
  name: string;
}

/**
 * The country a whole query names (its code, its database name or an alias), or undefined. Whole-name
 * only: "uk" is Britain, never a prefix of "Ukraine"; a two-letter query is an ISO code only when it
 * is one the database has.
 */
export function countryNamed(query: string, countries: readonly CountryName[]): CountryName | undefined {
  const key = countryKey(query);
  if (!key) return undefined;
  for (const c of countries) {
    if (key === c.code || key === countryKey(c.name)) return c;
  }
  for (const c of countries) {
    if ((COUNTRY_ALIASES[c.code] ?? []).some((a) => countryKey(a) === key)) return c;
  }
  return undefined;
}

/**
 * Splits "vodafone uk" / "ee united kingdom" into the country it names at its end or start and the
 * rest; undefined when no whole run of words at either end names a country.
 */
export function splitCountry(query: string, countries: readonly CountryName[]): { country: CountryName; rest: string } | undefined {
  const words = countryKey(query).split(' ').filter(Boolean);
  for (let n = Math.min(words.length - 1, 4); n >= 1; n--) {
    const tail = countryNamed(words.slice(-n).join(' '), countries);
    if (tail) return { country: tail, rest: words.slice(0, -n).join(' ') };
    const head = countryNamed(words.slice(0, n).join(' '), countries);
    if (head) return { country: head, rest: words.slice(n).join(' ') };
  }
  return undefined;
}
