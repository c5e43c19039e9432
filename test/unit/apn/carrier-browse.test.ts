// The carrier picker's browse and search (issue 14) over the shipped APN database: country aliases
// people type (UK, Great Britain, USA...), "uk" never Ukraine, country -> provider -> plan, internet APNs
// first and MMS/WAP apart, and a clear empty answer.
import { describe, expect, it } from 'vitest';
import { browseCarriers } from '../../../src-main/service/carrier-browse.js';
import { apnLookup } from '../../../src-main/service/apn-db.js';
import { countryNamed, splitCountry, COUNTRY_ALIASES } from '../../../src-main/core/apn/country-aliases.js';

const lookup = apnLookup();
const countries = lookup.db.countries.map((c) => ({ code: c.code, name: c.name }));

describe('country aliases', () => {
  it.each([
    ['UK', 'gb'],
    ['uk', 'gb'],
    ['U.K.', 'gb'],
    ['United Kingdom', 'gb'],
    ['great britain', 'gb'],
    ['Britain', 'gb'],
    ['GB', 'gb'],
    ['USA', 'us'],
    ['US', 'us'],
    ['United States', 'us'],
    ['united states of america', 'us'],
    ['Germany', 'de'],
    ['Deutschland', 'de'],
    ['Vietnam', 'vn'],
    ['Ukraine', 'ua'],
    ["cote d'ivoire", 'ci'],
  ])('%s names %s', (typed, code) => {
    expect(countryNamed(typed, countries)?.code).toBe(code);
  });

  it('names no country for a prefix or a provider', () => {
    for (const typed of ['ukr', 'united', 'vodafone', 'x', '']) expect(countryNamed(typed, countries)).toBeUndefined();
  });

  it('splits a provider and a country at either end', () => {
    expect(splitCountry('vodafone uk', countries)).toEqual({ country: { code: 'gb', name: 'Britain' }, rest: 'vodafone' });
    expect(splitCountry('united kingdom ee', countries)).toEqual({ country: { code: 'gb', name: 'Britain' }, rest: 'ee' });
    expect(splitCountry('vodafone', countries)).toBeUndefined();
  });

  it('every alias key is a country of the database', () => {
    const codes = new Set(countries.map((c) => c.code));
    for (const code of Object.keys(COUNTRY_ALIASES)) expect(codes.has(code), code).toBe(true);
  });
});

describe('browseCarriers', () => {
  it('lists every country that has providers, by name, with its aliases', () => {
    const r = browseCarriers(lookup, {});
    expect(r.countries.length).toBeGreaterThan(140);
    const gb = r.countries.find((c) => c.code === 'gb')!;
    expect(gb).toMatchObject({ name: 'Britain', providers: 12 });
    expect(gb.aliases).toContain('United Kingdom');
    expect(r.providers).toEqual([]);
  });

  it.each(['UK', 'United Kingdom', 'Great Britain', 'uk'])('"%s" finds the British providers, not Ukraine', (q) => {
    const r = browseCarriers(lookup, { query: q });
    expect(r.countries.map((c) => c.code)).toEqual(['gb']);
    expect(r.providers.length).toBe(12);
    expect(r.providers.every((p) => p.country === 'gb')).toBe(true);
    expect(r.plans.length).toBeGreaterThan(0);
    expect(r.plans.every((p) => p.usage === 'internet' && p.country === 'gb')).toBe(true);
    expect(r.note).toBe(`${q} = Britain`);
  });

  it.each(['USA', 'US', 'United States'])('"%s" finds the US providers', (q) => {
    const r = browseCarriers(lookup, { query: q });
    expect(r.countries.map((c) => c.code)).toEqual(['us']);
    // 15 US providers in the database; Cricket lists no APN, so there is nothing to pick there.
    expect(r.providers.length).toBe(14);
    expect(r.providers.map((p) => p.name)).toContain('T-Mobile');
  });

  it('"vodafone uk" and "vodafone germany" find that country\'s Vodafone', () => {
    const uk = browseCarriers(lookup, { query: 'vodafone uk' });
    expect(uk.providers.map((p) => [p.country, p.name])).toEqual([['gb', 'Vodafone']]);
    const de = browseCarriers(lookup, { query: 'vodafone germany' });
    expect(de.providers[0]).toMatchObject({ country: 'de' });
    expect(de.providers[0]!.name).toMatch(/Vodafone/);
  });

  it('a provider name alone searches across all countries; a country prefix lists the country', () => {
    const r = browseCarriers(lookup, { query: 'freedom' });
    expect(r.providers.some((p) => p.id.startsWith('ca/'))).toBe(true);
    expect(browseCarriers(lookup, { query: 'germ' }).countries.map((c) => c.code)).toEqual(['de']);
  });

  it('says nothing matched with empty lists', () => {
    const r = browseCarriers(lookup, { query: 'zzzqqq' });
    expect(r).toEqual({ countries: [], providers: [], plans: [], otherApns: [] });
  });

  it('country -> providers -> plans: internet APNs first, MMS and WAP apart', () => {
    const gb = browseCarriers(lookup, { country: 'gb' });
    expect(gb.providers.length).toBe(12);
    // A provider with an MMS APN: it is listed apart, never among the internet plans.
    const withMms = gb.providers.find((p) => browseCarriers(lookup, { providerId: p.id }).otherApns.some((a) => a.usage === 'mms'));
    expect(withMms).toBeDefined();
    const plans = browseCarriers(lookup, { providerId: withMms!.id });
    expect(plans.plans.length).toBeGreaterThan(0);
    expect(plans.plans.every((p) => p.usage === 'internet')).toBe(true);
    expect(plans.otherApns.every((p) => p.usage !== 'internet')).toBe(true);
    expect(plans.providers).toEqual([withMms]);
    expect(plans.countries.map((c) => c.code)).toEqual(['gb']);
  });

  it('classifies given preset ids (the SIM suggestion) and says so for an unknown provider', () => {
    const r = browseCarriers(lookup, { ids: ['ca/freedom-mobile/0'] });
    expect(r.plans.map((p) => [p.id, p.usage, p.settings.apn])).toEqual([['ca/freedom-mobile/0', 'internet', 'internet.freedommobile.ca']]);
    expect(browseCarriers(lookup, { providerId: 'zz/nobody' }).note).toBe('No provider zz/nobody in the APN database.');
  });
});

describe('browseCarriers at the transport boundary', () => {
  it('takes closed, well-formed params only', async () => {
    const { validateCall } = await import('../../../src-main/api/validate.js');
    expect(validateCall('browseCarriers', { query: 'United Kingdom' }).params).toEqual({ query: 'United Kingdom' });
    expect(validateCall('browseCarriers', { providerId: 'gb/ee', limit: 20 }).params).toEqual({ providerId: 'gb/ee', limit: 20 });
    expect(validateCall('browseCarriers', { ids: ['ca/freedom-mobile/0'] }).params).toEqual({ ids: ['ca/freedom-mobile/0'] });
    for (const bad of [{ country: 'GBR' }, { providerId: '../etc' }, { ids: ['x'] }, { query: 'a\nb' }, { other: 1 }]) {
      expect(() => validateCall('browseCarriers', bad), JSON.stringify(bad)).toThrow();
    }
  });
});
