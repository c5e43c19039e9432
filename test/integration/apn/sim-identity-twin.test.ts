// Reading the SIM's identity through the real serialport from the twin on a PTY (issue 13):
// every field, and the modems that refuse some of them (no AT+CSPN: EF_SPN instead; no AT+CRSM:
// GID1 and EF_AD unreadable, with why), and the SIM states reported instead of an identity.
import { afterEach, describe, expect, it } from 'vitest';
import { simIdentityView } from '../../../src-main/core/apn/sim-facts.js';
import { presetSimOf, readSimIdentity } from '../../../src-main/service/apn-sim.js';
import { simProfileState } from '../../../src-main/twin/sim-profiles.js';
import type { TwinState } from '../../../src-main/twin/state.js';
import { twinRig, type TwinRig } from './twin-pty.js';

let rig: TwinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function withIdentity(s: TwinState, patch: Partial<TwinState['identity']>): TwinState {
  s.identity = { ...s.identity, ...patch };
  return s;
}

describe('readSimIdentity on the twin', () => {
  it('reads IMSI, ICCID, SPN, GID1 and the MNC length from EF_AD', async () => {
    rig = await twinRig({ state: simProfileState('metropcs') });
    const id = await readSimIdentity(await rig.connect());
    expect(id).toEqual({
      state: 'ready',
      pinState: 'READY',
      facts: { imsi: '310260987654321', iccid: '8901260987654321098F', spn: 'MetroPCS', gid1: '6D38FFFF', mncLength: 3 },
      unreadable: [],
    });
    expect(rig.twin.receivedCommands).toEqual(['AT+CPIN?', 'AT+CIMI', 'AT+CICCID', 'AT+CSPN?', 'AT+CRSM=176,28478,0,0,0', 'AT+CRSM=176,28589,0,0,0']);
    expect(simIdentityView(id, '310-260')).toMatchObject({ imsi: '***********4321', iccid: '****************098F' });
  });

  it('a SIM with neither SPN nor GID1: both read as "none" (not unknown)', async () => {
    rig = await twinRig({ state: simProfileState('us-mobile') });
    const id = await readSimIdentity(await rig.connect());
    expect(id.facts).toMatchObject({ spn: '', gid1: '', mncLength: 3 });
    expect(id.unreadable).toEqual([]);
  });

  it('firmware without AT+CSPN: the name comes from EF_SPN through AT+CRSM', async () => {
    rig = await twinRig({ state: withIdentity(simProfileState('metropcs'), { cspn: false }) });
    const id = await readSimIdentity(await rig.connect());
    expect(id.facts.spn).toBe('MetroPCS');
    expect(rig.twin.receivedCommands).toContain('AT+CRSM=176,28486,0,0,0');
    expect(id.unreadable).toEqual([]);
  });

  it('firmware without AT+CRSM nor AT+CSPN: IMSI and ICCID still read, the rest unreadable with why', async () => {
    rig = await twinRig({ state: withIdentity(simProfileState('no-crsm'), { cspn: false }) });
    const id = await readSimIdentity(await rig.connect());
    expect(id.state).toBe('ready');
    expect(id.facts).toEqual({ imsi: '310260444444444', iccid: '8901260444444444444F' });
    expect(id.unreadable).toEqual([
      { field: 'spn', reason: 'AT+CSPN? answered ERROR' },
      { field: 'gid1', reason: 'AT+CRSM (EF_GID1) answered ERROR' },
      { field: 'mncLength', reason: 'AT+CRSM (EF_AD) answered ERROR' },
    ]);
  });

  it.each([
    ['no-sim', 'absent', undefined],
    ['pin-locked', 'locked', 'SIM PIN'],
  ] as const)('%s: the SIM state, and nothing else is read', async (scenario, state, pinState) => {
    rig = await twinRig({ state: simProfileState('metropcs', scenario) });
    const id = await readSimIdentity(await rig.connect());
    expect(id.state).toBe(state);
    expect(id.pinState).toBe(pinState ?? 'NOT INSERTED');
    expect(id.facts).toEqual({});
    expect(rig.twin.receivedCommands).toEqual(['AT+CPIN?']);
  });

  it('right after boot the SIM is busy (+CME ERROR: SIM busy): not ready', async () => {
    rig = await twinRig({ state: simProfileState('metropcs'), start: 'boot', timings: { simBusyMs: 20_000, bootUrcDelayMs: 50 } });
    const id = await readSimIdentity(await rig.connect());
    expect(id.state).toBe('not-ready');
    expect(id.pinState).toBe('NOT READY');
  });
});

describe('presetSimOf', () => {
  it('keys a SIM by a SHA-256 of its IMSI, never the IMSI, plus the last 4 digits', () => {
    const k = presetSimOf('310260987654321');
    expect(k.imsiSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(k.imsiSha256).not.toContain('310260987654321');
    expect(k.imsiLast4).toBe('4321');
    expect(presetSimOf('310260987654321')).toEqual(k);
    expect(presetSimOf('310260987654322').imsiSha256).not.toBe(k.imsiSha256);
  });
});
