// Carrier picker (issue 14): country aliases (UK, USA), "no results", MMS apart, the modem's contexts
// beside the SIM's suggestion; Doctor: failures first, passes collapsed, each fix once, "Fix all".
// Real service on the in-process twin.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ApnScreen from '../../../src-renderer/src/screens/ApnScreen.svelte';
import DoctorScreen from '../../../src-renderer/src/screens/DoctorScreen.svelte';
import ConsoleScreen from '../../../src-renderer/src/screens/ConsoleScreen.svelte';
import { demoApp, type DemoApp } from './demo-app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  demo = undefined;
});

const T = { timeout: 15_000 };

describe('Carrier picker', () => {
  it.each([
    ['UK', 'UK = Britain', 'GB'],
    ['United Kingdom', 'United Kingdom = Britain', 'GB'],
    ['Great Britain', 'Great Britain = Britain', 'GB'],
    ['USA', 'USA = United States', 'US'],
  ])('"%s" finds that country\'s carriers (never Ukraine)', async (query, note, tag) => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const picker = await screen.findByRole('combobox', { name: 'Carrier' }, T);
    await fireEvent.input(picker, { target: { value: query } });
    const list = await screen.findByRole('listbox', { name: 'Carriers' }, T);
    const options = within(list).getAllByRole('option');
    expect(options.length).toBeGreaterThan(3);
    for (const o of options) expect(o.querySelector('.tag')!.textContent).toBe(tag);
    expect(document.getElementById('carrier-found')!.textContent).toContain(note);
  });

  it('says so when nothing matches', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const picker = await screen.findByRole('combobox', { name: 'Carrier' }, T);
    await fireEvent.input(picker, { target: { value: 'zzqx' } });
    await waitFor(() => expect(document.getElementById('carrier-found')!.textContent!.trim()).toBe('No results for “zzqx”: try the country\'s name or a provider.'), T);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('walks country -> provider -> plan with MMS apart, and shows the modem\'s contexts beside the suggestion', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    // The seed's context 1 is empty: said in words next to the SIM's suggestion and its reason.
    await demo.app.refreshStatus();
    const ctx = await screen.findByTestId('current-contexts', {}, T);
    expect(ctx.textContent).toContain('Context 1: (empty)');
    expect(screen.getByText(/IMSI|home network|302-490/)).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Country' }) as HTMLSelectElement).options.length).toBeGreaterThan(100), T);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Country' }), { target: { value: 'gb' } });
    const provider = screen.getByRole('combobox', { name: 'Provider' }) as HTMLSelectElement;
    await waitFor(() => expect(provider.options.length).toBe(13), T);
    const ee = [...provider.options].find((o) => o.textContent!.startsWith('EE'))!;
    await fireEvent.change(provider, { target: { value: ee.value } });
    const plans = await screen.findByRole('list', { name: 'Plans' }, T);
    const use = within(plans).getAllByRole('button')[0]!;
    expect(use.textContent).toMatch(/^Use /);
    await fireEvent.click(use);
    expect((screen.getByRole('textbox', { name: 'APN' }) as HTMLInputElement).value).not.toBe('');
  });

  it('names the field in a validation message ("APN is empty …", not " is empty (…)")', async () => {
    demo = await demoApp('seed');
    render(ApnScreen, { props: { app: demo.app } });
    const apn = await screen.findByRole('textbox', { name: 'APN' }, T);
    await fireEvent.input(apn, { target: { value: '' } });
    await screen.findByText('APN is empty (an empty APN is only allowed to clear a context)', {}, T);
  });
});

describe('Doctor screen', () => {
  it('lists failures first, passes collapsed, each fix once; "Fix all" fixes the seed and checks again', async () => {
    demo = await demoApp('seed');
    render(DoctorScreen, { props: { app: demo.app } });
    await fireEvent.click(screen.getByRole('button', { name: 'Run diagnostics' }));
    const checks = await screen.findByRole('list', { name: 'Checks' }, T);
    const items = within(checks).getAllByRole('listitem');
    expect(items).toHaveLength(18);
    const statuses = items.map((i) => i.querySelector('.badge')!.textContent);
    const firstPass = statuses.indexOf('pass');
    expect(statuses.slice(0, firstPass).every((s) => s === 'fail' || s === 'warn')).toBe(true);
    expect(statuses.slice(firstPass).every((s) => s === 'pass' || s === 'skip')).toBe(true);
    // Passes are one line each, their detail folded away.
    for (const i of items.slice(firstPass)) expect(i.querySelector('details')!.open).toBe(false);
    // The APN fix once, on the first check that needs it; the others point at it.
    const labels = within(checks).getAllByRole('button').map((b) => b.textContent);
    expect(new Set(labels).size).toBe(labels.length);
    expect(items.find((i) => i.dataset['check'] === 'apn.rndis-context')!.textContent).toMatch(/Fixed by “.*APN.*” above\./);
    await fireEvent.click(screen.getByRole('button', { name: /^Fix all \(\d\)$/ }));
    await screen.findByRole('list', { name: 'Fix all progress' }, T);
    await waitFor(() => expect(screen.getByTestId('verdict').textContent).toMatch(/^All checks passed|^\d check/), { timeout: 30_000 });
    await waitFor(() => expect(document.querySelector('[data-check="apn.set"] .badge')!.textContent).toBe('pass'), { timeout: 30_000 });
    expect(document.querySelector('[data-check="host.route"] .badge')!.textContent).toBe('pass');
    // The outcome has the focus, at the top.
    await waitFor(() => expect(document.activeElement).toBe(document.querySelector('.doctor-top')), T);
  }, 40_000);
});

describe('AT console', () => {
  it('shows the time an answer took rounded for people', async () => {
    demo = await demoApp('good');
    render(ConsoleScreen, { props: { app: demo.app } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'AT command' }), { target: { value: 'AT' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const final = await within(screen.getByRole('list', { name: 'AT log' })).findByText(/^OK \(/, {}, T);
    expect(final.textContent).toMatch(/^OK {2}\((\d\.\d ms|\d+ ms|\d+(\.\d)? s)\)$/);
  });
});
