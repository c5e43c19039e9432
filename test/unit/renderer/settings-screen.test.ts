// Settings screen: check targets, default route policy and theme, validated inline by the service,
// saved to settings.json in the (demo) config folder, and used by the next connectivity check.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../../src-renderer/src/App.svelte';
import SettingsScreen from '../../../src-renderer/src/screens/SettingsScreen.svelte';
import { demoApp, type DemoApp } from './demo-app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  delete document.documentElement.dataset['theme'];
  await demo?.close();
  demo = undefined;
});

const T = { timeout: 10_000 };
const MODEM = 'usb:1-1.3';

describe('Settings screen', () => {
  it('shows the targets in use and where they come from', async () => {
    demo = await demoApp('seed');
    render(SettingsScreen, { props: { app: demo.app } });
    const targets = (await screen.findByRole('textbox', { name: 'Ping targets' }, T)) as HTMLInputElement;
    await screen.findByText(/In use: 1\.1\.1\.1, 8\.8\.8\.8 \(default\)\./, {}, T);
    expect(targets.value).toBe('');
    expect(targets.placeholder).toBe('1.1.1.1, 8.8.8.8');
    expect(screen.getByText(/In use: example\.com \(default\)\./)).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'LTE as backup' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'System' }) as HTMLInputElement).checked).toBe(true);
  });

  it('names the bad field inline and saves nothing invalid', async () => {
    demo = await demoApp('seed');
    render(SettingsScreen, { props: { app: demo.app } });
    const targets = await screen.findByRole('textbox', { name: 'Ping targets' }, T);
    const dns = screen.getByRole('textbox', { name: 'DNS name to resolve' });
    await fireEvent.input(targets, { target: { value: '1.1.1.1, 300.1.1.1' } });
    await fireEvent.input(dns, { target: { value: 'exa_mple..com' } });
    await waitFor(() => expect(targets.getAttribute('aria-invalid')).toBe('true'), T);
    await waitFor(() => expect(dns.getAttribute('aria-invalid')).toBe('true'), T);
    expect(document.getElementById('ping-err')!.textContent).toBe('Ping targets: "300.1.1.1" is not an IPv4 address (e.g. 1.1.1.1)');
    expect(document.getElementById('dns-err')!.textContent).toMatch(/^DNS name to resolve: "exa_mple\.\.com" is not a host name/);
    expect(targets.getAttribute('aria-describedby')).toContain('ping-err');
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByText('Saved.')).toBeNull();
    expect(readdirSync(demo.env.configDir!)).not.toContain('settings.json');
    // An address is not a name to resolve.
    await fireEvent.input(targets, { target: { value: '1.1.1.1' } });
    await fireEvent.input(dns, { target: { value: '9.9.9.9' } });
    await waitFor(() => expect(targets.getAttribute('aria-invalid')).toBe('false'), T);
    await waitFor(() => expect(document.getElementById('dns-err')?.textContent).toBe('DNS name to resolve: "9.9.9.9" is an address; give a host name (e.g. example.com)'), T);
  });

  it('saves atomically to settings.json, pins the theme, and the next check probes the new targets', async () => {
    demo = await demoApp('seed');
    const app = demo.app;
    render(App, { props: { app } });
    await screen.findByRole('article', { name: /SIM7600/ }, T);
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const targets = await screen.findByRole('textbox', { name: 'Ping targets' }, T);
    await screen.findByText(/In use: 1\.1\.1\.1, 8\.8\.8\.8/, {}, T);
    await fireEvent.input(targets, { target: { value: '10.9.8.7 10.9.8.6' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'DNS name to resolve' }), { target: { value: 'probe.example.net' } });
    await fireEvent.click(screen.getByRole('radio', { name: 'LTE as primary' }));
    await fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved.', {}, T);
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(screen.getByText(/In use: 10\.9\.8\.7, 10\.9\.8\.6 \(saved here\)\./)).toBeTruthy();
    expect((targets as HTMLInputElement).value).toBe('10.9.8.7, 10.9.8.6');

    const dir = demo.env.configDir!;
    const file = join(dir, 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pingTargets: ['10.9.8.7', '10.9.8.6'], dnsName: 'probe.example.net', policy: 'primary', theme: 'dark' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The service uses them: the simulated network reports what it probed.
    const checks = await demo.service.checkConnectivity({ modemId: MODEM });
    expect(demo.env.network.probed.at(-1)).toMatchObject({ pingTargets: ['10.9.8.7', '10.9.8.6'], dnsName: 'probe.example.net' });
    expect(checks.filter((c) => c.id === 'internet').map((c) => c.target)).toEqual(['10.9.8.7', '10.9.8.6']);

    // Back to System: the pin is gone (prefers-color-scheme decides again); clearing the targets falls back.
    await fireEvent.input(targets, { target: { value: '' } });
    await fireEvent.click(screen.getByRole('radio', { name: 'System' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/In use: 1\.1\.1\.1, 8\.8\.8\.8 \(default\)\./, {}, T);
    expect(document.documentElement.dataset['theme']).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ dnsName: 'probe.example.net', policy: 'primary', theme: 'system' });
  }, 20_000);
});
