// Pure pieces of the renderer (issue 14): text joins without doubled punctuation, durations for people,
// field messages with their subject, the Home verdict for states the twin scenarios do not reach, the
// daemon slot, and the renderer boundary of issue 10 (type-only imports from the Api contract).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import type { ModemStatus, ModemSummary, NetworkStatus } from '../../../src-main/api/contract.js';
import { fieldMessage, formatMs, sentences } from '../../../src-renderer/src/lib/format.js';
import { homeView, type HomeInputs } from '../../../src-renderer/src/lib/home-state.js';
import { connectionOf, outageSummary } from '../../../src-renderer/src/lib/daemon.js';
import { ApiCallError, BRIDGE_ERROR_MARKER, METHODS, restoreBridgeError, unwrap } from '../../../src-renderer/src/lib/wire.js';
import DaemonCard from '../../../src-renderer/src/components/DaemonCard.svelte';

afterEach(() => cleanup());

describe('text', () => {
  it('joins a message and its hint as sentences (no ".).—")', () => {
    const message = 'simhat could not tell the APN from the SIM (Nothing matched: search by provider or country name (simhat apn search <text>).).';
    expect(sentences('Failed', 'Give it.')).toBe('Failed. Give it.');
    expect(sentences('Nothing matched (simhat apn search <text>).', '— Give it with --apn')).toBe('Nothing matched (simhat apn search <text>). Give it with --apn.');
    expect(sentences(message, 'Hint.')).not.toContain('.).—');
    expect(sentences('One', undefined, '')).toBe('One.');
  });

  it.each([
    [0.3809179999952903, '0.4 ms'],
    [9.96, '10.0 ms'],
    [12.4, '12 ms'],
    [999.6, '1000 ms'],
    [1534, '1.5 s'],
    [61_000, '61 s'],
  ])('formatMs(%s) = %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it('gives a field message its subject', () => {
    expect(fieldMessage('APN', 'is empty (an empty APN is only allowed to clear a context)')).toBe('APN is empty (an empty APN is only allowed to clear a context)');
    expect(fieldMessage('APN', '"a b" is not allowed')).toBe('APN: "a b" is not allowed');
    expect(fieldMessage('User', 'PAP/CHAP needs a user name or a password')).toBe('PAP/CHAP needs a user name or a password');
  });
});

const modem: ModemSummary = { id: 'usb:1-1', vid: '1e0e', pid: '9011', model: 'SIMCOM_SIM7600G-H', mode: 'rndis', drivers: [], atPort: '/dev/ttyUSB2', iface: 'usb0', state: 'ready' };
const status: ModemStatus = {
  modemId: 'usb:1-1',
  port: '/dev/ttyUSB2',
  answered: true,
  problem: null,
  manufacturer: 'SIMCOM INCORPORATED',
  model: 'SIMCOM_SIM7600G-H',
  revision: null,
  imei: null,
  imsi: null,
  iccid: null,
  csq: 24,
  usbId: '1e0e:9011',
  lease: null,
  route: null,
  sim: 'ready',
  registration: 'home',
  operator: 'Freedom Mobile',
  rat: 'LTE',
  signalDbm: -65,
  signalBars: 4,
  mode: 'rndis',
  contexts: [{ cid: 1, type: 'IP', apn: 'internet.freedommobile.ca' }],
  pdpAddress: '10.23.156.36',
  iface: 'usb0',
  at: 0,
};
const up: NetworkStatus = {
  iface: 'usb0',
  up: true,
  lease: { address: '192.168.225.44', prefix: 24, gateway: '192.168.225.1', dns: [] },
  policy: 'failover',
  routes: [{ destination: 'default', gateway: '192.168.225.1', iface: 'usb0', metric: 700 }],
};
const base: HomeInputs = { loaded: true, modem, status, statusError: null, busy: null, network: up, mode: null, checks: null };

