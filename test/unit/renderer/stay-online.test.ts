// Staying online in the UI (issue 11): Home's connection card for every state of the daemon (with its
// records as the daemon sends them), the card following a real watchdog's `connection` events on the twin,
// and Settings: Keep me online (simulated on the twin; "not installed" read from systemctl's real answer)
// and the watchdog and history fields, judged by the service, saved only when changed.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import DaemonCard from '../../../src-renderer/src/components/DaemonCard.svelte';
import HomeScreen from '../../../src-renderer/src/screens/HomeScreen.svelte';
import SettingsScreen from '../../../src-renderer/src/screens/SettingsScreen.svelte';
import { AppState } from '../../../src-renderer/src/lib/app.svelte.js';
import type { DaemonConnection } from '../../../src-renderer/src/lib/daemon.js';
import type { ConnectionInfo } from '../../../src-main/api/contract.js';
import type { RecoveryRecord } from '../../../src-main/core/watchdog/types.js';
import { recoveryWords } from '../../../src-main/core/history/outages.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { systemdKeepOnline } from '../../../src-main/platform/system/keep-online.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { demoApp, type DemoApp } from './demo-app.js';

const T = { timeout: 10_000 };
const hhmm = (t: number) => new Date(t).toTimeString().slice(0, 5);

let demo: DemoApp | undefined;
let extra: { service: Service; app: AppState; dir?: string } | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  extra?.app.dispose();
  await extra?.service.close();
  if (extra?.dir) rmSync(extra.dir, { recursive: true, force: true });
  demo = extra = undefined;
});

describe("Home's connection card, per state", () => {
  const since = Date.UTC(2026, 0, 1, 14, 2, 0);
  const started = since - 8400;
  const radioCycle: RecoveryRecord = {
    trigger: 'pdn-deactivated',
    symptom: 'no-data-session',
    startedAt: started,
    durationMs: 8400,
    stages: [{ stage: 'modem-data', steps: ['radio-cycle', 'renew-dhcp'], ok: true, durationMs: 8400 }],
    outcome: 'recovered',
    fixedBy: 'modem-data',
  };
  const failed: RecoveryRecord = {
    trigger: 'interval',
    symptom: 'modem-unresponsive',
    startedAt: started,
    durationMs: 95_000,
    stages: [
      { stage: 'modem-reset', steps: ['reset'], ok: false, durationMs: 90_000, detail: 'the modem did not come back' },
      { stage: 'usb', steps: ['rebind'], ok: false, durationMs: 5000 },
    ],
    outcome: 'failed',
    verdict: { checkId: 'at.answers', summary: 'The modem does not answer AT commands' },
  };
  const base = { since: new Date(since).toISOString(), kept: true, modemId: 'usb:1-1.3', iface: 'usb0' };

  it.each<[string, ConnectionInfo, string[]]>([
    ['online after a radio cycle', { ...base, state: 'online', lastRecovery: radioCycle, lastRecoveryWords: recoveryWords(radioCycle) }, [`Kept online by the simhat daemon: online since ${hhmm(since)}.`, `Last outage at ${hhmm(started)}: data session dropped; back after radio cycle in 8.4 s.`]],
    ['connecting', { ...base, state: 'connecting' }, [`Kept online by the simhat daemon: connecting since ${hhmm(since)}.`]],
    [
      'recovering',
      { ...base, state: 'recovering', reason: 'recovering from no-data-session', lastCheck: { classification: 'no-data-session', summary: 'usb0: the gateway answers, nothing beyond it.', at: since, trigger: 'pdn-deactivated' } },
      [`Kept online by the simhat daemon: recovering the link since ${hhmm(since)}.`, 'recovering from no-data-session', 'Last check: usb0: the gateway answers, nothing beyond it.'],
    ],
    [
      'degraded with the doctor’s verdict',
      { ...base, state: 'degraded', reason: 'The modem does not answer AT commands', lastRecovery: failed, lastRecoveryWords: recoveryWords(failed) },
      [`Kept online by the simhat daemon: degraded: recovery failed, retrying since ${hhmm(since)}.`, 'The modem does not answer AT commands', `Last outage at ${hhmm(started)}: modem stopped answering; not recovered yet.`],
    ],
    ['offline by the user’s choice', { ...base, state: 'offline', reason: 'the modem is in a USB mode without a network interface (chosen by the user): not recovering' }, [`Kept online by the simhat daemon: offline since ${hhmm(since)}.`, 'the modem is in a USB mode without a network interface (chosen by the user): not recovering']],
  ])('%s', (_name, connection, lines) => {
    render(DaemonCard, { props: { connection: connection as DaemonConnection } });
    const card = screen.getByRole('group', { name: 'Stay online' });
    const shown = [...card.querySelectorAll('p')].map((p) => p.textContent!.trim());
    expect(shown).toEqual(lines);
    expect(card.className).toContain(connection.state);
  });

  it('without a daemon: says the link is not kept, and "Keep me online" leads to Settings', async () => {
    const onsettings = vi.fn();
    render(DaemonCard, { props: { connection: { state: 'online', since: new Date(since).toISOString(), kept: false }, onsettings } });
    const card = screen.getByRole('group', { name: 'Stay online' });
    expect(within(card).getByTestId('daemon-state').textContent).toBe('Not kept online: no simhat daemon watches this link, so a dropped connection stays down.');
    await fireEvent.click(within(card).getByRole('button', { name: 'Keep me online' }));
    expect(onsettings).toHaveBeenCalledOnce();
  });

  it('follows a real watchdog on the twin through its connection events: recovering, then online, with the last outage', async () => {
    demo = await demoApp('good');
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    // Before any daemon: one look, not kept.
    await waitFor(() => expect(screen.getByTestId('daemon-state').textContent).toMatch(/^Not kept online/), T);
    const states: string[] = [];
    demo.service.onEvent((e) => void (e.type === 'connection' && states.push(e.connection.state)));
    await demo.service.keepOnline({ watchdog: { intervalS: 1, verifyTimeoutS: 5 } });
    await waitFor(() => expect(screen.getByTestId('daemon-state').textContent).toMatch(/^Kept online by the simhat daemon: online since \d\d:\d\d\.$/), T);
    expect(states).toEqual(['recovering', 'online']);
    // The good scenario starts with usb0 down: the host stage brought it up.
    expect(screen.getByTestId('daemon-outage').textContent).toMatch(/^Last outage at \d\d:\d\d: interface down; back after interface brought up in \d+\.\d s\.$/);
    await waitFor(() => expect(screen.getByTestId('home-state').textContent).toBe('Online via LTE as backup'), T);
  }, 20_000);
});

