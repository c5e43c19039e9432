// The twin's SIM identity answers (issue 13) and its SIM profiles: AT+CSPN? and AT+CRSM as a
// SIM7600 prints them (`+CSPN: "<spn>",<mode>`, `+CRSM: <sw1>,<sw2>,"<hex>"`), parsed back by the
// product's own parsers, and each profile combined with the scenarios.
import { describe, expect, it } from 'vitest';
import { gid1FromCrsm, mncLengthFromEfAd, parseCrsmWrite, parseCspnRead, spnFromEfSpn } from '../../../src-main/core/at/commands/sim-identity.js';
import { executeLine } from '../../../src-main/twin/firmware.js';
import { HOME_NETWORK, SCENARIO_NAMES, scenarioState } from '../../../src-main/twin/scenarios.js';
import { SIM_PROFILE_NAMES, SIM_PROFILES, isSimProfileName, simProfileState } from '../../../src-main/twin/sim-profiles.js';
import { dataUp, registrationStat, settleNetwork, type TwinState } from '../../../src-main/twin/state.js';

function run(s: TwinState, line: string): string[] {
  const r = executeLine(s, line);
  if (!r) throw new Error(`no answer to ${line}`);
  return [...r.lines, r.final];
}

function settled(s: TwinState): TwinState {
  if (s.sim.status === 'ready') s.runtime.radio = 'camped';
  s.runtime.cpsiReady = true;
  settleNetwork(s);
  return s;
}

