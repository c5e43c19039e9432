// Issue 15 (Low, validation): `key in shape` let `constructor`, `toString` and an own `__proto__` through
// on all Api methods, and `__proto__` in updateSettings was applied. Here every method in API_METHODS gets
// every prototype name at every object level of a valid payload (built the way JSON.parse and a
// structured clone build them: own data properties), through validateCall and through the wire.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MethodName } from '../../../src-main/api/contract.js';
import { API_METHODS } from '../../../src-main/api/wire.js';
import { ApiValidationError, validateCall } from '../../../src-main/api/validate.js';
import { createWireServer } from '../../../src-main/api/wire-server.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const M = 'usb:1-1.3';
const apn = { apn: 'internet', ipType: 'IPV4V6', username: 'u', password: 'p', auth: 'pap' };

/** A valid payload of every method, with every optional object present so each level gets attacked. */
const VALID: Record<MethodName, Record<string, unknown>> = {
  appInfo: {},
  listModems: {},
  getStatus: { modemId: M },
  signalHistory: { modemId: M },
  getMode: { modemId: M },
  switchMode: { modemId: M, target: 'rndis' },
  revertMode: { modemId: M },
  searchCarriers: { query: 'x', country: 'de', limit: 5 },
  suggestApn: { modemId: M },
  validateApn: { settings: apn },
  applyApn: { modemId: M, presetId: 'p', settings: apn, overrides: { ipType: 'IP', username: 'u', password: 'p', auth: 'pap' }, targets: [{ apn: 'internet', ipType: 'IP', auth: 'none' }], contexts: [1, 6], tryCandidates: true, timeoutMs: 5000 },
  listPresets: {},
  savePreset: { preset: { name: 'n', settings: apn, carrierId: 'c' } },
  deletePreset: { id: 'user:n' },
  networkStatus: { modemId: M },
  networkUp: { modemId: M, policy: 'failover' },
  networkDown: { modemId: M },
  setPolicy: { modemId: M, policy: 'primary' },
  checkConnectivity: { modemId: M, pingTargets: ['192.0.2.1'], dnsName: 'example.com' },
  connect: { modemId: M, presetId: 'p', policy: 'failover', pingTargets: ['192.0.2.1'], dnsName: 'example.com' },
  runDoctor: { modemId: M, pingTargets: ['192.0.2.1'], dnsName: 'example.com' },
  applyFix: { modemId: M, fixId: 'apply-apn' },
  exportReport: { modemId: M },
  atSend: { modemId: M, command: 'ATI' },
  cancel: { opId: 'op-1' },
  getSettings: {},
  validateSettings: { settings: { policy: 'primary', pingTargets: ['192.0.2.1'], dnsName: 'example.com', theme: 'dark' } },
  updateSettings: { settings: { policy: 'primary', pingTargets: ['192.0.2.1'], dnsName: 'example.com', theme: 'dark' } },
  getLogs: { limit: 10 },
  openExternal: { url: 'https://github.com/' },
  attachPort: { port: '/dev/ttyUSB2', iface: 'usb0', baudRate: 115200 },
  listDevices: { probe: true },
  searchProviders: { query: 'vodafone', limit: 5 },
  apnState: { modemId: M },
  presetBook: {},
  addPreset: { fields: { name: 'n', apn: 'internet', ipType: 'IP', auth: 'pap', username: 'u', password: 'p', contexts: [1, 6], note: 'x', carrierId: 'de/x/0' } },
  editPreset: { name: 'n', fields: { apn: 'internet' } },
  exportPresets: { names: ['n'] },
  importPresets: { data: { version: 1, presets: [] }, replace: true },
  persistNetwork: { modemId: M, iface: 'usb0', stack: 'auto', policy: 'failover', metric: 700 },
  unpersistNetwork: { modemId: M, iface: 'usb0' },
  checkNetwork: { modemId: M, iface: 'usb0', pingTargets: ['192.0.2.1'], dnsName: 'example.com' },
  runFixes: { modemId: M, only: ['apply-apn'], pin: '1234', apn: 'internet', noProbes: true },
  simPin: { modemId: M },
  enterPin: { modemId: M, pin: '1234', puk: '12345678' },
  getConnection: {},
  getHistory: { sinceMs: 3_600_000 },
  keepOnlineState: {},
  setKeepOnline: { enabled: true },
  browseCarriers: { country: 'de', providerId: 'de/vodafone', query: 'x', ids: ['de/vodafone/0'], limit: 5 },
};

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype', '__defineGetter__'];

/** Paths of every plain object inside a payload ('' = the params object itself). */
function objectPaths(v: unknown, path: string[] = []): string[][] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return [path, ...Object.entries(v).flatMap(([k, x]) => objectPaths(x, [...path, k]))];
}

