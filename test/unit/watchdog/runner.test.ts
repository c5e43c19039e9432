// The watchdog runner (service/watchdog.ts) on a manual clock, against a small simulated world in
// this file: a link and a modem with one fault at a time, and recovery actions that take time and
// fix only what they really would (DHCP renews a lease, a radio cycle brings back a dropped data
// session, a reset un-hangs the module, a USB power cycle fixes what a reset cannot).
import { afterEach, describe, expect, it } from 'vitest';
import { Watchdog, type RecoveryActions, type WatchdogChecks } from '../../../src-main/service/watchdog.js';
import type { CheckClass } from '../../../src-main/core/net/types.js';
import type { ConnectionState, LinkCheck, ModemFacts, RecoveryRecord, Verdict } from '../../../src-main/core/watchdog/types.js';
import type { WatchdogSettings } from '../../../src-main/core/watchdog/settings.js';
import { ManualClock } from '../../helpers/manual-clock.js';

type Fault = 'none' | 'lease-lost' | 'pdn-dropped' | 'hung' | 'hung-hard' | 'dead' | 'user-mode-9001';

class World implements WatchdogChecks, RecoveryActions {
  fault: Fault = 'none';
  calls: string[] = [];
  checks = 0;
  constructor(readonly clock: ManualClock) {}

  async link(): Promise<LinkCheck> {
    this.checks += 1;
    const cls: Record<Fault, CheckClass> = {
      none: 'ok',
      'lease-lost': 'no-lease',
      'pdn-dropped': 'no-data-session',
      hung: 'no-data-session',
      'hung-hard': 'no-data-session',
      dead: 'no-data-session',
      'user-mode-9001': 'interface-missing',
    };
    const classification = cls[this.fault];
    return { classification, summary: classification, at: this.clock.now(), ...(classification === 'ok' ? { latencyMs: 42 } : {}) };
  }
  async modem(): Promise<ModemFacts> {
    const hung = this.fault === 'hung' || this.fault === 'hung-hard';
    return { portPresent: true, answers: !hung, registered: true, pdpAddress: this.fault !== 'pdn-dropped' && this.fault !== 'dead', netCapable: this.fault !== 'user-mode-9001' };
  }
  async verdict(): Promise<Verdict | null> {
    return { checkId: 'net.data-session', summary: 'the network refuses a data session', fixId: null };
  }
  async host(steps: string[], signal: AbortSignal): Promise<string[]> {
    this.calls.push(`host:${steps.join('+')}`);
    await this.clock.sleep(2_000, signal);
    if (this.fault === 'lease-lost') this.fault = 'none';
    return steps;
  }
  async modemData(signal: AbortSignal): Promise<string[]> {
    this.calls.push('modem-data');
    await this.clock.sleep(6_000, signal);
    if (signal.aborted) throw new Error('aborted');
    if (this.fault === 'pdn-dropped') this.fault = 'none';
    return ['radio-cycle', 'renew-dhcp'];
  }
  async modemReset(signal: AbortSignal): Promise<string[]> {
    this.calls.push('modem-reset');
    if (this.fault === 'hung-hard') throw new Error('the modem did not answer AT+CRESET');
    await this.clock.sleep(25_000, signal);
    if (this.fault === 'hung') this.fault = 'none';
    return ['creset', 'reopen', 'renew-dhcp'];
  }
  async usb(steps: string[], signal: AbortSignal): Promise<string[]> {
    this.calls.push(`usb:${steps.join('+')}`);
    await this.clock.sleep(10_000, signal);
    if (this.fault === 'hung-hard' && steps.includes('hub-power-cycle')) this.fault = 'none';
    return steps;
  }
}

let dog: Watchdog | undefined;
afterEach(async () => {
  await dog?.stop();
  dog = undefined;
});

function setup(settings: Partial<WatchdogSettings> = {}) {
  const clock = new ManualClock();
  const world = new World(clock);
  const w = new Watchdog({ checks: world, actions: world, clock, settings: { intervalS: 30, verifyTimeoutS: 10, ...settings } });
  dog = w;
  const states: ConnectionState[] = [];
  const recoveries: RecoveryRecord[] = [];
  w.on('state', (s) => states.push(s.state));
  w.on('recovery', (r) => recoveries.push(r));
  return { clock, world, w, states, recoveries };
}

