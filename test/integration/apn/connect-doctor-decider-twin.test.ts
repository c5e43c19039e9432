// Issue 13's "one decider for every face", at the service level on the twin over a real PTY (opened by
// the real serialport): for every SIM profile, `connect` from the seed state (RNDIS, APN empty) ends
// online on the APN the profile's network accepts, each failed try rolled back before the next, and the
// doctor's apply-apn fix (`doctor --fix`, non-interactive) chooses the same APN from the same state.
// Each run keeps its presets in a folder of its own, so neither learns the answer from the other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { apnLookup, apnSources } from '../../../src-main/service/apn-db.js';
import { runDecideApn } from '../../../src-main/service/apn-decider.js';
import { ApplyJournal } from '../../../src-main/service/apn-journal.js';
import { ApnPresetStore } from '../../../src-main/service/apn-presets.js';
import { connectSteps, type ConnectEvent, type ConnectResult } from '../../../src-main/service/connect.js';
import { runDoctor, runDoctorFixes } from '../../../src-main/service/doctor.js';
import { DemoNetworkOps } from '../../../src-main/twin/demo-network.js';
import { SIM_PROFILES, simProfileState, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

const apnTimeouts = { simReadyMs: 3000, registrationMs: 3000, addressMs: 800, pollMs: 40 };

let open: TwinOnPty | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await open?.close();
  open = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function configDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'simhat-decider-'));
  dirs.push(d);
  return d;
}

const EXPECTED: Record<SimProfileName, { apn: string; failedFirst: string[] }> = {
  't-mobile': { apn: 'fast.t-mobile.com', failedFirst: [] },
  metropcs: { apn: 'fast.metropcs.com', failedFirst: [] },
  giffgaff: { apn: 'giffgaff.com', failedFirst: [] },
  'tim-italy': { apn: 'ibox.tim.it', failedFirst: [] },
  roaming: { apn: 'internet.freedommobile.ca', failedFirst: [] },
  'us-mobile': { apn: 'PWG', failedFirst: ['fast.t-mobile.com'] },
  'no-crsm': { apn: 'Wholesale', failedFirst: [] },
};

async function connectOn(profile: SimProfileName): Promise<{ result: ConnectResult; events: ConnectEvent[] }> {
  open = await twinOnPty({ state: simProfileState(profile, 'seed') });
  const network = new DemoNetworkOps(open.twin, { stepMs: 1 });
  const dir = await configDir();
  const it = connectSteps(
    { openEngine: serialEngineOpener, apn: apnLookup, network, ifaceExists: async (n) => network.ifaceName() === n, presets: new ApnPresetStore({ dir }), journal: new ApplyJournal({ dir }) },
    // The simulated host answers the probe itself: nothing leaves this process.
    { port: open.port, iface: 'usb0', policy: 'failover', pingTargets: ['127.0.0.1'], platform: 'linux', apnTimeouts },
  );
  const events: ConnectEvent[] = [];
  for (;;) {
    const n = await it.next();
    if (n.done) return { result: n.value, events };
    events.push(n.value);
  }
}

describe('connect chooses the APN with the decider, per SIM profile (seed: RNDIS, APN empty)', () => {
  it.each(Object.keys(EXPECTED) as SimProfileName[])('%s: online on the right APN, failed tries rolled back', async (profile) => {
    const want = EXPECTED[profile];
    const { result, events } = await connectOn(profile);
    expect(result.ok, JSON.stringify(result.failure)).toBe(true);
    expect(result.apn).toBe(want.apn);
    expect(open!.twin.dataUp).toBe(true);
    expect(result.address).toMatch(/^192\.168\.225\./);
    expect(result.check?.classification).toBe('ok');
    const nv = open!.twin.snapshot().nv.contexts;
    expect([nv.get(1)?.apn, nv.get(6)?.apn]).toEqual([want.apn, want.apn]);
    // The result carries the decider's: which APN won, and which tries failed (each rolled back).
    const d = result.decision!;
    expect(d.outcome).toBe('applied');
    expect(d.winner?.apn).toBe(want.apn);
    expect(d.winner?.reasons.length).toBeGreaterThan(0);
    expect(d.tries.filter((t) => !t.ok).map((t) => [t.candidate.apn, t.rolledBack])).toEqual(want.failedFirst.map((a) => [a, true]));
    // The SIM was read (and said) before any APN was written; never "will not guess".
    const decide = events.filter((e): e is Extract<ConnectEvent, { type: 'decide' }> => e.type === 'decide').map((e) => e.event.type);
    expect(decide.slice(0, 3)).toEqual(['sim', 'network', 'ranked']);
    const firstWrite = events.findIndex((e) => e.type === 'apn' && e.event.type === 'context-written');
    expect(events.findIndex((e) => e.type === 'decide' && e.event.type === 'sim')).toBeLessThan(firstWrite);
    expect(JSON.stringify(events)).not.toMatch(/will not guess/);
    expect(JSON.stringify(result)).not.toContain(SIM_PROFILES[profile].sim.imsi);
  });

  it.each(Object.keys(EXPECTED) as SimProfileName[])('%s: doctor --fix chooses the same APN as connect', async (profile) => {
    const { result } = await connectOn(profile);
    const chosenByConnect = result.apn;
    await open!.close();

    open = await twinOnPty({ state: simProfileState(profile, 'seed') });
    const dir = await configDir();
    const deps = { openEngine: serialEngineOpener, apn: apnLookup, presets: new ApnPresetStore({ dir }) };
    const fixed = await runDoctorFixes(deps, { port: open.port, platform: 'linux' }, { settleMs: 3000, only: ['apply-apn'], apnTimeouts });
    expect(fixed.applied.map((a) => [a.fix.id, a.ok, a.message])).toEqual([['apply-apn', true, expect.stringContaining(`APN "${chosenByConnect}"`)]]);
    const nv = open.twin.snapshot().nv.contexts;
    expect([nv.get(1)?.apn, nv.get(6)?.apn]).toEqual([chosenByConnect, chosenByConnect]);
    expect(open.twin.dataUp).toBe(true);
    // The doctor's view of the SIM after the fix: the APN is one of its carriers' (both tables).
    expect(fixed.after.checks.find((c) => c.id === 'apn.carrier-match')?.status).toBe('pass');
  });
});

