// Settings in the service (issue 7): validated with the field named, stored atomically as settings.json
// in the config folder, and the check targets actually used by check / connect / doctor with the
// precedence request > settings > SIMHAT_PING_TARGETS/SIMHAT_DNS_NAME > defaults. Runs on the demo twin;
// its simulated network reports the targets each check probed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationEndEvent, Settings } from '../../../src-main/api/contract.js';
import { settingsErrors } from '../../../src-main/api/settings-rules.js';
import { validateCall } from '../../../src-main/api/validate.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const MODEM = 'usb:1-1.3';
const open: { service: Service; dir?: string }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.service.close();
    if (o.dir) rmSync(o.dir, { recursive: true, force: true });
  }
});

function start(opts: { scenario?: string; targetEnv?: Record<string, string | undefined>; configDir?: string } = {}) {
  const env = createDemoEnv({ scenario: opts.scenario ?? 'seed', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
  const service = createService({ ...env, targetEnv: opts.targetEnv ?? {}, ...(opts.configDir ? { configDir: opts.configDir } : {}) });
  open.push({ service });
  return { env, service, dir: opts.configDir ?? env.configDir! };
}

function ended(service: Service, opId: string): Promise<OperationEndEvent> {
  return new Promise((resolve) => {
    const off = service.onEvent((e) => {
      if (e.type === 'operation-end' && e.opId === opId) {
        off();
        resolve(e);
      }
    });
  });
}

describe('settingsErrors', () => {
  it.each<[string, Partial<Settings>, string[]]>([
    ['valid targets and name', { pingTargets: ['1.1.1.1', '192.0.2.1'], dnsName: 'example.com' }, []],
    ['empty list and empty name clear the setting', { pingTargets: [], dnsName: '' }, []],
    ['octet over 255', { pingTargets: ['300.1.1.1'] }, ['Ping targets: "300.1.1.1" is not an IPv4 address (e.g. 1.1.1.1)']],
    ['IPv6 (the check pings IPv4)', { pingTargets: ['2606:4700::1111'] }, ['Ping targets: "2606:4700::1111" is not an IPv4 address (e.g. 1.1.1.1)']],
    ['a duplicate', { pingTargets: ['1.1.1.1', '1.1.1.1'] }, ['Ping targets: 1.1.1.1 is listed twice']],
    ['more than 8', { pingTargets: Array.from({ length: 9 }, (_, i) => `10.0.0.${i + 1}`) }, ['Ping targets: at most 8 addresses']],
    ['underscore and empty label', { dnsName: 'exa_mple..com' }, ['DNS name to resolve: "exa_mple..com" is not a host name (letters, digits and hyphens between dots, e.g. example.com)']],
    ['an address as the name', { dnsName: '9.9.9.9' }, ['DNS name to resolve: "9.9.9.9" is an address; give a host name (e.g. example.com)']],
    ['label over 63 characters', { dnsName: `${'a'.repeat(64)}.com` }, [expect.stringMatching(/^DNS name to resolve: .* is not a host name/) as unknown as string]],
  ])('%s', (_name, patch, messages) => {
    expect(settingsErrors(patch).map((e) => e.message)).toEqual(messages);
  });
});

describe('settings in the service', () => {
  it('refuses bad values with the field named and keeps the file unchanged', async () => {
    const { service, dir } = start();
    await service.updateSettings({ settings: { dnsName: 'probe.example.net' } });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    await expect(service.updateSettings({ settings: { pingTargets: ['1.1.1.1', 'one.one'] } })).rejects.toMatchObject({ code: 'invalid-argument', field: 'pingTargets', message: expect.stringMatching(/^Ping targets: "one\.one"/) });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(await service.validateSettings({ settings: { dnsName: '-bad-.com', pingTargets: ['8.8.8.8'] } })).toEqual({
      ok: false,
      errors: [{ field: 'dnsName', message: expect.stringMatching(/^DNS name to resolve: "-bad-\.com" is not a host name/) }],
    });
    // The transports pass validateSettings payloads of the same shape as updateSettings.
    expect(() => validateCall('validateSettings', { settings: { pingTargets: ['1.1.1.1; reboot'] } })).toThrow(/invalid format/);
  });

  it('uses request > settings > environment > default for the check, and says where they came from', async () => {
    const { env, service } = start({ targetEnv: { SIMHAT_PING_TARGETS: '192.0.2.10,192.0.2.11', SIMHAT_DNS_NAME: 'env.example.org' } });
    const last = () => env.network.probed.at(-1);

    expect((await service.getSettings({})).sources).toEqual({ pingTargets: 'env', dnsName: 'env' });
    await service.checkConnectivity({ modemId: MODEM });
    expect(last()).toMatchObject({ pingTargets: ['192.0.2.10', '192.0.2.11'], dnsName: 'env.example.org' });

    const info = await service.updateSettings({ settings: { pingTargets: ['198.51.100.7'], dnsName: 'settings.example.com' } });
    expect(info).toMatchObject({ pingTargets: ['198.51.100.7'], dnsName: 'settings.example.com', sources: { pingTargets: 'settings', dnsName: 'settings' } });
    const checks = await service.checkConnectivity({ modemId: MODEM });
    expect(last()).toMatchObject({ pingTargets: ['198.51.100.7'], dnsName: 'settings.example.com' });
    expect(checks.filter((c) => c.id === 'internet').map((c) => c.target)).toEqual(['198.51.100.7']);

    await service.checkConnectivity({ modemId: MODEM, pingTargets: ['203.0.113.5'], dnsName: 'asked.example.com' });
    expect(last()).toMatchObject({ pingTargets: ['203.0.113.5'], dnsName: 'asked.example.com' });
    await expect(service.checkConnectivity({ modemId: MODEM, pingTargets: ['203.0.113.500'] })).rejects.toMatchObject({ code: 'invalid-argument', field: 'pingTargets' });

    // Cleared: back to the environment.
    await service.updateSettings({ settings: { pingTargets: [], dnsName: '' } });
    await service.checkConnectivity({ modemId: MODEM });
    expect(last()).toMatchObject({ pingTargets: ['192.0.2.10', '192.0.2.11'], dnsName: 'env.example.org' });
  });

  it('falls back to the product defaults without settings or environment', async () => {
    const { env, service } = start();
    expect(await service.getSettings({})).toEqual({ policy: 'failover', pingTargets: ['1.1.1.1', '8.8.8.8'], dnsName: 'example.com', theme: 'system', sources: { pingTargets: 'default', dnsName: 'default' } });
    await service.checkConnectivity({ modemId: MODEM });
    expect(env.network.probed.at(-1)).toMatchObject({ pingTargets: ['1.1.1.1', '8.8.8.8'], dnsName: 'example.com' });
  });

  it('the doctor and Connect probe the saved targets, and Connect uses the saved route policy', async () => {
    const { env, service } = start();
    await service.updateSettings({ settings: { pingTargets: ['198.51.100.20'], dnsName: 'doctor.example.com', policy: 'primary' } });
    const doc = await service.runDoctor({ modemId: MODEM });
    expect((await ended(service, doc.opId)).ok).toBe(true);
    expect(env.network.probed.at(-1)).toMatchObject({ pingTargets: ['198.51.100.20'], dnsName: 'doctor.example.com' });

    const before = env.network.probed.length;
    const op = await service.connect({ modemId: MODEM, presetId: (await service.suggestApn({ modemId: MODEM })).presets[0]!.id });
    const end = await ended(service, op.opId);
    expect(end.ok, JSON.stringify(end.error)).toBe(true);
    expect(env.network.probed.slice(before).map((p) => p.pingTargets)).toContainEqual(['198.51.100.20']);
    expect((await service.networkStatus({ modemId: MODEM })).policy).toBe('primary');
  }, 20_000);

  it('persists in the config folder across restarts and ignores hand-edited bad values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simhat-settings-'));
    const first = start({ configDir: dir });
    await first.service.updateSettings({ settings: { theme: 'dark', pingTargets: ['198.51.100.1'] } });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark', pingTargets: ['198.51.100.1'] });
    await first.service.close();
    open.splice(0);

    const second = start({ configDir: dir });
    open[open.length - 1]!.dir = dir;
    expect(await second.service.getSettings({})).toMatchObject({ theme: 'dark', pingTargets: ['198.51.100.1'], sources: { pingTargets: 'settings' } });
    await second.service.close();
    open.splice(0);

    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon', pingTargets: ['1.1.1.1; reboot'], dnsName: 'ok.example.com' }));
    const third = start({ configDir: dir });
    open[open.length - 1]!.dir = dir;
    expect(await third.service.getSettings({})).toMatchObject({ theme: 'system', pingTargets: ['1.1.1.1', '8.8.8.8'], dnsName: 'ok.example.com' });
  });
});
