// The decider's ranking rules (issue 13) on small hand-made tables, one rule per test: tier order,
// Android's MVNO matching (GID1 prefix, SPN, IMSI pattern with x, ICCID prefixes), known-absent vs
// unreadable SIM files, merging MBPI and Android by MCC/MNC + APN, IP type and auth mapping,
// values a modem cannot take, the operator fallback, standout, and the plain-words request.
import { describe, expect, it } from 'vitest';
import { AndroidApnTable } from '../../../src-main/core/apn/android-table.js';
import type { AndroidApn, AndroidApnDb } from '../../../src-main/core/apn/android-types.js';
import type { ApnDb, DbProvider } from '../../../src-main/core/apn/db-types.js';
import { ApnLookup } from '../../../src-main/core/apn/lookup.js';
import { gidMatches, iccidMatches, imsiMatches, matchMvno, nameAffinity, sameOperatorName, spnMatches } from '../../../src-main/core/apn/mvno-match.js';
import { rankApns, type RankInput } from '../../../src-main/core/apn/rank.js';
import { gid1Fact, mncLengthFact, simIdentityView, simStateOf } from '../../../src-main/core/apn/sim-facts.js';

function mbpi(providers: (DbProvider & { country?: string })[]): ApnLookup {
  const db: ApnDb = {
    schema: 1,
    source: { package: 'test', packageVersion: null, release: null, file: 'test', xmlAttributes: {}, sha256: '', license: '' },
    summary: { countries: 1, providers: providers.length, apns: 0, internetApns: 0, networkIds: 0, mccMncPairs: 0, sharedMccMncPairs: 0 },
    countries: [{ code: 'xa', name: 'Testland', providers }],
  };
  return new ApnLookup(db);
}

let index = 0;
const a = (e: Omit<AndroidApn, 'index' | 'types'> & { types?: string }): AndroidApn => ({ types: 'default,supl', ...e, index: index++ });

function android(entries: AndroidApn[]): AndroidApnTable {
  const db: AndroidApnDb = {
    schema: 1,
    source: { project: 't', repository: 't', path: 't', commit: 't', date: 't', license: 't', copyright: [], sha256: '', formatVersion: '8' },
    summary: { entries: entries.length, internetEntries: entries.length, mvno: { spn: 0, gid: 0, imsi: 0, iccid: 0 }, plainSpn: 0, disabled: 0, networks: 1 },
    entries,
  };
  return new AndroidApnTable(db);
}

const NET = '001-55';
const IMSI = '001550123456789';
const sources = {
  mbpi: mbpi([
    { name: 'Hostnet', primary: true, networkIds: [NET], apns: [{ value: 'internet.host', ipType: 'IPV4V6', usage: 'internet', plan: ['postpaid'] }, { value: 'mms.host', ipType: 'IPV4V6', usage: 'mms' }] },
    { name: 'Blue Mobile', networkIds: [NET], apns: [{ value: 'blue', ipType: 'IPV4V6', usage: 'internet', username: 'u', password: 'p' }] },
    { name: 'Elsewhere', networkIds: ['001-66'], apns: [{ value: 'else.where', ipType: 'IPV4V6', usage: 'internet' }] },
  ]),
  android: android([
    a({ network: NET, carrier: 'Hostnet LTE', apn: 'INTERNET.HOST', protocol: 'IPV6', roamingProtocol: 'IP' }),
    a({ network: NET, carrier: 'Host Legacy', apn: 'legacy.host', protocol: 'IP' }),
    a({ network: NET, carrier: 'Green', apn: 'green', mvno: { type: 'gid', data: 'A1' } }),
    a({ network: NET, carrier: 'Red', apn: 'red', mvno: { type: 'spn', data: 'Red Tel' }, authType: 1, user: 'r', password: 'pw' }),
    a({ network: NET, carrier: 'Fi', apn: 'fi', mvno: { type: 'imsi', data: '00155019x4' }, types: '*' }),
    a({ network: NET, carrier: 'Iot', apn: 'iot', mvno: { type: 'iccid', data: '8999,8998' } }),
    a({ network: NET, carrier: 'Broken', apn: 'bad apn', protocol: 'IP' }),
    a({ network: NET, carrier: 'Quiet', apn: 'quiet', authType: 0, user: 'x', password: 'y' }),
  ]),
};