describe('the doctor shows the SIM identity and ranks as the decider does', () => {
  it('metropcs (GID1 6D): sim.ready evidence has SPN, GID1, MNC length and the masked IMSI/ICCID; the fix label names MetroPCS', async () => {
    open = await twinOnPty({ state: simProfileState('metropcs', 'seed') });
    const r = await runDoctor({ openEngine: serialEngineOpener, apn: apnLookup }, { port: open.port, platform: 'linux' });
    const sim = r.checks.find((c) => c.id === 'sim.ready')!;
    const identity = sim.evidence.find((e) => e.command.startsWith('SIM identity'))!;
    expect(identity.output.split('\n')).toEqual(['IMSI ***********4321 (home network 310-260)', 'ICCID ****************098F', 'SPN "MetroPCS"', 'GID1 6D38FFFF', 'MNC length 3 (EF_AD)']);
    expect(identity.output).not.toContain(SIM_PROFILES.metropcs.sim.imsi);
    // The raw answers follow, as for every check.
    expect(sim.evidence.map((e) => e.command)).toEqual(expect.arrayContaining(['AT+CSPN?', 'AT+CRSM=176,28478,0,0,0', 'AT+CRSM=176,28589,0,0,0']));
    const apnSet = r.checks.find((c) => c.id === 'apn.set')!;
    expect(apnSet.fix?.label).toMatch(/^Set the APN "fast\.metropcs\.com" \(MetroPCS 260: GID1 '6D' matches/);
  });

  it('no-crsm: what could not be read is said, with why', async () => {
    open = await twinOnPty({ state: simProfileState('no-crsm', 'seed') });
    const r = await runDoctor({ openEngine: serialEngineOpener, apn: apnLookup }, { port: open.port, platform: 'linux' });
    const identity = r.checks.find((c) => c.id === 'sim.ready')!.evidence.find((e) => e.command.startsWith('SIM identity'))!;
    expect(identity.output).toContain('SPN "Ultra Mobile"');
    expect(identity.output).toMatch(/GID1 not read: AT\+CRSM \(EF_GID1\) answered ERROR/);
    expect(identity.output).toMatch(/MNC length \(EF_AD\) not read: AT\+CRSM \(EF_AD\) answered ERROR/);
  });
});

describe('a SIM still starting up', () => {
  it('(+CME ERROR: 14 SIM busy after power-up) is waited for, then the decider chooses and applies', async () => {
    // Powered up just now: the SIM answers "busy" for its first 1.2 s (T-13), as after a mode switch.
    open = await twinOnPty({ state: simProfileState('metropcs', 'seed'), start: 'boot', timings: { simBusyMs: 1200, bootUrcDelayMs: 100 } });
    const engine = new AtEngine(openSerialTransport(open.port));
    await engine.open();
    try {
      const r = await runDecideApn(new ModemAt(engine), { sources: apnSources, presets: null }, { timeouts: { ...apnTimeouts, simReadyMs: 5000 } });
      expect(r.outcome, r.message).toBe('applied');
      expect(r.apn).toBe('fast.metropcs.com');
      const cpin = open.twin.commandLog.filter((c) => c.line === 'AT+CPIN?').map((c) => c.final);
      expect(cpin[0]).toMatch(/SIM busy|CME ERROR: 14/);
    } finally {
      await engine.close();
    }
  });
});