describe('watchdog runner', () => {
  it('online from the start: connecting -> online after the first check, then one check per interval', async () => {
    const { clock, world, w, states } = setup();
    expect(w.status.state).toBe('connecting');
    w.start();
    await clock.advance(0);
    expect(states).toEqual(['online']);
    expect(world.checks).toBe(1);
    await clock.advance(90_000);
    expect(world.checks).toBe(4);
    expect(world.calls).toEqual([]);
    expect(w.status.lastCheck).toMatchObject({ classification: 'ok', trigger: 'interval', latencyMs: 42 });
    expect(w.status.since).toBe(new Date(clock.now() - 90_000).toISOString());
  });

  it('lease lost: the host stage alone fixes it (renew DHCP, re-apply policy), found at the next interval', async () => {
    const { clock, world, w, states, recoveries } = setup();
    w.start();
    await clock.advance(1_000);
    world.fault = 'lease-lost';
    await clock.until(() => recoveries.length === 1, 60_000);
    expect(world.calls).toEqual(['host:renew-dhcp+reapply-policy']);
    expect(recoveries[0]).toMatchObject({ trigger: 'interval', symptom: 'no-lease', outcome: 'recovered', fixedBy: 'host', durationMs: 2_000 });
    expect(recoveries[0]!.stages).toEqual([{ stage: 'host', steps: ['renew-dhcp', 'reapply-policy'], ok: true, durationMs: 2_000 }]);
    expect(states).toEqual(['online', 'recovering', 'online']);
  });

  it('data session dropped: a +CGEV fast-path trigger checks at once and the modem-data stage (radio cycle) fixes it; the host stage is not tried', async () => {
    const { clock, world, w, recoveries } = setup();
    w.start();
    await clock.advance(5_000);
    const before = world.checks;
    world.fault = 'pdn-dropped';
    w.trigger('pdn-deactivated');
    await clock.advance(0);
    expect(world.checks).toBe(before + 1); // detection without waiting for the interval
    await clock.until(() => recoveries.length === 1, 30_000);
    expect(recoveries[0]).toMatchObject({ trigger: 'pdn-deactivated', outcome: 'recovered', fixedBy: 'modem-data' });
    expect(recoveries[0]!.stages.map((s) => s.stage)).toEqual(['modem-data']);
    expect(recoveries[0]!.stages[0]!.steps).toEqual(['radio-cycle', 'renew-dhcp']);
    expect(w.status.state).toBe('online');
  });

  it('module stops answering: starts at the modem reset, which fixes it', async () => {
    const { clock, world, w, recoveries } = setup();
    w.start();
    await clock.advance(1_000);
    world.fault = 'hung';
    await clock.until(() => recoveries.length === 1, 120_000);
    expect(world.calls).toEqual(['modem-reset']);
    expect(recoveries[0]).toMatchObject({ symptom: 'modem-unresponsive', outcome: 'recovered', fixedBy: 'modem-reset' });
  });

  it('each stage is verified before escalating: a reset that fails (throws) escalates to USB; without the hub power cycle setting the re-bind does not help', async () => {
    const { clock, world, w, recoveries } = setup();
    w.start();
    await clock.advance(1_000);
    world.fault = 'hung-hard';
    await clock.until(() => recoveries.length === 1, 120_000);
    expect(world.calls).toEqual(['modem-reset', 'usb:rebind']);
    const r = recoveries[0]!;
    expect(r.outcome).toBe('failed');
    expect(r.stages.map((s) => [s.stage, s.ok])).toEqual([
      ['modem-reset', false],
      ['usb', false],
    ]);
    expect(r.stages[0]!.detail).toBe('the modem did not answer AT+CRESET');
    expect(r.verdict).toEqual({ checkId: 'net.data-session', summary: 'the network refuses a data session', fixId: null });
    expect(w.status).toMatchObject({ state: 'degraded', reason: 'the network refuses a data session' });
  });

  it('with hubPowerCycle allowed, the USB stage power-cycles the hub port and that fixes the hard hang', async () => {
    const { clock, world, w, recoveries } = setup({ hubPowerCycle: true });
    w.start();
    await clock.advance(1_000);
    world.fault = 'hung-hard';
    await clock.until(() => recoveries.length === 1, 120_000);
    expect(world.calls).toEqual(['modem-reset', 'usb:rebind+hub-power-cycle']);
    expect(recoveries[0]).toMatchObject({ outcome: 'recovered', fixedBy: 'usb' });
  });

  it('nothing works: degraded with the verdict, retries with exponential backoff up to the cap, and back online when the fault clears', async () => {
    const { clock, world, w, recoveries } = setup({ backoffBaseS: 60, backoffCapS: 240, maxResetsPerHour: 60 });
    w.start();
    await clock.advance(1_000);
    world.fault = 'dead';
    await clock.until(() => recoveries.length === 5, 3_600_000);
    expect(recoveries.every((r) => r.outcome === 'failed')).toBe(true);
    expect(recoveries[0]!.stages.map((s) => s.stage)).toEqual(['modem-data', 'modem-reset', 'usb']);
    // Gaps between the end of one recovery and the start of the next: 60, 120, 240, 240 s.
    const gaps = recoveries.slice(1).map((r, i) => r.startedAt - (recoveries[i]!.startedAt + recoveries[i]!.durationMs));
    expect(gaps).toEqual([60_000, 120_000, 240_000, 240_000]);
    expect(w.status.state).toBe('degraded');
    // Interval checks go on while degraded: the fault clearing is seen at the next one.
    world.fault = 'none';
    await clock.advance(30_000);
    expect(w.status.state).toBe('online');
  });

  it('reset cap: at most N resets per hour; further reset stages are skipped with the reason', async () => {
    const { clock, world, w, recoveries } = setup({ backoffBaseS: 60, backoffCapS: 60, maxResetsPerHour: 2 });
    w.start();
    await clock.advance(1_000);
    world.fault = 'dead';
    await clock.until(() => recoveries.length === 3, 3_600_000);
    expect(recoveries[0]!.stages.map((s) => s.stage)).toEqual(['modem-data', 'modem-reset', 'usb']);
    expect(recoveries[1]!.stages.map((s) => s.stage)).toEqual(['modem-data']);
    expect(recoveries[1]!.skipped).toEqual([
      { stage: 'modem-reset', reason: 'reset cap reached (2 of 2 per hour)' },
      { stage: 'usb', reason: 'reset cap reached (2 of 2 per hour)' },
    ]);
    expect(world.calls.filter((c) => c === 'modem-reset' || c.startsWith('usb')).length).toBe(2);
  });

  it('pauses while a user operation runs: no checks, a recovery in flight stops, and a check follows the end of the operation', async () => {
    const { clock, world, w, recoveries } = setup();
    w.start();
    await clock.advance(1_000);
    world.fault = 'pdn-dropped';
    w.trigger('pdn-deactivated');
    await clock.advance(1_000); // the radio cycle (6 s) is under way
    expect(world.calls).toEqual(['modem-data']);
    const release = w.pause();
    await clock.advance(0);
    expect(recoveries[0]).toMatchObject({ outcome: 'interrupted' });
    const checks = world.checks;
    await clock.advance(300_000);
    expect(world.checks).toBe(checks);
    world.fault = 'none'; // the user's operation fixed it
    release();
    await clock.advance(0);
    expect(world.checks).toBe(checks + 1);
    expect(w.status.state).toBe('online');
  });

  it('never undoes a user\'s choice: a mode without a network interface is offline, with no recovery', async () => {
    const { clock, world, w } = setup();
    world.fault = 'user-mode-9001';
    w.start();
    await clock.advance(120_000);
    expect(world.calls).toEqual([]);
    expect(w.status.state).toBe('offline');
    expect(w.status.reason).toMatch(/chosen by the user/);
  });

  it('stop() ends the loop and nothing waits any more', async () => {
    const { clock, w } = setup();
    w.start();
    await clock.advance(0);
    await w.stop();
    dog = undefined;
    expect(clock.pending).toBe(0);
  });
});
