// The daemon follows the settings of staying online (issue 11): the watchdog's interval, reset cap and hub
// power cycle and the history's retention and size cap are read from settings.json when the keeper starts
// and again on every change (a new interval starts with a check at once); options given to the daemon
// itself win. On the twin's service with a real history database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { HistoryStore } from '../../../src-main/platform/history/store.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { sampleAt } from '../../helpers/history-fixture.js';

const DAY = 86_400_000;
const MIB = 1024 * 1024;
let service: Service | undefined;
let store: HistoryStore | undefined;
let dir: string | undefined;

afterEach(async () => {
  await service?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  service = store = dir = undefined;
});

function start(saved: Record<string, unknown>) {
  dir = mkdtempSync(join(tmpdir(), 'simhat-keeper-settings-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(saved));
  store = HistoryStore.open({ path: join(dir, 'history.db') });
  const now = Date.now();
  for (const days of [10, 2]) store.addSample(sampleAt(now - days * DAY, true));
  const env = createDemoEnv({ scenario: 'good', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
  service = createService({ ...env, targetEnv: {}, configDir: dir, history: store });
  return service;
}

const sampleAges = () => store!.samples(0).map((s) => Math.round((Date.now() - s.at) / DAY)).filter((d) => d >= 1);

describe('the keeper follows the saved settings', () => {
  it('at start and on every change: watchdog interval, reset cap, hub power cycle, history retention and size cap', async () => {
    const s = start({ checkIntervalS: 7, maxResetsPerHour: 2, hubPowerCycle: true, historyRetentionDays: 7, historyMaxMiB: 16 });
    const keeper = await s.keepOnline({ watchdog: { verifyTimeoutS: 5 } });
    expect(keeper.watchdog.settings).toMatchObject({ intervalS: 7, maxResetsPerHour: 2, hubPowerCycle: true, verifyTimeoutS: 5 });
    expect([store!.retentionDays, store!.maxBytes]).toEqual([7, 16 * MIB]);
    // The 10-day-old sample went with the shorter retention; the 2-day-old one stays.
    expect(sampleAges()).toEqual([2]);

    // Online first (the good scenario starts with usb0 down: the host stage brings it up), then quiet for 7 s.
    await expect.poll(() => keeper.watchdog.status.state, { timeout: 10_000 }).toBe('online');
    const checks: string[] = [];
    keeper.watchdog.on('check', (c) => checks.push(c.trigger));
    await s.updateSettings({ settings: { checkIntervalS: 1, historyRetentionDays: 1, hubPowerCycle: false, historyMaxMiB: 32 } });
    expect(keeper.watchdog.settings).toMatchObject({ intervalS: 1, maxResetsPerHour: 2, hubPowerCycle: false });
    expect([store!.retentionDays, store!.maxBytes]).toEqual([1, 32 * MIB]);
    expect(sampleAges()).toEqual([]);
    // The new interval starts with a check now, then the checks come every second.
    await expect.poll(() => checks[0], { timeout: 2000 }).toBe('manual');
    await expect.poll(() => checks.filter((t) => t === 'interval').length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it('options given to the daemon (simhat daemon --interval) win over the saved settings', async () => {
    const s = start({ checkIntervalS: 7, maxResetsPerHour: 1 });
    const keeper = await s.keepOnline({ watchdog: { intervalS: 3 } });
    expect(keeper.watchdog.settings).toMatchObject({ intervalS: 3, maxResetsPerHour: 1, hubPowerCycle: false });
    await s.updateSettings({ settings: { checkIntervalS: 9, maxResetsPerHour: 6 } });
    expect(keeper.watchdog.settings).toMatchObject({ intervalS: 3, maxResetsPerHour: 6 });
  });

  it('without saved values: the defaults (30 s, 4 resets an hour, no hub power cycle, 30 days, 64 MiB)', async () => {
    const s = start({});
    const keeper = await s.keepOnline({});
    expect(keeper.watchdog.settings).toMatchObject({ intervalS: 30, maxResetsPerHour: 4, hubPowerCycle: false });
    expect([store!.retentionDays, store!.maxBytes]).toEqual([30, 64 * MIB]);
    expect(sampleAges()).toEqual([10, 2]);
  });
});

describe('the history store takes a new retention', () => {
  it('prunes at once when it shrinks, keeps everything when it grows, and refuses nonsense', () => {
    dir = mkdtempSync(join(tmpdir(), 'simhat-retention-'));
    store = HistoryStore.open({ path: join(dir, 'history.db') });
    const now = Date.now();
    for (const days of [20, 5, 1]) store.addSample(sampleAt(now - days * DAY + 60_000, true));
    store.setRetention({ retentionDays: 60 });
    expect(store.counts().samples).toBe(3);
    store.setRetention({ retentionDays: 10 });
    expect(store.counts().samples).toBe(2);
    expect(() => store!.setRetention({ retentionDays: 0 })).toThrow(RangeError);
    expect(() => store!.setRetention({ maxBytes: Number.NaN })).toThrow(RangeError);
    expect(store.retentionDays).toBe(10);
    // A size cap below what the rows take drops the oldest first.
    for (let i = 0; i < 3000; i++) store.addSample(sampleAt(now - 3 * DAY + i * 1000, true));
    const used = store.usedBytes();
    store.setRetention({ maxBytes: Math.floor(used / 2) });
    expect(store.usedBytes()).toBeLessThanOrEqual(Math.floor(used / 2));
    const left = store.samples(0);
    expect(left.at(-1)!.at).toBeGreaterThan(now - 2 * DAY);
    expect(left.length).toBeLessThan(3002);
  });
});