describe('homeView', () => {
  it('is Online via the policy in use, with the check that proved it', () => {
    const v = homeView({ ...base, checks: [{ id: 'internet', ok: true, target: '1.1.1.1', detail: 'ok', rttMs: 41.2 }] });
    expect(v).toMatchObject({ tone: 'ok', title: 'Online via LTE as backup', action: null, online: true });
    expect(v.detail).toContain('1.1.1.1 answered in 41 ms');
    expect(homeView({ ...base, network: { ...up, policy: 'primary' } }).title).toBe('Online via LTE as primary');
  });

  it('says when the internet does not answer through the link', () => {
    const v = homeView({ ...base, checks: [{ id: 'internet', ok: false, target: '1.1.1.1', detail: '100% loss' }] });
    expect(v).toMatchObject({ tone: 'bad', title: 'Offline: no internet through usb0', action: { id: 'retry', label: 'Retry' } });
  });

  it('names the program holding the port and offers its fix', () => {
    const v = homeView({ ...base, modem: { ...modem, state: 'port-busy', heldBy: 'ModemManager', fix: { id: 'free-port', label: 'Free the port' } } });
    expect(v).toMatchObject({ title: 'Offline: another program holds the AT port', action: { id: 'fix', fixId: 'free-port', label: 'Free the port' } });
    expect(v.detail).toContain('ModemManager');
  });

  it('tells a rejected APN from an empty one, and a missing modem from a restarting one', () => {
    expect(homeView({ ...base, status: { ...status, pdpAddress: null } })).toMatchObject({ title: 'Offline: no data session', action: { id: 'set-apn', label: 'Set the APN' } });
    expect(homeView({ ...base, modem: null })).toMatchObject({ title: 'Offline: no modem found', action: { label: 'Retry' } });
    expect(homeView({ ...base, modem: null, restarting: true })).toMatchObject({ tone: 'busy', title: 'The modem is restarting…', action: null });
    expect(homeView({ ...base, mode: { modemId: 'usb:1-1', current: 'qmi', pid: '9001', recommended: 'rndis', reason: '', offered: [] } })).toMatchObject({
      title: 'Offline: the modem is in QMI mode',
      action: { id: 'switch-mode', label: 'Switch to RNDIS' },
    });
  });
});

describe('daemon slot (issue 11)', () => {
  it('shows the daemon state and the last outage when a status carries them', () => {
    const c = connectionOf({ connection: { state: 'online', since: '2026-01-01T14:02:00', lastRecovery: { at: '2026-01-01T13:58:00', trigger: 'data session dropped', fixedBy: 'radio cycle', durationMs: 8400 } } })!;
    expect(outageSummary(c)).toBe('Last outage at 13:58: data session dropped; back after radio cycle in 8.4 s.');
    render(DaemonCard, { props: { connection: c } });
    expect(screen.getByTestId('daemon-card').textContent).toContain('Kept online by the simhat daemon: online since 14:02.');
    expect(connectionOf({ connection: { state: 'weird' } })).toBeNull();
    expect(connectionOf({})).toBeNull();
  });
});

describe('renderer boundary (issue 10 item 5)', () => {
  const root = join(import.meta.dirname, '../../../src-renderer/src');
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

  it('imports only types from the main process, and has its own wire client', () => {
    const offenders: string[] = [];
    for (const f of files(root)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        if (m[2]!.includes('src-main/') && !m[1]) offenders.push(`${f}: ${m[0].trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('knows every method, rebuilds errors from envelopes and from the Electron bridge', async () => {
    const { API_METHODS } = await import('../../../src-main/api/wire.js');
    const { BRIDGE_ERROR_MARKER: mainMarker, encodeBridgeError } = await import('../../../src-main/api/bridge-error.js');
    expect([...METHODS].sort()).toEqual([...API_METHODS].sort());
    expect(BRIDGE_ERROR_MARKER).toBe(mainMarker);
    const restored = restoreBridgeError(encodeBridgeError({ code: 'busy', message: 'The modem is busy', hint: 'Wait.' })) as ApiCallError;
    expect(restored).toBeInstanceOf(ApiCallError);
    expect([restored.code, restored.message, restored.hint]).toEqual(['busy', 'The modem is busy', 'Wait.']);
    expect(unwrap({ result: 3 })).toBe(3);
    expect(() => unwrap({ error: { code: 'x', message: 'no' } })).toThrow(ApiCallError);
  });
});
