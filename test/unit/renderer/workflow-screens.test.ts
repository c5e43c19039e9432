// Mode, Carrier & APN, Connection, Doctor and AT console screens, driven by role queries against the
// real service on the twin.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ModeScreen from '../../../src-renderer/src/screens/ModeScreen.svelte';
import ApnScreen from '../../../src-renderer/src/screens/ApnScreen.svelte';
import ConnectionScreen from '../../../src-renderer/src/screens/ConnectionScreen.svelte';
import DoctorScreen from '../../../src-renderer/src/screens/DoctorScreen.svelte';
import ConsoleScreen from '../../../src-renderer/src/screens/ConsoleScreen.svelte';
import { demoApp, type DemoApp } from './demo-app.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  demo = undefined;
});

const T = { timeout: 10_000 };

describe('Mode screen', () => {
  it('switches a fresh modem to RNDIS with every step shown, then offers the revert', async () => {
    demo = await demoApp('fresh');
    render(ModeScreen, { props: { app: demo.app } });
    expect((await screen.findByTestId('current-mode', {}, T)).textContent).toBe('QMI');
    await fireEvent.click(screen.getByRole('button', { name: 'Switch to RNDIS' }));
    const done = await screen.findByText('Done.', {}, T);
    expect(done.getAttribute('role')).toBe('status');
    const steps = within(screen.getByRole('list', { name: 'Mode switch progress' })).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringContaining('Checked the current mode'),
      expect.stringContaining('Switch command sent'),
      expect.stringContaining('Modem left the USB bus'),
      expect.stringContaining('Modem back in the new mode'),
      expect.stringContaining('AT port answering'),
      expect.stringContaining('SIM ready'),
      expect.stringContaining('Network interface present'),
      expect.stringContaining('Done'),
    ]);
    expect(steps.every((s) => s.className === 'done')).toBe(true);
    await screen.findByText('RNDIS', { selector: '[data-testid="current-mode"]' }, T);
    const revert = await screen.findByRole('button', { name: 'Revert to QMI' }, T);
    await waitFor(() => expect((revert as HTMLButtonElement).disabled).toBe(false), T);
    expect(demo.env.twin.receivedCommands).toContain('AT+CUSBPIDSWITCH=9011,1,1');
    // Now in the target mode: no second "Switch to RNDIS" that would do nothing.
    const already = await screen.findByRole('button', { name: 'Already in RNDIS' }, T);
    expect((already as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Switch to RNDIS' })).toBeNull();
  }, 20_000);

  it('says "Already in RNDIS" (disabled, with the reason) when the modem is in the target mode', async () => {
    demo = await demoApp('seed');
    render(ModeScreen, { props: { app: demo.app } });
    const already = (await screen.findByRole('button', { name: 'Already in RNDIS' }, T)) as HTMLButtonElement;
    expect(already.disabled).toBe(true);
    expect(already.getAttribute('aria-describedby')).toBe('mode-already');
    expect(document.getElementById('mode-already')!.textContent).toBe('The modem already uses RNDIS, the mode this computer needs: nothing to switch.');
    expect(screen.queryByRole('button', { name: /^Switch to/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Revert' })).toBeTruthy();
  });

  it('names the button ECM on macOS', async () => {
    const { createDemoEnv } = await import('../../../src-main/compose/twin-root.js');
    const { createService } = await import('../../../src-main/service/service.js');
    const { AppState } = await import('../../../src-renderer/src/lib/app.svelte.js');
    const env = createDemoEnv({ scenario: 'fresh', version: 't', platform: 'darwin' });
    const service = createService(env);
    const app = new AppState(service);
    await app.start();
    try {
      render(ModeScreen, { props: { app } });
      expect(await screen.findByRole('button', { name: 'Switch to ECM' }, T)).toBeTruthy();
    } finally {
      app.dispose();
      await service.close();
    }
  });
});

describe('Carrier & APN screen', () => {
  it('suggests the SIM carrier first and applying it is verified with a PDP address', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const use = await screen.findByRole('button', { name: 'Use Freedom Mobile (internet.freedommobile.ca)' }, T);
    await fireEvent.click(use);
    expect((screen.getByRole('textbox', { name: 'APN' }) as HTMLInputElement).value).toBe('internet.freedommobile.ca');
    await fireEvent.click(screen.getByRole('button', { name: 'Apply APN' }));
    const verified = await screen.findByTestId('apn-verified', {}, T);
    // One sentence: "…got the data address 10.23.156.36." (not "got a data address PDP address …").
    expect(verified.textContent!.trim()).toMatch(/^Verified: APN internet\.freedommobile\.ca written to contexts 1 and 6 and read back; the modem got the data address \d+\.\d+\.\d+\.\d+\.$/);
    expect(within(screen.getByRole('list', { name: 'APN apply progress' })).getByText('Wrote context 6')).toBeTruthy();
  });

  it('cancels a running apply and restores the previous contexts', async () => {
    // Slow registration after the radio cycle, so there is time to press Cancel.
    demo = await demoApp('seed', { ...TEST_TIMINGS, registrationDelayMs: 3000 });
    render(ApnScreen, { props: { app: demo.app } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Use Freedom Mobile (internet.freedommobile.ca)' }, T));
    await fireEvent.click(screen.getByRole('button', { name: 'Apply APN' }));
    await within(await screen.findByRole('list', { name: 'APN apply progress' }, T)).findByText('Wrote context 6', {}, T);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const end = await screen.findByText(/^Failed: /, {}, T);
    expect(end.textContent).toMatch(/cancel/i);
    expect(screen.queryByTestId('apn-verified')).toBeNull();
    // The seed's empty APN is back in context 1.
    const r = await demo.service.atSend({ modemId: 'usb:1-1.3', command: 'AT+CGDCONT?' });
    expect(r.lines.find((l) => l.startsWith('+CGDCONT: 1,'))).toMatch(/^\+CGDCONT: 1,"IP",""/);
  }, 20_000);

  it('searches the Carrier picker and picks with the keyboard', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const picker = await screen.findByRole('combobox', { name: 'Carrier' }, T);
    await fireEvent.input(picker, { target: { value: 'vodafone germany' } });
    const list = await screen.findByRole('listbox', { name: 'Carriers' }, T);
    const options = within(list).getAllByRole('option');
    expect(options.length).toBeGreaterThan(0);
    expect(options[0]!.textContent).toContain('Vodafone');
    await fireEvent.keyDown(picker, { key: 'ArrowDown' });
    expect(picker.getAttribute('aria-activedescendant')).toBe('carrier-opt-0');
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect((screen.getByRole('textbox', { name: 'APN' }) as HTMLInputElement).value).not.toBe('');
  });

  it('shows inline validation messages and sends nothing invalid', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const apn = await screen.findByRole('textbox', { name: 'APN' }, T);
    await fireEvent.input(apn, { target: { value: 'bad apn;AT+CRESET' } });
    await screen.findByText(/is not allowed: use letters, digits and hyphens/, {}, T);
    expect(apn.getAttribute('aria-invalid')).toBe('true');
    const before = demo.env.twin.receivedCommands.length;
    await fireEvent.click(screen.getByRole('button', { name: 'Apply APN' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(demo.env.twin.receivedCommands.slice(before).some((c) => c.includes('CGDCONT=1'))).toBe(false);
    expect(screen.queryByTestId('apn-verified')).toBeNull();
  });
});

describe('Connection screen', () => {
  it('shows registration, operator, RAT and signal, switches the route policy with before/after tables, and connects', async () => {
    demo = await demoApp('seed');
    render(ConnectionScreen, { props: { app: demo.app, pollMs: 200 } });
    await screen.findByText('Registered (home)', {}, T);
    expect(screen.getByText('Freedom Mobile')).toBeTruthy();
    expect(screen.getByText('LTE')).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Signal \d of 4 bars, -\d+ dBm$/ })).toBeTruthy();
    // One sample draws no line: the chart says it is collecting until the second one.
    expect(screen.getByRole('status').textContent).toMatch(/^Collecting signal samples… \(1 of 2\)$/);
    expect(screen.queryByRole('img', { name: /Signal over this session/ })).toBeNull();
    const chart = await screen.findByRole('img', { name: /^Signal over this session: -\d+ dBm now, min -\d+ dBm, max -\d+ dBm$/ }, T);
    expect(chart.querySelector('polyline')!.getAttribute('points')!.split(' ').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText(/Collecting signal samples/)).toBeNull();
    // The seed's dhclient took the default route with metric 0: LTE as backup puts Wi-Fi first again.
    await fireEvent.click(screen.getByRole('radio', { name: 'LTE as backup' }));
    const after = await screen.findByRole('table', { name: 'Routes after' }, T);
    expect(screen.getByRole('table', { name: 'Routes before' }).textContent).toContain('dev usb0 metric 0');
    expect(after.textContent).toContain('dev usb0 metric 700');
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByRole('list', { name: 'Connectivity checks' }, T);
    expect(within(screen.getByRole('list', { name: 'Connect progress' })).getByText('Connectivity check')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Connectivity checks' }).textContent).toContain('✓ internet (1.1.1.1)');
  }, 20_000);
});

describe('Connection screen status after an operation', () => {
  it('never leaves the "modem is busy" refusal of a poll that ran during Connect', async () => {
    demo = await demoApp('seed');
    const app = demo.app;
    // Polls every 25 ms, so several land while Connect holds the port and are refused with 'busy'.
    render(ConnectionScreen, { props: { app, pollMs: 25 } });
    await screen.findByText('Registered (home)', {}, T);
    let sawBusy = false;
    const watch = setInterval(() => (sawBusy ||= app.statusBusy !== null), 5);
    try {
      await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
      await screen.findByText('Done.', {}, T);
      await screen.findByRole('list', { name: 'Connectivity checks' }, T);
    } finally {
      clearInterval(watch);
    }
    expect(sawBusy).toBe(true);
    // Some polls later: the status is fresh, and no busy message (error or note) is left.
    await new Promise((r) => setTimeout(r, 150));
    expect(app.statusBusy).toBeNull();
    expect(app.statusError).toBeNull();
    expect(screen.queryByText(/busy/i)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(app.status!.pdpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  }, 20_000);
});

describe('Connection screen on a fresh modem', () => {
  it('"Connect" switches to RNDIS, sets the SIM\'s APN, brings usb0 up and checks the internet', async () => {
    demo = await demoApp('fresh');
    render(ConnectionScreen, { props: { app: demo.app, pollMs: 500 } });
    await screen.findByText('Registered (home)', {}, T);
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const checks = await screen.findByRole('list', { name: 'Connectivity checks' }, { timeout: 15_000 });
    expect(checks.textContent).toContain('✓ internet (1.1.1.1)');
    const steps = within(screen.getByRole('list', { name: 'Connect progress' }));
    for (const label of ['Modem left the USB bus (rebooting)', 'USB mode', 'APN in the modem', 'Network interface up', 'Connectivity check']) expect(steps.getByText(label)).toBeTruthy();
    expect(demo.env.twin.receivedCommands).toContain('AT+CUSBPIDSWITCH=9011,1,1');
  }, 20_000);
});

describe('Doctor screen', () => {
  it('runs every check, expands evidence, and fixes the APN with the failing check\'s button', async () => {
    demo = await demoApp('seed');
    render(DoctorScreen, { props: { app: demo.app } });
    await fireEvent.click(screen.getByRole('button', { name: 'Run diagnostics' }));
    const checks = await screen.findByRole('list', { name: 'Checks' }, T);
    const items = within(checks).getAllByRole('listitem');
    expect(items).toHaveLength(18);
    const apnSet = items.find((i) => i.dataset['check'] === 'apn.set')!;
    expect(within(apnSet).getByText('fail')).toBeTruthy();
    const evidence = within(apnSet).getByText(/^Evidence/);
    expect(evidence.closest('details')!.textContent).toContain('AT+CGDCONT?');
    const fix = within(apnSet).getByRole('button');
    expect(fix.textContent).toMatch(/APN/);
    await fireEvent.click(fix);
    await screen.findByText(/: done\.$/, {}, T);
    const rerun = await screen.findByRole('list', { name: 'Checks' }, T);
    await within(rerun).findByText('pass', { selector: '[data-check="apn.set"] .badge' }, T);
  }, 20_000);
});

describe('AT console', () => {
  it('sends ATI, shows the answer with timestamps, keeps history and interleaves URCs', async () => {
    demo = await demoApp('good');
    render(ConsoleScreen, { props: { app: demo.app } });
    const input = screen.getByRole('textbox', { name: 'AT command' });
    await fireEvent.input(input, { target: { value: 'ATI' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const log = screen.getByRole('list', { name: 'AT log' });
    await within(log).findByText('Model: SIMCOM_SIM7600G-H', {}, T);
    expect(log.textContent).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
    demo.env.twin.injectUrc('+CMTI: "SM",4');
    await within(log).findByText('+CMTI: "SM",4', {}, T);
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect((input as HTMLInputElement).value).toBe('ATI');
    await fireEvent.input(input, { target: { value: 'AT+CFUN=9' } });
    await fireEvent.submit(input.closest('form')!);
    await within(log).findByText(/ERROR/, {}, T);
  });
});
