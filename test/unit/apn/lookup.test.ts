// APN lookup over the shipped database (MBPI 20230416, Debian mobile-broadband-provider-info):
// real MCC/MNC cases, 3-digit MNCs, MVNO pairs, unknown networks and roaming (issue 5).
import { describe, expect, it } from 'vitest';
import { ApnLookup, normalizeMccMnc } from '../../../src-main/core/apn/lookup.js';
import { fold, nameSimilarity, slugify } from '../../../src-main/core/apn/normalize.js';
import { apnLookup } from '../../../src-main/service/apn-db.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';

const lookup = apnLookup();
const providersOf = (cs: { provider: string }[]) => [...new Set(cs.map((c) => c.provider))];

describe('resolveImsi: the MNC length comes from the database', () => {
  it.each([
    // [case, IMSI, pairs]
    ['Freedom Mobile CA, 3-digit MNC (the twin SIM)', HOME_NETWORK.imsi, ['302-490']],
    ['T-Mobile US 310-260, 3-digit MNC', '310260123456789', ['310-260']],
    ['Telekom DE 262-01, 2-digit MNC', '262011234567890', ['262-01']],
    ['Vodafone UK 234-15', '234150123456789', ['234-15']],
    ['NTT docomo JP 440-10', '440101234567890', ['440-10']],
    ['unknown test network 001-01', '001010123456789', []],
  ])('%s', (_name, imsi, pairs) => {
    const r = lookup.resolveImsi(imsi);
    expect(r.pairs).toEqual(pairs);
    expect(r.unknown).toBe(pairs.length === 0);
    expect(r.ambiguous).toBe(false);
  });

  it('NRJ Mobile FR lists both 208-26 and 208-260: both are returned, flagged ambiguous, 2-digit first (most 208 pairs are)', () => {
    const r = lookup.resolveImsi('208260123456789');
    expect(r).toMatchObject({ mcc: '208', pairs: ['208-26', '208-260'], ambiguous: true, unknown: false });
    // The SIM's EF_AD (mncLength) or the serving network settles it.
    expect(lookup.resolveImsi('208260123456789', 3).pairs).toEqual(['208-260']);
    expect(lookup.resolveImsi('208260123456789', 2).pairs).toEqual(['208-26']);
    const s = lookup.suggest({ imsi: '208260123456789', servingNetwork: '208-260' });
    expect(s.home?.pairs).toEqual(['208-260']);
    expect(s.home?.ambiguous).toBe(false);
  });

  it('an MCC whose pairs are 2-digit does not match a 3-digit prefix that is not in the database', () => {
    // 262-01 exists, 262-011 does not: 2 digits.
    expect(lookup.resolveImsi('262011234567890').pairs).toEqual(['262-01']);
  });

  it.each(['', '12345', '31026012345678901', '31026x123456789', ' '])('refuses %j as an IMSI', (imsi) => {
    expect(() => lookup.resolveImsi(imsi)).toThrow(RangeError);
  });
});