describe('AT+CSPN? and AT+CRSM on the twin', () => {
  it('prints the SPN and the SIM files the SIM7600 way, and the product parsers read them back', () => {
    const s = settled(simProfileState('metropcs'));
    expect(run(s, 'AT+CSPN?')).toEqual(['+CSPN: "MetroPCS",0', 'OK']);
    expect(run(s, 'AT+CRSM=176,28478,0,0,0')).toEqual(['+CRSM: 144,0,"6D38FFFF"', 'OK']);
    expect(run(s, 'AT+CRSM=176,28589,0,0,0')).toEqual(['+CRSM: 144,0,"00000003"', 'OK']);
    expect(run(s, 'AT+CRSM=176,28589,0,0,3')).toEqual(['+CRSM: 144,0,"000000"', 'OK']);
    expect(parseCspnRead(executeLine(s, 'AT+CSPN?')!.lines).spn).toBe('MetroPCS');
    expect(gid1FromCrsm(parseCrsmWrite(executeLine(s, 'AT+CRSM=176,28478,0,0,0')!.lines))).toBe('6D38FFFF');
    expect(mncLengthFromEfAd(parseCrsmWrite(executeLine(s, 'AT+CRSM=176,28589,0,0,0')!.lines))).toBe(3);
    expect(spnFromEfSpn(parseCrsmWrite(executeLine(s, 'AT+CRSM=176,28486,0,0,17')!.lines))).toBe('MetroPCS');
  });

  it('files the SIM lacks answer 6A 82, other commands 6D 00, malformed parameters ERROR', () => {
    const s = settled(simProfileState('us-mobile'));
    expect(run(s, 'AT+CSPN?')).toEqual(['+CSPN: "",0', 'OK']);
    expect(run(s, 'AT+CRSM=176,28486,0,0,17')).toEqual(['+CRSM: 106,130', 'OK']);
    expect(run(s, 'AT+CRSM=176,12345,0,0,0')).toEqual(['+CRSM: 106,130', 'OK']);
    expect(run(s, 'AT+CRSM=192,28478,0,0,15')).toEqual(['+CRSM: 109,0', 'OK']);
    expect(run(s, 'AT+CRSM=176,"28478",0,0,0')).toEqual(['ERROR']);
    expect(run(s, 'AT+CRSM?')).toEqual(['ERROR']);
    expect(run(s, 'AT+CSPN=1')).toEqual(['ERROR']);
    const plain = settled(simProfileState('t-mobile'));
    expect(run(plain, 'AT+CRSM=176,28478,0,0,0')).toEqual(['+CRSM: 144,0,"FFFFFFFF"', 'OK']);
  });

  it('firmware without AT+CRSM answers a plain ERROR; AT+CSPN? still works', () => {
    const s = settled(simProfileState('no-crsm'));
    expect(run(s, 'AT+CRSM=176,28478,0,0,0')).toEqual(['ERROR']);
    expect(run(s, 'AT+CRSM=176,28589,0,0,0')).toEqual(['ERROR']);
    expect(run(s, 'AT+CSPN?')).toEqual(['+CSPN: "Ultra Mobile",0', 'OK']);
  });

  it('no SIM, a locked SIM and the busy window raise the 27.007 codes (verbose, CMEE 2)', () => {
    expect(run(settled(simProfileState('metropcs', 'no-sim')), 'AT+CSPN?')).toEqual(['+CME ERROR: SIM not inserted']);
    expect(run(settled(simProfileState('metropcs', 'pin-locked')), 'AT+CRSM=176,28478,0,0,0')).toEqual(['+CME ERROR: SIM PIN required']);
    const busy = simProfileState('metropcs');
    busy.runtime.simBusy = true;
    expect(run(busy, 'AT+CSPN?')).toEqual(['+CME ERROR: SIM busy']);
  });

  it('the default SIM of every scenario has no SPN, GID1 or EF_AD (the round-1 twin, unchanged)', () => {
    for (const name of SCENARIO_NAMES) {
      const s = scenarioState(name);
      expect([s.sim.spn, s.sim.gid1, s.sim.efAd, s.identity.crsm, s.identity.cspn]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    }
    const seed = settled(scenarioState('seed'));
    expect(run(seed, 'AT+CSPN?')).toEqual(['+CSPN: "",0', 'OK']);
    expect(run(seed, 'AT+CRSM=176,28589,0,0,0')).toEqual(['+CRSM: 106,130', 'OK']);
  });
});

describe('SIM profiles', () => {
  it('lists the seven cases of the issue, each described', () => {
    expect([...SIM_PROFILE_NAMES]).toEqual(['t-mobile', 'metropcs', 'giffgaff', 'tim-italy', 'roaming', 'us-mobile', 'no-crsm']);
    for (const n of SIM_PROFILE_NAMES) expect(SIM_PROFILES[n].description.length).toBeGreaterThan(20);
    expect(isSimProfileName('metropcs')).toBe(true);
    expect(isSimProfileName('bogus')).toBe(false);
  });

  it.each(SIM_PROFILE_NAMES.map((n) => [n]))('%s on seed: the SIM is in, the network is the profile\'s, no data until the APN is right', (name) => {
    const s = settled(simProfileState(name, 'seed'));
    const p = SIM_PROFILES[name];
    expect(s.sim.imsi).toBe(p.sim.imsi);
    expect(`${s.network.mcc}-${s.network.mnc}`).toBe(`${p.network.mcc}-${p.network.mnc}`);
    expect(registrationStat(s)).toBe(p.network.roaming ? 5 : 1);
    expect(run(s, 'AT+CIMI')).toEqual([p.sim.imsi, 'OK']);
    expect(dataUp(s)).toBe(false); // seed: cid 1 without APN
    expect(run(s, 'AT+COPS?')[0]).toBe(`+COPS: 0,0,"${p.network.operatorName}",7`);
  });

  it('keeps the scenario\'s faults and makes "good" good for the profile\'s network', () => {
    expect(simProfileState('metropcs', 'no-sim').sim.status).toBe('absent');
    expect(simProfileState('metropcs', 'pin-locked').sim.status).toBe('pin');
    expect(simProfileState('roaming', 'no-signal').network.coverage).toBe('none');
    expect(simProfileState('roaming', 'seed').network.coverage).toBe('roaming');
    const good = settled(simProfileState('giffgaff', 'good'));
    expect(good.nv.contexts.get(1)?.apn).toBe('giffgaff.com');
    expect(good.nv.auth.get(6)).toEqual({ type: 1, user: 'gg', password: 'p' });
    expect(dataUp(good)).toBe(true);
    expect(settled(simProfileState('metropcs', 'good')).nv.contexts.get(6)?.apn).toBe('fast.metropcs.com');
  });

  it('never changes the shared scenario data (each call is a fresh state)', () => {
    const a = simProfileState('giffgaff');
    a.network.acceptedApns.push('x');
    a.network.apnCredentials['giffgaff.com']!.user = 'changed';
    expect(simProfileState('giffgaff').network.acceptedApns).toEqual(['giffgaff.com']);
    expect(SIM_PROFILES.giffgaff.network.apnCredentials['giffgaff.com']?.user).toBe('gg');
    expect(simProfileState('t-mobile').network.acceptedApns).not.toContain(HOME_NETWORK.apn);
  });
});