const rank = (input: RankInput) => rankApns(input, sources);
const apns = (input: RankInput) => rank(input).candidates.map((c) => c.apn);

describe("Android's MVNO matching", () => {
  it.each<[string, boolean]>([
    ['31026097', true],
    ['3102609x', true],
    ['310260X7', true],
    ['31026098', false],
    ['3102609712345678', false], // longer than the IMSI
    ['', false],
  ])('IMSI pattern %s against 310260971234567 -> %s', (p, ok) => expect(imsiMatches(p, '310260971234567')).toBe(ok));

  it('GID1: hex prefix, case-insensitive, never longer than the SIM value', () => {
    expect(gidMatches('6d', '6D38FFFF')).toBe(true);
    expect(gidMatches('6D38', '6d38ffff')).toBe(true);
    expect(gidMatches('6E', '6D38FFFF')).toBe(false);
    expect(gidMatches('6D38FFFF00', '6D38FFFF')).toBe(false);
  });

  it('SPN: equal ignoring case and spaces around; ICCID: any of the comma-separated prefixes', () => {
    expect(spnMatches('Red Tel', ' red tel ')).toBe(true);
    expect(spnMatches('Red Tel', 'Red Telecom')).toBe(false);
    expect(iccidMatches('8999,8998', '8998123')).toBe(true);
    expect(iccidMatches('8999, 8998', '8997123')).toBe(false);
  });

  it('unknown when the SIM fact is unreadable, no match when the SIM has none', () => {
    expect(matchMvno({ type: 'gid', data: 'A1' }, {})).toEqual({ kind: 'unknown', missing: 'gid1' });
    expect(matchMvno({ type: 'gid', data: 'A1' }, { gid1: '' })).toEqual({ kind: 'no-match' });
    expect(matchMvno({ type: 'spn', data: 'X' }, { spn: 'x' })).toEqual({ kind: 'match' });
  });

  it('operator names compare strictly (noise words aside) and order loosely', () => {
    expect(sameOperatorName('Mint', 'Mint Mobile')).toBe(true);
    expect(sameOperatorName('T-Mobile', 'T Mobile')).toBe(true);
    expect(sameOperatorName('T-Mobile', 'US Mobile')).toBe(false);
    expect(sameOperatorName('T-Mobile', 'T-Mobile US')).toBe(false);
    expect(nameAffinity('t mobile', 't mobile us')).toBe(1);
    expect(nameAffinity('t mobile', 'us mobile')).toBe(0);
  });
});