async function settingsOn(service: Service): Promise<AppState> {
  const app = new AppState(service);
  await app.start();
  render(SettingsScreen, { props: { app } });
  return app;
}

describe('Settings: Keep me online', () => {
  it('on the twin: off, then on and off again (simulated)', async () => {
    demo = await demoApp('seed');
    render(SettingsScreen, { props: { app: demo.app } });
    const sw = (await screen.findByRole('switch', { name: /^Keep me online: start the simhat daemon at boot/ }, T)) as HTMLInputElement;
    const state = screen.getByTestId('keep-state');
    await waitFor(() => expect(state.textContent!.trim()).toBe('Off: nothing watches the link, and after a reboot the Pi stays offline until someone connects. Demo: the switch is simulated, nothing on this computer changes.'), T);
    expect(sw.checked).toBe(false);
    expect(sw.disabled).toBe(false);
    await fireEvent.click(sw);
    await waitFor(() => expect(state.textContent).toMatch(/^On: simhat\.service starts at boot and keeps the link online now\./), T);
    expect(sw.checked).toBe(true);
    expect(await demo.service.keepOnlineState({})).toMatchObject({ enabled: true, active: true, simulated: true });
    await fireEvent.click(sw);
    await waitFor(() => expect(state.textContent).toMatch(/^Off: /), T);
    expect((await demo.service.keepOnlineState({})).enabled).toBe(false);
  });

  it('not installed (an npm install): the switch is off and disabled, and says how to install the unit', async () => {
    // systemctl's own answer on Debian 12 (systemd 252) when simhat.service does not exist.
    const dir = mkdtempSync(join(tmpdir(), 'simhat-systemctl-'));
    const systemctl = join(dir, 'systemctl');
    writeFileSync(
      systemctl,
      `#!/bin/sh
case "$1" in
  is-enabled) echo "Failed to get unit file state for simhat.service: No such file or directory" >&2; exit 1 ;;
  is-active) echo inactive; exit 3 ;;
  *) echo "unexpected: $*" >> '${join(dir, 'unexpected')}'; exit 1 ;;
esac
`,
    );
    chmodSync(systemctl, 0o755);
    const env = createDemoEnv({ scenario: 'seed', version: 'test', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 5 });
    const helper = (action: 'enable' | 'disable') => Promise.reject(new Error(`the helper must not run (${action})`));
    const service = createService({ ...env, keepOnline: systemdKeepOnline({ helper, systemctl }) });
    const app = await settingsOn(service);
    extra = { service, app, dir };
    const sw = (await screen.findByRole('switch', { name: /^Keep me online/ }, T)) as HTMLInputElement;
    const state = screen.getByTestId('keep-state');
    await waitFor(() => expect(state.textContent).toMatch(/^Not available: simhat\.service is not installed/), T);
    expect(state.textContent).toBe('Not available: simhat.service is not installed (an npm install has none): run sudo simhat daemon --enable once; then this switch turns it on and off.');
    expect(within(state).getByText('sudo simhat daemon --enable').tagName).toBe('CODE');
    expect(sw.disabled).toBe(true);
    expect(sw.checked).toBe(false);
    await expect(service.setKeepOnline({ enabled: true })).rejects.toMatchObject({ code: 'unavailable', hint: expect.stringContaining('sudo simhat daemon --enable') });
    expect(() => readFileSync(join(dir, 'unexpected'))).toThrow();
  });
});

