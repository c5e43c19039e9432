// The Api of staying online (issue 11) on the twin root, through the wire every face uses: Keep me online
// (simulated: the demo and the e2e show it), refused where no unit can be switched, the daemon answering
// before systemd stops it; and the settings of staying online: judged with the field's label, saved in
// settings.json only once set, read back from the file like the others (hand-edited values too).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWireServer } from '../../../src-main/api/wire-server.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { SELF_STOP_DELAY_MS } from '../../../src-main/service/api-keep-online.js';
import { loadSettings } from '../../../src-main/platform/files/settings-store.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

let service: Service | undefined;
let dir: string | undefined;
afterEach(async () => {
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  service = dir = undefined;
});

function start(extra: Partial<Parameters<typeof createService>[0]> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'simhat-stay-online-'));
  const env = createDemoEnv({ scenario: 'seed', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
  service = createService({ ...env, targetEnv: {}, configDir: dir, ...extra });
  return { env, service, wire: createWireServer({ api: service }) };
}

const call = async (wire: ReturnType<typeof createWireServer>, method: string, params?: unknown) => wire.handleText(JSON.stringify({ id: 1, method, ...(params === undefined ? {} : { params }) }));

describe('Keep me online on the twin root', () => {
  it('answers a simulated unit, installed and off; switching it on and off is seen by the next read', async () => {
    const { wire } = start();
    expect((await call(wire, 'keepOnlineState')).result).toEqual({
      available: true,
      enabled: false,
      active: false,
      unit: 'simhat.service',
      simulated: true,
      hint: 'Demo: the switch is simulated, nothing on this computer changes.',
    });
    expect((await call(wire, 'setKeepOnline', { enabled: true })).result).toMatchObject({ enabled: true, active: true, simulated: true });
    expect((await call(wire, 'keepOnlineState')).result).toMatchObject({ enabled: true, active: true });
    expect((await call(wire, 'setKeepOnline', { enabled: false })).result).toMatchObject({ enabled: false, active: false });
  });

  it('refuses a payload that is not { enabled: true|false }', async () => {
    const { wire } = start();
    for (const params of [{}, { enabled: 'yes' }, { enabled: 1 }, { enabled: true, unit: 'ssh.service' }]) {
      expect((await call(wire, 'setKeepOnline', params)).error, JSON.stringify(params)).toMatchObject({ code: 'invalid-argument' });
    }
    expect((await call(wire, 'keepOnlineState', { now: true })).error).toMatchObject({ code: 'invalid-argument' });
    expect((await call(wire, 'keepOnlineState')).result).toMatchObject({ enabled: false });
  });

  it('where nothing can switch a unit (no systemd): not available, and setKeepOnline says why', async () => {
    const { wire } = start({ keepOnline: undefined });
    expect((await call(wire, 'keepOnlineState')).result).toEqual({ available: false, enabled: false, active: false, unit: 'simhat.service', hint: expect.stringMatching(/needs systemd/) });
    expect((await call(wire, 'setKeepOnline', { enabled: true })).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/not available/), hint: expect.stringMatching(/needs systemd/) });
  });

  it('the daemon turning itself off answers first, then has the unit disabled (systemd stops it)', async () => {
    const { env, service } = start({ daemon: { pid: process.pid, socket: '/run/simhat/simhat.sock', startedAt: new Date().toISOString() } });
    await service.setKeepOnline({ enabled: true });
    const t0 = Date.now();
    const answer = await service.setKeepOnline({ enabled: false });
    expect(answer).toMatchObject({ enabled: false, active: false, hint: expect.stringMatching(/The daemon stops now/) });
    // Not yet: the answer left before the unit is touched.
    expect(Date.now() - t0).toBeLessThan(SELF_STOP_DELAY_MS);
    expect((await env.keepOnline!.state()).enabled).toBe(true);
    await new Promise((r) => setTimeout(r, SELF_STOP_DELAY_MS + 100));
    expect((await env.keepOnline!.state()).enabled).toBe(false);
  });
});

describe('the settings of staying online', () => {
  it('unset: getSettings has none of them (the defaults apply); set: saved and answered', async () => {
    const { wire } = start();
    const before = (await call(wire, 'getSettings')).result as Record<string, unknown>;
    expect(Object.keys(before).sort()).toEqual(['dnsName', 'pingTargets', 'policy', 'sources', 'theme']);
    const set = { checkIntervalS: 5, maxResetsPerHour: 0, hubPowerCycle: true, historyRetentionDays: 7, historyMaxMiB: 8 };
    expect((await call(wire, 'updateSettings', { settings: set })).result).toMatchObject(set);
    expect(JSON.parse(readFileSync(join(dir!, 'settings.json'), 'utf8'))).toEqual(set);
    expect(await loadSettings(dir!)).toEqual(set);
  });

  it.each([
    ['checkIntervalS', 0, 'Check interval: a whole number from 1 to 86400 seconds'],
    ['checkIntervalS', 1.5, 'Check interval: a whole number from 1 to 86400 seconds'],
    ['maxResetsPerHour', 61, 'Modem resets per hour: a whole number from 0 to 60 resets'],
    ['historyRetentionDays', -1, 'Keep history for: a whole number from 1 to 3650 days'],
    ['historyMaxMiB', 100_000, 'History size cap: a whole number from 1 to 4096 MiB'],
  ])('%s = %s is refused with the field named', async (field, value, message) => {
    const { wire, service } = start();
    expect((await call(wire, 'validateSettings', { settings: { [field]: value } })).result).toEqual({ ok: false, errors: [{ field, message }] });
    expect((await call(wire, 'updateSettings', { settings: { [field]: value } })).error).toMatchObject({ code: 'invalid-argument', field, message });
    expect(Object.keys(await service.getSettings({}))).not.toContain(field);
  });

  it('the transport refuses what is no number or no boolean at all, before the service', async () => {
    const { wire } = start();
    expect((await call(wire, 'updateSettings', { settings: { checkIntervalS: '30' } })).error).toMatchObject({ code: 'invalid-argument', message: 'settings.checkIntervalS must be a number' });
    expect((await call(wire, 'updateSettings', { settings: { hubPowerCycle: 'yes' } })).error).toMatchObject({ code: 'invalid-argument', message: 'settings.hubPowerCycle must be true or false' });
    expect((await call(wire, 'updateSettings', { settings: { historyMaxMiB: null } })).error).toMatchObject({ code: 'invalid-argument' });
  });

  it('a hand-edited settings.json: good values kept, bad ones dropped like any other setting', async () => {
    dir = mkdtempSync(join(tmpdir(), 'simhat-stay-online-'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ checkIntervalS: 10, maxResetsPerHour: 'many', historyMaxMiB: 0, hubPowerCycle: true, theme: 'dark' }));
    expect(await loadSettings(dir, { warn: () => {} })).toEqual({ checkIntervalS: 10, hubPowerCycle: true, theme: 'dark' });
  });
});