/** The payload as JSON text with `"<name>": <value>` added as an own key of the object at `path`. */
function withOwnKey(params: unknown, path: string[], name: string, value: unknown): string {
  const marker = '"zz-marker-zz":0';
  const copy = JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path) at = at[k] as Record<string, unknown>;
  at['zz-marker-zz'] = 0;
  return JSON.stringify(copy).replace(marker, `${JSON.stringify(name)}:${JSON.stringify(value)}`);
}

describe('every Api method refuses prototype names at every level', () => {
  it('the table covers every method of the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...API_METHODS].sort());
  });

  const cases = API_METHODS.flatMap((method) => objectPaths(VALID[method]).flatMap((path) => PROTOTYPE_NAMES.map((name) => [method, path.join('.') || '(params)', name, path] as const)));

  it.each(cases)('%s %s: own "%s"', (method, _where, name, path) => {
    // Both a value that would pass as the sibling key's and an object a prototype could be set to.
    for (const value of [{ policy: 'primary', modemId: M }, 'x']) {
      const params = JSON.parse(withOwnKey(VALID[method], path, name, value)) as unknown;
      let at = params as Record<string, unknown>;
      for (const k of path) at = at[k] as Record<string, unknown>;
      expect(Object.hasOwn(at, name)).toBe(true); // the attack is really in the payload
      expect(() => validateCall(method, params)).toThrow(ApiValidationError);
      expect(() => validateCall(method, params)).toThrow(`${[...path, name].join('.')} is not a known parameter`);
    }
  });

  it.each(API_METHODS)('%s: the valid payload passes and comes back as null-prototype copies with the same data', (method) => {
    const input = JSON.parse(JSON.stringify(VALID[method])) as unknown;
    const { params } = validateCall(method, input);
    expect(params).not.toBe(input);
    for (const path of objectPaths(VALID[method])) {
      let at = params as unknown as Record<string, unknown>;
      for (const k of path) at = at[k] as Record<string, unknown>;
      expect(Object.getPrototypeOf(at)).toBeNull();
    }
    expect(JSON.parse(JSON.stringify(params))).toEqual(VALID[method]);
  });

  it('an inherited key never counts: an object whose prototype carries a param is refused as not plain', () => {
    const proto = { modemId: M };
    expect(() => validateCall('getStatus', Object.create(proto))).toThrow(/must be a plain object/);
  });

  it('getters are refused, not run', () => {
    let ran = false;
    const params = Object.defineProperty({}, 'modemId', {
      enumerable: true,
      get: () => {
        ran = true;
        return M;
      },
    });
    expect(() => validateCall('getStatus', params)).toThrow(/modemId must be a plain value/);
    expect(ran).toBe(false);
  });
});

describe('__proto__ in updateSettings is never applied (through the wire, the real service)', () => {
  let service: Service;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simhat-proto-'));
    const env = createDemoEnv({ scenario: 'seed', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
    service = createService({ ...env, targetEnv: {}, configDir: dir });
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refused; settings.json, getSettings, the check and the doctor are untouched', async () => {
    const wire = createWireServer({ api: service });
    expect((await wire.handleText('{"id":1,"method":"updateSettings","params":{"settings":{"dnsName":"probe.example.net"}}}')).result).toMatchObject({ dnsName: 'probe.example.net' });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    for (const attack of [
      '{"id":2,"method":"updateSettings","params":{"settings":{"__proto__":{"policy":"primary","pingTargets":"x"}}}}',
      '{"id":3,"method":"updateSettings","params":{"settings":{"__proto__":null}}}',
      '{"id":4,"method":"updateSettings","params":{"__proto__":{"settings":{"policy":"primary"}}}}',
      '{"id":5,"method":"updateSettings","params":{"settings":{"constructor":{"prototype":{"policy":"primary"}}}}}',
    ]) {
      const r = await wire.handleText(attack);
      expect(r.error, attack).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('is not a known parameter') });
    }
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    const info = (await wire.handleText('{"id":6,"method":"getSettings"}')).result as { policy: string; dnsName: string };
    expect(info).toMatchObject({ policy: 'failover', dnsName: 'probe.example.net' });
    expect(({} as { policy?: unknown }).policy).toBeUndefined(); // Object.prototype untouched
    const check = await wire.handleText(`{"id":7,"method":"checkConnectivity","params":{"modemId":"${M}"}}`);
    expect(check.error).toBeUndefined();
    expect((await wire.handleText(`{"id":8,"method":"runDoctor","params":{"modemId":"${M}"}}`)).result).toMatchObject({ opId: expect.any(String) });
  });
});