describe('rankApns: tiers and reasons', () => {
  it('a GID1 match ranks above the host entries, which rank above MBPI; MVNO entries of others are left out', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: 'A1FF', spn: '', iccid: '8901' } });
    expect(r.candidates.map((c) => [c.apn, c.tier])).toEqual([
      ['green', 'sim-match'],
      ['INTERNET.HOST', 'host'],
      ['legacy.host', 'host'],
      ['quiet', 'host'],
      ['blue', 'mbpi'],
    ]);
    expect(r.candidates[0]?.reasons).toEqual(["GID1 'A1' matches (Android entry \"Green\")"]);
    expect(r.standout).toBe(true);
    expect(r.decision).toBe('apply');
  });

  it('SPN, IMSI pattern (x = any digit) and ICCID prefix matches, strongest kind first', () => {
    const r = rank({ sim: { imsi: '001550193456789', spn: 'RED TEL', gid1: '', iccid: '89981234' } });
    expect(r.candidates.filter((c) => c.tier === 'sim-match').map((c) => [c.apn, c.match?.kind])).toEqual([
      ['fi', 'imsi'],
      ['iot', 'iccid'],
      ['red', 'spn'],
    ]);
    expect(r.candidates.find((c) => c.apn === 'fi')?.reasons).toEqual(["IMSI pattern '00155019x4' matches (Android entry \"Fi\")"]);
    expect(r.candidates.find((c) => c.apn === 'red')?.reasons).toEqual(["SPN 'RED TEL' matches (Android entry \"Red\")"]);
    // Three different carriers matched by different evidence: the strongest (IMSI pattern) stands out.
    expect(r.standout).toBe(true);
  });

  it('the same APN in both databases is one candidate, source "both", with the MBPI carrier id', () => {
    const host = rank({ sim: { imsi: IMSI, gid1: '', spn: '' } }).candidates.find((c) => c.apn.toLowerCase() === 'internet.host');
    expect(host).toMatchObject({ source: 'both', carrierIds: ['xa/hostnet/0'], tier: 'host', ipType: 'IPV4V6' });
    expect(host?.reasons).toEqual(['host network of 001-55 (Android entry "Hostnet LTE")', 'MBPI: "Hostnet" on 001-55 (postpaid)']);
    expect(host?.adjustments?.[0]).toMatch(/written as IPV4V6/);
  });

  it('an SPN that names an MBPI provider puts its first APN in the sim-match tier', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: '', spn: 'Blue' } });
    expect(r.candidates[0]).toMatchObject({ apn: 'blue', tier: 'sim-match', match: { kind: 'spn-name', data: 'Blue Mobile' }, auth: 'auto', username: 'u', password: 'p' });
    expect(r.candidates[0]?.reasons[0]).toBe("SPN 'Blue' names provider \"Blue Mobile\" (MBPI)");
  });

  it('entries the SIM could not be checked against come last, with why', () => {
    const r = rank({ sim: { imsi: IMSI } });
    const tail = r.candidates.filter((c) => c.tier === 'unverified-mvno').map((c) => c.apn);
    expect(tail).toEqual(['green', 'red', 'iot']);
    expect(r.candidates.find((c) => c.apn === 'green')?.reasons).toEqual(["MVNO entry \"Green\" on 001-55 is for SIMs with GID1 'A1'; this SIM's GID1 could not be read"]);
    expect(r.notes.at(-1)).toMatch(/could not be checked/);
  });

  it('a remembered APN for this SIM comes first and stands out', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: 'A1' }, remembered: [{ presetName: 'SIM ****6789', apn: 'legacy.host', ipType: 'IP', auth: 'none' }] });
    expect(r.candidates[0]).toMatchObject({ id: 'preset:SIM ****6789', tier: 'remembered', source: 'preset', ipType: 'IP' });
    expect(r.candidates[0]?.reasons).toEqual(['worked before for this SIM (preset "SIM ****6789")', 'host network of 001-55 (Android entry "Host Legacy")']);
    expect(r.decision).toBe('apply');
  });
});

describe('rankApns: settings a modem takes', () => {
  it('maps Android auth: authtype 0 sends nothing, PAP keeps the credentials', () => {
    const r = rank({ sim: { imsi: IMSI, spn: 'Red Tel', gid1: '' } });
    expect(r.candidates.find((c) => c.apn === 'red')).toMatchObject({ auth: 'pap', username: 'r', password: 'pw' });
    const quiet = r.candidates.find((c) => c.apn === 'quiet');
    expect(quiet?.auth).toBe('none');
    expect(quiet?.username).toBeUndefined();
  });

  it('uses roaming_protocol when roaming', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: '' }, servingNetwork: '001-66', registeredRoaming: true });
    expect(r.roaming).toBe(true);
    expect(r.candidates.find((c) => c.apn === 'INTERNET.HOST')).toMatchObject({ ipType: 'IP' });
  });

  it('leaves out values that cannot be sent to a modem, and says which', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: '' } });
    expect(r.candidates.some((c) => c.apn === 'bad apn')).toBe(false);
    expect(r.unusable).toEqual([{ name: 'Broken', apn: 'bad apn', reason: expect.stringMatching(/^apn: /) as unknown as string }]);
  });
});