describe('byImsi / byMccMnc: every provider of the pair, ranked', () => {
  it('Freedom Mobile: its internet APN first, MMS after', () => {
    const { candidates } = lookup.byImsi(HOME_NETWORK.imsi);
    expect(candidates.map((c) => [c.id, c.apn.value, c.apn.usage])).toEqual([
      ['ca/freedom-mobile/0', HOME_NETWORK.apn, 'internet'],
      ['ca/freedom-mobile/1', 'mms.freedommobile.ca', 'mms'],
    ]);
    expect(candidates[0]!.sharedNetwork).toBeUndefined();
  });

  it('310-260 is shared by T-Mobile and MVNOs: all are listed, internet APNs before any MMS one', () => {
    const { candidates } = lookup.byImsi('310260123456789');
    expect(providersOf(candidates)).toEqual(expect.arrayContaining(['T-Mobile', 'Mint Mobile', 'US Mobile', 'SpeedTalk Mobile']));
    expect(candidates.every((c) => c.sharedNetwork === true && c.matchedNetwork === '310-260')).toBe(true);
    const firstNonInternet = candidates.findIndex((c) => c.apn.usage !== 'internet');
    expect(candidates.slice(firstNonInternet).every((c) => c.apn.usage !== 'internet')).toBe(true);
    // SpeedTalk only has an MMS APN: listed, but last.
    expect(candidates.at(-1)!.provider).toBe('SpeedTalk Mobile');
  });

  it('the operator name from AT+COPS? ranks the MVNO it names first (T-9: +COPS: 0,0,"Mint",7)', () => {
    const { candidates } = lookup.byImsi('310260123456789', { operatorName: 'Mint' });
    expect(candidates[0]).toMatchObject({ id: 'us/mint-mobile/0', apn: { value: 'wholesale', usage: 'internet', plan: ['prepaid'] } });
    expect(candidates[0]!.nameScore).toBeGreaterThan(0.6);
    expect(candidates[0]!.reasons.join(' ')).toContain('Mint');
    // Still every provider of the pair, nothing silently dropped.
    expect(providersOf(candidates)).toEqual(providersOf(lookup.byImsi('310260123456789').candidates).sort((a, b) => (a === 'Mint Mobile' ? -1 : b === 'Mint Mobile' ? 1 : 0)));
  });

  it('MBPI `primary`: the network owner ranks before its MVNOs (PL 260-03 Orange vs Multimo/INEA/nju)', () => {
    const cs = lookup.byMccMnc('260', '03');
    expect(cs[0]).toMatchObject({ provider: 'Orange', primary: true });
    expect(providersOf(cs)).toEqual(expect.arrayContaining(['Orange', 'Multimo', 'INEA', 'nju mobile']));
    const internet = cs.filter((c) => c.apn.usage === 'internet');
    const lastOwner = internet.map((c) => c.primary).lastIndexOf(true);
    const firstMvno = internet.map((c) => c.primary).indexOf(false);
    expect(lastOwner).toBeLessThan(firstMvno);
  });

  it('postpaid and prepaid plans are kept on each candidate', () => {
    const cs = lookup.byMccMnc('213', '03'); // Andorra Telecom: internetand (postpaid), internetclic (prepaid)
    expect(cs.slice(0, 2).map((c) => [c.apn.value, c.apn.plan])).toEqual([
      ['internetand', ['postpaid']],
      ['internetclic', ['prepaid']],
    ]);
  });

  it('an unknown MCC/MNC gives no candidates', () => {
    expect(lookup.byMccMnc('001', '01')).toEqual([]);
    expect(lookup.byImsi('001010123456789').candidates).toEqual([]);
  });

  it('results are fresh arrays of frozen candidates: a caller cannot change the next lookup', () => {
    const a = lookup.byImsi(HOME_NETWORK.imsi).candidates;
    expect(() => a[0]!.reasons.push('mutated')).toThrow(TypeError);
    expect(() => {
      (a[0] as { id: string }).id = 'x';
    }).toThrow(TypeError);
    a.pop();
    expect(lookup.byImsi(HOME_NETWORK.imsi).candidates).toHaveLength(2);
    expect(lookup.byImsi(HOME_NETWORK.imsi).candidates[0]!.id).toBe('ca/freedom-mobile/0');
    // With an operator name the candidates are copies carrying their own score and reasons.
    const named = lookup.byImsi(HOME_NETWORK.imsi, { operatorName: 'Freedom' }).candidates;
    expect(named[0]!.reasons.length).toBe(2);
    expect(lookup.byImsi(HOME_NETWORK.imsi).candidates[0]!.reasons).toEqual(['IMSI network 302-490']);
  });
});

