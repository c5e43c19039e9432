// The decider's ranking for every SIM profile of the twin (issue 13), on the shipped tables
// (MBPI + Android). The SIM facts come from the twin's firmware answers read with the product's
// own parsers, the way the service reads a real modem; the expected APN is the one the profile's
// network accepts, and each candidate's reasons are checked in words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AndroidApnDb } from '../../../src-main/core/apn/android-types.js';
import { AndroidApnTable } from '../../../src-main/core/apn/android-table.js';
import type { ApnRanking } from '../../../src-main/core/apn/candidate.js';
import type { ApnDb } from '../../../src-main/core/apn/db-types.js';
import { ApnLookup } from '../../../src-main/core/apn/lookup.js';
import { rankApns, type RankInput } from '../../../src-main/core/apn/rank.js';
import { gid1Fact, mncLengthFact, spnFact, type Read } from '../../../src-main/core/apn/sim-facts.js';
import { parseCimiExec, parseCiccidExec } from '../../../src-main/core/at/commands/identity.js';
import { parseCopsRead, parseRegistration } from '../../../src-main/core/at/commands/registration.js';
import { parseCpsiRead } from '../../../src-main/core/at/commands/signal.js';
import { parseCrsmWrite, parseCspnRead } from '../../../src-main/core/at/commands/sim-identity.js';
import { resourcePath } from '../../../src-main/platform/files/resource-path.js';
import { executeLine } from '../../../src-main/twin/firmware.js';
import { SIM_PROFILES, simProfileState, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { settleNetwork, type TwinState } from '../../../src-main/twin/state.js';

const sources = {
  mbpi: new ApnLookup(JSON.parse(readFileSync(resourcePath('apn', 'apn-db.json'), 'utf8')) as ApnDb),
  android: new AndroidApnTable(JSON.parse(readFileSync(resourcePath('apn', 'apn-android.json'), 'utf8')) as AndroidApnDb),
};

function read<T>(s: TwinState, line: string, parse: (lines: readonly string[]) => T): Read<T> {
  const r = executeLine(s, line);
  if (!r || r.final !== 'OK') return { ok: false, reason: `${line} answered ${r?.final ?? 'nothing'}` };
  return { ok: true, value: parse(r.lines) };
}

/** What the service reads from a modem, here from the twin's firmware. */
function inputFor(profile: SimProfileName): RankInput {
  const s = simProfileState(profile);
  s.runtime.radio = 'camped';
  s.runtime.cpsiReady = true;
  settleNetwork(s);
  const imsi = read(s, 'AT+CIMI', parseCimiExec);
  const iccid = read(s, 'AT+CICCID', parseCiccidExec);
  const spn = spnFact(read(s, 'AT+CSPN?', parseCspnRead));
  const gid1 = gid1Fact(read(s, 'AT+CRSM=176,28478,0,0,0', parseCrsmWrite));
  const mnc = mncLengthFact(read(s, 'AT+CRSM=176,28589,0,0,0', parseCrsmWrite));
  const cops = read(s, 'AT+COPS?', parseCopsRead);
  const cpsi = read(s, 'AT+CPSI?', parseCpsiRead);
  const reg = read(s, 'AT+CEREG?', (l) => parseRegistration('cereg', l));
  const cell = cpsi.ok && 'mcc' in cpsi.value ? `${String(cpsi.value.mcc)}-${String(cpsi.value.mnc)}` : undefined;
  return {
    sim: {
      ...(imsi.ok ? { imsi: imsi.value } : {}),
      ...(iccid.ok ? { iccid: iccid.value } : {}),
      ...(spn.value !== undefined ? { spn: spn.value } : {}),
      ...(gid1.value !== undefined ? { gid1: gid1.value } : {}),
      ...(mnc.value !== undefined ? { mncLength: mnc.value } : {}),
    },
    ...(cell ? { servingNetwork: cell } : {}),
    ...(cops.ok && cops.value.name ? { operatorName: cops.value.name } : {}),
    registeredRoaming: reg.ok && reg.value.state === 'roaming',
  };
}

const ranking = (p: SimProfileName): ApnRanking => rankApns(inputFor(p), sources);
const accepted = (p: SimProfileName, r: ApnRanking) => r.candidates.findIndex((c) => SIM_PROFILES[p].network.acceptedApns.some((a) => a.toLowerCase() === c.apn.toLowerCase()));

describe('ranking per SIM profile (shipped MBPI + Android tables)', () => {
  it('t-mobile (host network, SPN "T-Mobile"): fast.t-mobile.com stands out, named by the SPN and the host entry', () => {
    const r = ranking('t-mobile');
    expect(r.home).toEqual({ pairs: ['310-260'], mcc: '310', mncLengthFrom: 'ef-ad' });
    const [first, second] = r.candidates;
    expect(first).toMatchObject({ apn: 'fast.t-mobile.com', tier: 'sim-match', source: 'both', ipType: 'IPV4V6', auth: 'none', match: { kind: 'spn-name', data: 'T-Mobile' } });
    expect(first?.reasons).toEqual(['SPN \'T-Mobile\' names provider "T-Mobile" (MBPI)', 'MBPI: "T-Mobile" on 310-260 (postpaid)', 'host network of 310-260 (Android entry "T-Mobile US")']);
    // Android lists IPV6 (464XLAT phones); a router modem needs IPv4 as well.
    expect(first?.adjustments?.[0]).toMatch(/IPV6.*IPV4V6/);
    expect(first?.carrierIds).toContain('us/t-mobile/0');
    expect(second).toMatchObject({ apn: 'PWG', tier: 'host', source: 'both' });
    expect(r.standout).toBe(true);
    expect(r.decision).toBe('apply');
    expect(accepted('t-mobile', r)).toBe(0);
    // The SIM has no GID1 (all FF): MVNO entries needing one are not candidates at all.
    expect(r.candidates.some((c) => c.apn === 'fast.metropcs.com')).toBe(false);
  });

  it('metropcs (MVNO by GID1 6D): fast.metropcs.com first, because its GID1 matches', () => {
    const r = ranking('metropcs');
    expect(r.candidates[0]).toMatchObject({ apn: 'fast.metropcs.com', tier: 'sim-match', source: 'android', id: 'android/310-260/metropcs-260', match: { kind: 'gid1', data: '6D' } });
    expect(r.candidates[0]?.reasons).toEqual(['GID1 \'6D\' matches (Android entry "MetroPCS 260")']);
    expect(r.candidates[1]).toMatchObject({ apn: 'fast.t-mobile.com', tier: 'host', reasons: ['host network of 310-260 (Android entry "T-Mobile US")', 'MBPI: "T-Mobile" on 310-260 (postpaid)'] });
    expect(r.decision).toBe('apply');
    expect(accepted('metropcs', r)).toBe(0);
  });

  it('giffgaff (MVNO by SPN on O2 UK): giffgaff.com with PAP gg/p first, MBPI\'s other credentials after it', () => {
    const r = ranking('giffgaff');
    expect(r.candidates[0]).toMatchObject({ apn: 'giffgaff.com', auth: 'pap', username: 'gg', password: 'p', tier: 'sim-match', match: { kind: 'spn', data: 'giffgaff' } });
    expect(r.candidates[0]?.reasons).toEqual(['SPN \'giffgaff\' matches (Android entry "giffgaff")']);
    expect(r.candidates[1]).toMatchObject({ apn: 'giffgaff.com', username: 'giffgaff', source: 'mbpi', tier: 'sim-match', match: { kind: 'spn-name' } });
    // Android's Tesco entries need SPN "TESCO": this SIM's SPN is known and differs, so only MBPI's
    // Tesco Mobile (which carries no MVNO data) is listed, in the MBPI tier.
    expect(r.candidates.filter((c) => c.apn === 'prepay.tesco-mobile.com').map((c) => [c.tier, c.source, c.androidIndexes])).toEqual([['mbpi', 'mbpi', []]]);
    expect(r.standout).toBe(true);
    expect(accepted('giffgaff', r)).toBe(0);
  });

  it('tim-italy (2-digit MNC, IMSI also reads as 222-011): EF_AD says 2, so nothing of 222-011 is listed', () => {
    const r = ranking('tim-italy');
    expect(r.home).toEqual({ pairs: ['222-01'], mcc: '222', mncLengthFrom: 'ef-ad' });
    expect(r.notes[0]).toBe('MNC length 2 from the SIM (EF_AD): home network 222-01.');
    expect(r.candidates.every((c) => c.network === '222-01')).toBe(true);
    expect(r.candidates.some((c) => c.apn === 'web.iusacellgsm.mx')).toBe(false);
    expect(r.candidates[0]).toMatchObject({ apn: 'ibox.tim.it', tier: 'sim-match' });
    expect(accepted('tim-italy', r)).toBe(0);
  });

  it('tim-italy without EF_AD and without a serving network: both readings are listed and said so', () => {
    const input = inputFor('tim-italy');
    const { mncLength: _m, ...sim } = input.sim;
    const r = rankApns({ sim }, sources);
    expect(r.home).toEqual({ pairs: ['222-01', '222-011'], mcc: '222', mncLengthFrom: 'both-listed' });
    expect(r.notes[0]).toMatch(/222-01 \(2-digit MNC\) or 222-011 \(3-digit\)/);
    expect(r.candidates.some((c) => c.network === '222-011')).toBe(true);
    // With the serving network (at home) the reading is decided again.
    expect(rankApns({ sim, servingNetwork: '222-01' }, sources).home?.mncLengthFrom).toBe('serving-network');
  });

  it('roaming (Freedom SIM on T-Mobile US): by the IMSI, never by the serving network', () => {
    const r = ranking('roaming');
    expect(r.roaming).toBe(true);
    expect(r.servingNetwork).toBe('310-260');
    expect(r.candidates.map((c) => c.apn)).toEqual(['internet.freedommobile.ca']);
    expect(r.candidates[0]?.reasons).toEqual([
      'SPN \'Freedom\' names carrier "Freedom Mobile Internet" (Android)',
      'host network of 302-490',
      'SPN \'Freedom\' names provider "Freedom Mobile" (MBPI)',
      'MBPI: "Freedom Mobile" on 302-490 (postpaid)',
    ]);
    expect(r.candidates.some((c) => c.network === '310-260')).toBe(false);
    expect(r.notes).toContain("Roaming on 310-260: APNs of the SIM's home network 302-490 (from the IMSI), not the visited network's.");
    expect(r.decision).toBe('apply');
  });

  it('us-mobile (no SPN, no GID1): several remain, tried in rank order; the accepted PWG is second', () => {
    const r = ranking('us-mobile');
    expect(r.standout).toBe(false);
    expect(r.decision).toBe('try-in-order');
    expect(r.candidates.slice(0, 2).map((c) => [c.apn, c.tier])).toEqual([
      ['fast.t-mobile.com', 'host'],
      ['PWG', 'host'],
    ]);
    expect(r.candidates[1]?.reasons).toEqual(['host network of 310-260 (Android entry "US Mobile")', 'MBPI: "US Mobile" on 310-260']);
    expect(accepted('us-mobile', r)).toBe(1);
    expect(r.askForApn).toBeUndefined();
  });

  it('no-crsm (firmware answers AT+CRSM with ERROR): the SPN still names Ultra; the unread GID1 is said', () => {
    const input = inputFor('no-crsm');
    expect(input.sim.gid1).toBeUndefined();
    expect(input.sim.mncLength).toBeUndefined();
    const r = rankApns(input, sources);
    expect(r.home?.mncLengthFrom).toBe('database');
    expect(r.candidates[0]).toMatchObject({ apn: 'Wholesale', tier: 'sim-match', match: { kind: 'spn-name', data: 'Ultra' } });
    expect(r.candidates[0]?.reasons.slice(0, 2)).toEqual([
      'SPN \'Ultra Mobile\' names carrier "Ultra" (Android)',
      "MVNO entry \"Ultra\" on 310-260 is for SIMs with GID1 '6132'; this SIM's GID1 could not be read",
    ]);
    // Entries the SIM could not be checked against come last, never dropped.
    expect(r.candidates.at(-1)?.tier).toBe('unverified-mvno');
    expect(r.candidates.some((c) => c.apn === 'fast.metropcs.com' && c.tier === 'unverified-mvno')).toBe(true);
    expect(accepted('no-crsm', r)).toBe(0);
  });

  it('is deterministic: the same SIM gives the same ranking every time (doctor and connect agree)', () => {
    for (const p of Object.keys(SIM_PROFILES) as SimProfileName[]) expect(rankApns(inputFor(p), sources)).toEqual(rankApns(inputFor(p), sources));
  });
});