describe('Settings: the watchdog and the history', () => {
  const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

  it('shows the defaults, names a bad field inline, saves only what changed, and the values come back', async () => {
    demo = await demoApp('seed');
    render(SettingsScreen, { props: { app: demo.app } });
    await waitFor(() => expect(field('Check interval').value).toBe('30'), T);
    expect(field('Modem resets per hour').value).toBe('4');
    expect(field('Keep history for').value).toBe('30');
    expect(field('History size cap').value).toBe('64');
    const hub = screen.getByRole('checkbox', { name: /^Allow the hub port power cycle \(uhubctl\)/ }) as HTMLInputElement;
    expect(hub.checked).toBe(false);
    expect(screen.getByRole('group', { name: 'Watchdog and history (simhat daemon)' })).toBeTruthy();

    await fireEvent.input(field('Check interval'), { target: { value: '0' } });
    await fireEvent.input(field('History size cap'), { target: { value: 'lots' } });
    await fireEvent.input(field('Modem resets per hour'), { target: { value: '2.5' } });
    await waitFor(() => expect(document.getElementById('check-interval-err')?.textContent).toBe('Check interval: a whole number from 1 to 86400 seconds'), T);
    expect(document.getElementById('history-cap-err')!.textContent).toBe('History size cap: enter a number');
    expect(document.getElementById('max-resets-err')!.textContent).toBe('Modem resets per hour: a whole number from 0 to 60 resets');
    expect(field('Check interval').getAttribute('aria-invalid')).toBe('true');
    expect(field('Check interval').getAttribute('aria-describedby')).toBe('check-interval-help check-interval-err');
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByText('Saved.')).toBeNull();

    await fireEvent.input(field('Check interval'), { target: { value: '10' } });
    await fireEvent.input(field('History size cap'), { target: { value: '16' } });
    await fireEvent.input(field('Modem resets per hour'), { target: { value: '4' } });
    await fireEvent.click(hub);
    await waitFor(() => expect(field('Check interval').getAttribute('aria-invalid')).toBe('false'), T);
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.', {}, T);
    // Only what changed from the values in effect is saved (resets per hour is back at its default).
    const saved = JSON.parse(readFileSync(join(demo.env.configDir!, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ policy: 'failover', theme: 'system', checkIntervalS: 10, historyMaxMiB: 16, hubPowerCycle: true });
    expect(await demo.service.getSettings({})).toMatchObject({ checkIntervalS: 10, historyMaxMiB: 16, hubPowerCycle: true });
    expect(field('Check interval').value).toBe('10');
    expect(field('History size cap').value).toBe('16');
    expect(hub.checked).toBe(true);
  });
});
