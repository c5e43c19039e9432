// The watchdog's recoveries end up in the history database and read back as outages (issue 11:
// "the history after each"): a manual clock, a small simulated link and modem in this file, the
// real store on a temp file, and the pure outage lines on top. A restart keeps it all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordWatchdog, Watchdog, type RecoveryActions, type WatchdogChecks } from '../../../src-main/service/watchdog.js';
import { HistoryStore } from '../../../src-main/platform/history/store.js';
import { outages, uptimePercent } from '../../../src-main/core/history/outages.js';
import { outageLine } from '../../../src-main/core/history/render.js';
import type { CheckClass } from '../../../src-main/core/net/types.js';
import { ManualClock } from '../../helpers/manual-clock.js';

let dir: string | undefined;
let store: HistoryStore | undefined;
let dog: Watchdog | undefined;
afterEach(async () => {
  await dog?.stop();
  store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dog = undefined;
  store = undefined;
  dir = undefined;
});

type Fault = 'none' | 'pdn-dropped' | 'hung';

function world(clock: ManualClock) {
  const w = { fault: 'none' as Fault };
  const checks: WatchdogChecks = {
    link: async () => {
      const classification: CheckClass = w.fault === 'none' ? 'ok' : 'no-data-session';
      return { classification, summary: classification, at: clock.now() };
    },
    modem: async () => ({ portPresent: true, answers: w.fault !== 'hung', registered: true, pdpAddress: w.fault === 'none', netCapable: true }),
    verdict: async () => null,
  };
  const actions: RecoveryActions = {
    host: async (steps) => steps,
    modemData: async (signal) => {
      await clock.sleep(8_400, signal);
      if (w.fault === 'pdn-dropped') w.fault = 'none';
      return ['radio-cycle', 'renew-dhcp'];
    },
    modemReset: async (signal) => {
      await clock.sleep(31_000, signal);
      if (w.fault === 'hung') w.fault = 'none';
      return ['cfun-reset', 'reopen', 'renew-dhcp'];
    },
    usb: async (steps) => steps,
  };
  return { w, checks, actions };
}

describe('watchdog -> history', () => {
  it('each recovery and state change is stored; outages read back with cause and the stage that fixed them, after a restart too', async () => {
    dir = await mkdtemp(join(tmpdir(), 'simhat-wd-history-'));
    const path = join(dir, 'history.db');
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 14, 0, 0));
    const { w, checks, actions } = world(clock);
    store = HistoryStore.open({ path, now: () => clock.now() });
    dog = new Watchdog({ checks, actions, clock, settings: { intervalS: 30, verifyTimeoutS: 5 } });
    recordWatchdog(dog, store, clock);
    dog.start();
    await clock.advance(120_000);
    w.fault = 'pdn-dropped';
    dog.trigger('pdn-deactivated');
    await clock.advance(600_000);
    w.fault = 'hung';
    await clock.advance(600_000);
    expect(dog.status.state).toBe('online');
    await dog.stop();
    dog = undefined;
    store.close();

    store = HistoryStore.open({ path, now: () => clock.now() });
    const window = { from: Date.UTC(2026, 11, 7, 14, 0, 0), to: clock.now() };
    const events = store.events(window.from);
    expect(events.map((e) => (e.kind === 'state' ? `${e.from}>${e.to}` : e.kind))).toEqual([
      'connecting>online',
      'online>recovering',
      'recovering>online',
      'recovery',
      'online>recovering',
      'recovering>online',
      'recovery',
    ]);
    const list = outages(events, [], window);
    expect(list.map((o) => outageLine(o, false, 'UTC'))).toEqual([
      '14:02–14:02 data session dropped; back after radio cycle in 8.4 s',
      // The interval timer restarts after each cycle: detected at 14:12:08.4, back at 14:12:39.4.
      '14:12–14:12 modem stopped answering; back after modem reset in 31.0 s',
    ]);
    expect(uptimePercent(list, [], events, window)).toBe(Math.round(((1320 - 8.4 - 31) / 1320) * 1000) / 10);
  });
});
