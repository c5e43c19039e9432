// The APN decider against the twin on a real PTY through the real serialport (issue 13): for every
// SIM profile, from the seed state (RNDIS, APN empty), the try-and-verify run ends with data up on
// the APN the profile's network accepts, failed tries rolled back, the winner remembered for the
// SIM; a SIM that is absent or locked is reported before any APN is written.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplyTimeouts } from '../../../src-main/service/apn.js';
import { ApplyJournal } from '../../../src-main/service/apn-journal.js';
import { apnSources } from '../../../src-main/service/apn-db.js';
import { decideApn, runDecideApn, type DecideDeps, type DecideEvent } from '../../../src-main/service/apn-decider.js';
import { ApnPresetStore } from '../../../src-main/service/apn-presets.js';
import { presetSimOf } from '../../../src-main/service/apn-sim.js';
import { SIM_PROFILES, simProfileState, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { twinRig, type TwinRig } from './twin-pty.js';

const timeouts: Partial<ApplyTimeouts> = { simReadyMs: 3000, registrationMs: 3000, addressMs: 800, pollMs: 40 };

let rig: TwinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function depsFor(r: TwinRig): DecideDeps & { presets: ApnPresetStore } {
  return { sources: apnSources, presets: new ApnPresetStore({ dir: r.configDir }), journal: new ApplyJournal({ dir: r.configDir }) };
}

const apnOf = (r: TwinRig, cid: number) => r.twin.snapshot().nv.contexts.get(cid)?.apn;

const EXPECTED: Record<SimProfileName, { apn: string; failedFirst: string[] }> = {
  't-mobile': { apn: 'fast.t-mobile.com', failedFirst: [] },
  metropcs: { apn: 'fast.metropcs.com', failedFirst: [] },
  giffgaff: { apn: 'giffgaff.com', failedFirst: [] },
  'tim-italy': { apn: 'ibox.tim.it', failedFirst: [] },
  roaming: { apn: 'internet.freedommobile.ca', failedFirst: [] },
  'us-mobile': { apn: 'PWG', failedFirst: ['fast.t-mobile.com'] },
  'no-crsm': { apn: 'Wholesale', failedFirst: [] },
};

describe('decideApn on the twin, per SIM profile (seed: RNDIS, cid 1 without APN, no cid 6)', () => {
  it.each(Object.keys(EXPECTED) as SimProfileName[])('%s ends online on the right APN', async (profile) => {
    rig = await twinRig({ state: simProfileState(profile, 'seed') });
    const modem = await rig.connect();
    const deps = depsFor(rig);
    const events: DecideEvent[] = [];
    const result = await runDecideApn(modem, deps, { timeouts, port: rig.port }, (e) => events.push(e));

    const want = EXPECTED[profile];
    expect(result.outcome, result.message).toBe('applied');
    expect(result.apn).toBe(want.apn);
    expect(rig.twin.dataUp).toBe(true);
    expect([apnOf(rig, 1), apnOf(rig, 6)]).toEqual([want.apn, want.apn]);
    expect(result.tries.filter((t) => !t.ok).map((t) => [t.candidate.apn, t.error?.code, t.rolledBack])).toEqual(want.failedFirst.map((a) => [a, 'no-address', true]));
    // The SIM is shown masked; its network and the reasons come with the ranking.
    expect(result.sim?.imsi).toBe(`***********${SIM_PROFILES[profile].sim.imsi.slice(-4)}`);
    expect(JSON.stringify(events)).not.toContain(SIM_PROFILES[profile].sim.imsi);
    expect(result.winner?.reasons.length).toBeGreaterThan(0);
    // Events: sim, network, ranked, plan, then the tries, and finished last.
    expect(events.slice(0, 4).map((e) => e.type)).toEqual(['sim', 'network', 'ranked', 'plan']);
    expect(events.at(-1)?.type).toBe('finished');
    // Remembered for this SIM (by IMSI hash, never the IMSI).
    const stored = await deps.presets.forSim(presetSimOf(SIM_PROFILES[profile].sim.imsi).imsiSha256);
    expect(stored.map((p) => p.apn)).toEqual([want.apn]);
    expect(result.rememberedAs).toBe(stored[0]?.name);
  });

  it('us-mobile: the first try fails, is rolled back exactly (cid 1 empty again, no cid 6), the second wins', async () => {
    rig = await twinRig({ state: simProfileState('us-mobile', 'seed') });
    const modem = await rig.connect();
    const events: DecideEvent[] = [];
    const result = await runDecideApn(modem, depsFor(rig), { timeouts }, (e) => events.push(e));
    expect(result.outcome).toBe('applied');
    const plan = events.find((e): e is Extract<DecideEvent, { type: 'plan' }> => e.type === 'plan');
    expect(plan?.how).toBe('rank-order');
    const failed = events.find((e): e is Extract<DecideEvent, { type: 'try-failed' }> => e.type === 'try-failed');
    expect(failed?.candidate.apn).toBe('fast.t-mobile.com');
    expect(failed?.rolledBack).toBe(true);
    // Between the tries the twin got the saved state back: cid 1 "" (IP) and cid 6 deleted.
    const sent = rig.twin.receivedCommands;
    const firstWrite = sent.indexOf('AT+CGDCONT=1,"IPV4V6","fast.t-mobile.com"');
    const restore1 = sent.indexOf('AT+CGDCONT=1,"IP",""', firstWrite);
    const delete6 = sent.indexOf('AT+CGDCONT=6', firstWrite);
    const secondWrite = sent.indexOf('AT+CGDCONT=1,"IPV4V6","PWG"');
    expect(firstWrite).toBeGreaterThan(-1);
    expect(restore1).toBeGreaterThan(firstWrite);
    expect(delete6).toBeGreaterThan(firstWrite);
    expect(secondWrite).toBeGreaterThan(Math.max(restore1, delete6));
    expect(result.message).toBe('APN "PWG" (US Mobile) brings data up: host network of 310-260 (Android entry "US Mobile"). Tried before it: "fast.t-mobile.com" (no-address, rolled back).');
  });

  it('a second run changes nothing; after a reset to seed the remembered APN is first and wins at once', async () => {
    rig = await twinRig({ state: simProfileState('us-mobile', 'seed') });
    const modem = await rig.connect();
    const deps = depsFor(rig);
    await runDecideApn(modem, deps, { timeouts });
    const again = await runDecideApn(modem, deps, { timeouts });
    expect(again.outcome).toBe('already-working');
    expect(again.apn).toBe('PWG');

    // Back to an empty APN: the remembered preset now ranks first and is the only try.
    rig.twin.update((s) => {
      s.nv.contexts.set(1, { type: 'IP', apn: '', emergency: false });
      s.nv.contexts.delete(6);
    });
    const third = await runDecideApn(modem, deps, { timeouts });
    expect(third.outcome).toBe('applied');
    expect(third.ranking?.candidates[0]).toMatchObject({ tier: 'remembered', apn: 'PWG', source: 'preset' });
    expect(third.tries.map((t) => [t.candidate.apn, t.ok])).toEqual([['PWG', true]]);
    expect(rig.twin.dataUp).toBe(true);
  });

  it.each([
    ['no-sim', 'sim-not-ready', 'absent', 'No SIM card is inserted (or the modem cannot read it).'],
    ['pin-locked', 'sim-not-ready', 'locked', 'The SIM is locked and asks for its PIN.'],
  ] as const)('%s: reported before any APN talk, nothing written', async (scenario, outcome, state, message) => {
    rig = await twinRig({ state: simProfileState('metropcs', scenario) });
    const modem = await rig.connect();
    const events: DecideEvent[] = [];
    const result = await runDecideApn(modem, depsFor(rig), { timeouts }, (e) => events.push(e));
    expect(result.outcome).toBe(outcome);
    expect(result.sim?.state).toBe(state);
    expect(result.message).toBe(message);
    expect(result.ranking).toBeNull();
    expect(events.map((e) => e.type)).toEqual(['sim', 'finished']);
    expect(rig.twin.receivedCommands.some((c) => /^AT\+CGDCONT=|^AT\+CGAUTH=|^AT\+CFUN=/.test(c))).toBe(false);
  });

  it('rankOnly reads and ranks without writing (what `apn suggest` shows)', async () => {
    rig = await twinRig({ state: simProfileState('metropcs', 'seed') });
    const modem = await rig.connect();
    const result = await runDecideApn(modem, depsFor(rig), { rankOnly: true });
    expect(result.outcome).toBe('ranked-only');
    expect(result.ranking?.candidates[0]?.reasons).toEqual(['GID1 \'6D\' matches (Android entry "MetroPCS 260")']);
    expect(result.sim).toMatchObject({ state: 'ready', spn: 'MetroPCS', gid1: '6D38FFFF', mncLength: 3, homeNetwork: '310-260' });
    expect(rig.twin.receivedCommands.some((c) => /^AT\+CGDCONT=|^AT\+CFUN=/.test(c))).toBe(false);
    expect(rig.twin.receivedCommands).toEqual(expect.arrayContaining(['AT+CSPN?', 'AT+CRSM=176,28478,0,0,0', 'AT+CRSM=176,28589,0,0,0']));
  });

  it('an interactive face gets the ranked list with reasons and can pick the second one', async () => {
    rig = await twinRig({ state: simProfileState('us-mobile', 'seed') });
    const modem = await rig.connect();
    let offered: string[] = [];
    const result = await runDecideApn(modem, depsFor(rig), {
      timeouts,
      choose: async (offer) => {
        offered = offer.ranking.candidates.slice(0, 2).map((c) => `${c.apn}: ${c.reasons[0]}`);
        return { kind: 'pick', id: offer.ranking.candidates[1]!.id };
      },
    });
    expect(offered).toEqual(['fast.t-mobile.com: host network of 310-260 (Android entry "T-Mobile US")', 'PWG: host network of 310-260 (Android entry "US Mobile")']);
    expect(result.outcome).toBe('applied');
    expect(result.tries.map((t) => t.candidate.apn)).toEqual(['PWG']);
  });

  it('cancel from the face changes nothing; the generator\'s last event is finished', async () => {
    rig = await twinRig({ state: simProfileState('us-mobile', 'seed') });
    const modem = await rig.connect();
    const types: string[] = [];
    for await (const e of decideApn(modem, depsFor(rig), { choose: async () => ({ kind: 'cancel' }) })) types.push(e.type);
    expect(types.at(-1)).toBe('finished');
    expect(rig.twin.receivedCommands.some((c) => /^AT\+CGDCONT=/.test(c))).toBe(false);
  });
});