describe('rankApns: when the IMSI says nothing', () => {
  it('falls back to the network the modem is registered on and its AT+COPS? name', () => {
    const r = rank({ sim: { imsi: '999990123456789' }, servingNetwork: '00166', operatorName: 'Elsewhere' });
    expect(r.candidates.map((c) => [c.apn, c.tier])).toEqual([['else.where', 'operator']]);
    expect(r.candidates[0]?.reasons[0]).toBe("the modem is registered on 001-66 and the SIM's own network is in neither database (MBPI: \"Elsewhere\" on 001-66)");
    expect(r.candidates[0]?.reasons).toContain('operator name "Elsewhere" (AT+COPS?) ~ provider "Elsewhere" (MBPI)');
    expect(r.decision).toBe('try-in-order');
  });

  it('never takes a roaming network for the SIM\'s: with no candidate it asks for the APN in plain words', () => {
    const r = rank({ sim: { imsi: '999990123456789' }, servingNetwork: '001-66', operatorName: 'Elsewhere', registeredRoaming: true });
    expect(r.candidates).toEqual([]);
    expect(r.decision).toBe('ask-for-apn');
    expect(r.askForApn).toBe(
      "The SIM's network is in neither of simhat's APN databases (the modem is roaming). Please type the APN your mobile provider gives for data: it is on the provider's website or the SIM's card, often a short name such as \"internet\".",
    );
  });

  it('without an IMSI it says so', () => {
    expect(rank({ sim: {} }).askForApn).toMatch(/^Simhat could not read the SIM's IMSI\. Please type the APN/);
  });

  it('several equally likely candidates are tried in order rather than refused', () => {
    const r = rank({ sim: { imsi: IMSI, gid1: '', spn: '', iccid: '8901' } });
    expect(r.standout).toBe(false);
    expect(r.decision).toBe('try-in-order');
    expect(apns({ sim: { imsi: IMSI, gid1: '', spn: '', iccid: '8901' } })).toEqual(['INTERNET.HOST', 'legacy.host', 'quiet', 'blue']);
  });
});

describe('SIM facts', () => {
  it('tells an absent SIM file from an unreadable one', () => {
    expect(gid1Fact({ ok: true, value: { sw1: 144, sw2: 0, data: '6D38FFFF' } })).toEqual({ value: '6D38FFFF' });
    expect(gid1Fact({ ok: true, value: { sw1: 144, sw2: 0, data: 'FFFF' } })).toEqual({ value: '' });
    expect(gid1Fact({ ok: true, value: { sw1: 106, sw2: 130, data: '' } })).toEqual({ value: '' });
    expect(gid1Fact({ ok: false, reason: 'AT+CRSM answered ERROR' })).toEqual({ reason: 'AT+CRSM answered ERROR' });
    expect(gid1Fact({ ok: true, value: { sw1: 105, sw2: 130, data: '' } }).reason).toMatch(/refused/);
    expect(mncLengthFact({ ok: true, value: { sw1: 144, sw2: 0, data: '000000' } })).toEqual({ reason: 'EF_AD does not state the MNC length' });
  });

  it('shows IMSI and ICCID masked to the last 4 digits', () => {
    const view = simIdentityView({ state: 'ready', pinState: 'READY', facts: { imsi: '310260123456789', iccid: '8901260123456789012F', spn: 'T-Mobile', gid1: '', mncLength: 3 }, unreadable: [] }, '310-260');
    expect(view).toEqual({ state: 'ready', pinState: 'READY', imsi: '***********6789', iccid: '****************012F', spn: 'T-Mobile', mncLength: 3, homeNetwork: '310-260', unreadable: [] });
    expect(JSON.stringify(view)).not.toContain('310260123456789');
  });

  it.each<[string | undefined, string]>([
    ['READY', 'ready'],
    ['NOT INSERTED', 'absent'],
    ['NOT READY', 'not-ready'],
    ['SIM PIN', 'locked'],
    ['SIM PUK', 'locked'],
    ['PH-NET PIN', 'locked'],
    [undefined, 'unknown'],
  ])('AT+CPIN? %s -> %s', (pin, state) => expect(simStateOf(pin)).toBe(state));
});