describe('suggest', () => {
  it('the twin: IMSI 302490… at home on 302-490 "Freedom Mobile" -> Freedom Mobile internet APN first', () => {
    const s = lookup.suggest({ imsi: HOME_NETWORK.imsi, operatorName: HOME_NETWORK.operatorName, servingNetwork: `${HOME_NETWORK.mcc}-${HOME_NETWORK.mnc}` });
    expect(s).toMatchObject({ basis: 'imsi', roaming: false });
    expect(s.candidates[0]).toMatchObject({ id: 'ca/freedom-mobile/0', apn: { value: HOME_NETWORK.apn } });
  });

  it('roaming (a German SIM in Spain, serving 214-07 "Movistar"): suggests by IMSI, ignores the visited operator', () => {
    const s = lookup.suggest({ imsi: '262011234567890', servingNetwork: '214-07', operatorName: 'Movistar' });
    expect(s.roaming).toBe(true);
    expect(s.basis).toBe('imsi');
    expect(s.candidates.every((c) => c.countryCode === 'de')).toBe(true);
    expect(s.candidates.some((c) => c.provider.includes('Movistar'))).toBe(false);
    expect(s.notes.join(' ')).toMatch(/Roaming on 214-07/);
  });

  it('roaming reported by the registration (stat 5) counts even without a serving network', () => {
    const s = lookup.suggest({ imsi: '262011234567890', operatorName: 'Movistar', registeredRoaming: true });
    expect(s.roaming).toBe(true);
    expect(s.candidates[0]!.countryCode).toBe('de');
  });

  it('the serving network being another pair of the same provider is not roaming (T-Mobile US 310-260 SIM on 310-160)', () => {
    expect(lookup.suggest({ imsi: '310260123456789', servingNetwork: '310160' }).roaming).toBe(false);
  });

  it('an IMSI the database does not know falls back to the operator name, then to its country', () => {
    const byName = lookup.suggest({ imsi: '302999123456789', operatorName: 'Freedom Mobile', servingNetwork: '302-999' });
    expect(byName.basis).toBe('operator-name');
    expect(byName.candidates[0]!.provider).toBe('Freedom Mobile');
    const byCountry = lookup.suggest({ imsi: '302999123456789' });
    expect(byCountry.basis).toBe('mcc');
    expect(new Set(byCountry.candidates.map((c) => c.countryCode))).toEqual(new Set(['ca']));
  });

  it('nothing known at all: no candidates and a note saying what to do', () => {
    const s = lookup.suggest({ imsi: '001010123456789' });
    expect(s.basis).toBe('none');
    expect(s.candidates).toEqual([]);
    expect(s.notes.join(' ')).toMatch(/search/);
  });

  it('AT+COPS in numeric format (fmt 2, "310260") is taken as the serving network', () => {
    const s = lookup.suggest({ imsi: '262011234567890', operatorName: '310260' });
    expect(s.servingNetwork).toBe('310-260');
    expect(s.roaming).toBe(true);
  });

  it('MVNO pairs add a note asking the user to choose', () => {
    expect(lookup.suggest({ imsi: '310260123456789' }).notes.join(' ')).toMatch(/providers use 310-260 \(MVNOs\): choose yours/);
  });
});

describe('byOperatorName: fuzzy, case- and accent-insensitive', () => {
  it.each([
    // [COPS name, MCC narrowing, expected provider first]
    ['Freedom Mobile', '302', 'Freedom Mobile'],
    ['FREEDOM', '302', 'Freedom Mobile'],
    ['vodafone.de', '262', 'Vodafone'],
    ['Movistar', '214', 'Movistar (Telefónica)'],
    ['VIDEOTRON', '302', 'Vidéotron'],
    ['Mint', '310', 'Mint Mobile'],
  ])('%s (MCC %s) -> %s', (name, mcc, provider) => {
    expect(lookup.byOperatorName(name, { mcc })[0]?.provider).toBe(provider);
  });

  it('an unrelated name matches nothing', () => {
    expect(lookup.byOperatorName('Zzyzx Quantum', { mcc: '302' })).toEqual([]);
  });
});

describe('search: free text over country and provider names', () => {
  it.each([
    ['freedom', 'ca/freedom-mobile'],
    ['vodafone germany', 'de/vodafone'],
    ['germany vodafone', 'de/vodafone'],
    ['videotron', 'ca/videotron'],
    ['VIDÉOTRON', 'ca/videotron'],
    ['masmovil', 'es/masmovil'],
    ['Másmóvil', 'es/masmovil'],
    ['302-490', 'ca/freedom-mobile'],
    ['302490', 'ca/freedom-mobile'],
  ])('%j finds %s first', (query, providerId) => {
    expect(lookup.search(query)[0]?.providerId).toBe(providerId);
  });

  it('every word must match: "vodafone narnia" finds nothing', () => {
    expect(lookup.search('vodafone narnia')).toEqual([]);
  });

  it('a country name lists its providers', () => {
    const hits = lookup.search('canada');
    expect(hits.length).toBeGreaterThan(5);
    expect(hits.every((h) => h.countryCode === 'ca')).toBe(true);
  });

  it('carriers of a hit list internet APNs first', () => {
    const hit = lookup.search('freedom')[0]!;
    expect(hit.carriers[0]!.apn.usage).toBe('internet');
  });
});

describe('carrier ids', () => {
  it('are unique over the whole database (one per APN) and resolve back', () => {
    const apnCount = lookup.db.countries.flatMap((c) => c.providers.flatMap((p) => p.apns)).length;
    const ids = lookup.carriers().map((c) => c.id);
    expect(new Set(ids).size).toBe(apnCount);
    for (const id of ids) expect(lookup.carrier(id)?.id).toBe(id);
    for (const id of ids) expect(id).toMatch(/^[a-z]{2}\/[a-z0-9-]+\/\d+$/);
  });

  it('are stable: building the lookup again gives the same ids', () => {
    const again = new ApnLookup(lookup.db);
    expect(again.byImsi('310260123456789').candidates.map((c) => c.id)).toEqual(lookup.byImsi('310260123456789').candidates.map((c) => c.id));
  });

  it('a provider id resolves to its internet APNs in order; an APN id to that APN; unknown to nothing', () => {
    expect(lookup.resolveCarrierId('ca/freedom-mobile').map((c) => c.id)).toEqual(['ca/freedom-mobile/0']);
    expect(lookup.resolveCarrierId('us/t-mobile').every((c) => c.apn.usage === 'internet')).toBe(true);
    expect(lookup.resolveCarrierId('CA/Freedom-Mobile/1').map((c) => c.apn.value)).toEqual(['mms.freedommobile.ca']);
    expect(lookup.resolveCarrierId('xx/nobody')).toEqual([]);
  });
});

describe('text helpers', () => {
  it.each([
    ['Orange España', 'orange espana'],
    ['Telekom.de', 'telekom de'],
    ['  T-Mobile(Telekom) ', 't mobile telekom'],
    ['Straße', 'strasse'],
  ])('fold(%j) = %j', (a, b) => expect(fold(a)).toBe(b));

  it.each([
    ['Movistar (Telefónica)', 'movistar-telefonica'],
    // No Latin letters left: a fixed word (ids stay ASCII; duplicates in a country get -2, -3).
    ['楽天モバイル', 'provider'],
  ])('slugify(%j) = %j', (a, b) => expect(slugify(a)).toBe(b));

  it('nameSimilarity: same name 1, name + words high, unrelated low', () => {
    expect(nameSimilarity('Freedom Mobile', 'freedom mobile')).toBe(1);
    expect(nameSimilarity('Mint', 'Mint Mobile')).toBeGreaterThan(0.6);
    expect(nameSimilarity('Telekom.de', 'T-Mobile(Telekom)')).toBeGreaterThan(0.6);
    expect(nameSimilarity('Freedom', 'Vodafone')).toBeLessThan(0.4);
  });

  it.each([
    ['310260', '310-260'],
    ['310-26', '310-26'],
    [' 302 490 ', '302-490'],
    ['31026', '310-26'],
    ['3102601', undefined],
    ['Mint', undefined],
  ])('normalizeMccMnc(%j) = %j', (a, b) => expect(normalizeMccMnc(a)).toBe(b));
});
