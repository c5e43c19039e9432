// Home (issue 14): the state in words and the one next step for every twin scenario, the guided
// "Get online" flow ending Online (seed, fresh), the SIM PIN dialog on the locked SIM, Disconnect. The
// screens talk to the real service on the in-process twin, as in demo mode.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import HomeScreen from '../../../src-renderer/src/screens/HomeScreen.svelte';
import App from '../../../src-renderer/src/App.svelte';
import { demoApp, type DemoApp } from './demo-app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  demo = undefined;
});

const T = { timeout: 15_000 };

async function homeState(): Promise<{ title: string; action: string | null }> {
  const h1 = await screen.findByTestId('home-state', {}, T);
  await waitFor(() => expect(h1.textContent).not.toMatch(/…$/), T);
  const action = screen.queryByTestId('home-action');
  return { title: h1.textContent!.trim(), action: action?.textContent?.trim() ?? null };
}

describe('Home screen state per scenario', () => {
  it.each([
    ['seed', 'Offline: the APN is empty', 'Get online'],
    ['fresh', 'Offline: the modem is in QMI mode', 'Get online'],
    ['good', 'Offline: usb0 is not connected', 'Get online'],
    ['no-sim', 'Offline: no SIM card', 'Retry'],
    ['pin-locked', 'Offline: the SIM is locked', 'Enter SIM PIN'],
    ['no-signal', 'Offline: no signal', 'Retry'],
    ['denied', 'Offline: the network refused this SIM', 'Retry'],
  ])('%s: "%s" with "%s"', async (scenario, title, action) => {
    demo = await demoApp(scenario);
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    await waitFor(async () => expect(await homeState()).toEqual({ title, action }), T);
    // One primary button for the next step, and the modem details below.
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(document.querySelectorAll('button.primary')).toHaveLength(1);
    expect(await screen.findByRole('article', { name: /SIM7600/ }, T)).toBeTruthy();
  }, 20_000);
});

describe('Get online', () => {
  it.each(['seed', 'fresh'])('from %s ends Online with every step done, then Disconnect goes back offline', async (scenario) => {
    demo = await demoApp(scenario);
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    await waitFor(async () => expect((await homeState()).action).toBe('Get online'), T);
    await fireEvent.click(screen.getByTestId('home-action'));
    const result = await screen.findByTestId('flow-result', {}, { timeout: 20_000 });
    await waitFor(() => expect(result.textContent).toMatch(/^Online via LTE as backup/), T);
    // The result has the focus (issue 14: focus moved to the result).
    expect(document.activeElement).toBe(result);
    const steps = within(screen.getByRole('list', { name: 'Get online progress' })).getAllByRole('listitem');
    expect(steps.map((s) => s.className.split(' ').pop())).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(steps[2]!.textContent).toContain('internet.freedommobile.ca');
    await waitFor(() => expect(screen.getByTestId('home-state').textContent).toBe('Online via LTE as backup'), T);
    if (scenario === 'fresh') expect(demo.env.twin.receivedCommands).toContain('AT+CUSBPIDSWITCH=9011,1,1');

    await fireEvent.click(within(result).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(screen.getByTestId('home-state').textContent).toBe('Offline: usb0 is not connected'), T);
    await waitFor(() => expect(document.querySelector('.state-box')!.textContent).toContain('Disconnected: the modem’s interface is down.'), T);
  }, 40_000);

  it('pauses at the locked SIM, takes the PIN in the dialog (wrong one counted) and goes on to Online', async () => {
    demo = await demoApp('pin-locked');
    render(App, { props: { app: demo.app } });
    // Home's own primary is "Enter SIM PIN"; the flow reaches the same dialog.
    await waitFor(async () => expect((await homeState()).action).toBe('Enter SIM PIN'), T);
    demo.app.getOnlineRequested = true;
    const dialog = await screen.findByRole('dialog', { name: 'Enter the SIM PIN' }, T);
    await within(dialog).findByText('3 tries left.', {}, T);
    const input = within(dialog).getByLabelText('SIM PIN (4 to 8 digits)') as HTMLInputElement;
    expect(input.type).toBe('password');
    await waitFor(() => expect(document.activeElement).toBe(input), T);
    await fireEvent.input(input, { target: { value: '0000' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    await within(dialog).findByText('Wrong PIN: 2 tries left before the SIM asks for its PUK.', {}, T);
    await fireEvent.input(input, { target: { value: '1234' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    await within(dialog).findByText('PIN accepted: the SIM is unlocked.', {}, T);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), T);
    const result = await screen.findByTestId('flow-result', {}, { timeout: 20_000 });
    await waitFor(() => expect(result.textContent).toMatch(/^Online via LTE as backup/), T);
    // Never through the console: the PIN went out once per press, as AT+CPIN="…".
    expect(demo.env.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual(['AT+CPIN="0000"', 'AT+CPIN="1234"']);
  }, 40_000);

  it('stops at a SIM-less modem with the step named and "Try again"', async () => {
    demo = await demoApp('no-sim');
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    await waitFor(async () => expect((await homeState()).action).toBe('Retry'), T);
    demo.app.getOnlineRequested = true;
    const result = await screen.findByTestId('flow-result', {}, { timeout: 20_000 });
    expect(result.textContent).toContain('Stopped at: SIM card');
    expect(within(result).getByRole('button', { name: 'Try again' })).toBeTruthy();
    const sim = within(screen.getByRole('list', { name: 'Get online progress' })).getAllByRole('listitem')[1]!;
    expect(sim.className).toContain('failed');
    expect(sim.textContent).toContain('No SIM card');
  }, 30_000);
});

describe('route policy where you connect', () => {
  it('shows the saved policy (one source of truth with Settings) and saves a change there', async () => {
    demo = await demoApp('seed');
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    const backup = (await screen.findByRole('radio', { name: 'LTE as backup' }, T)) as HTMLInputElement;
    await waitFor(() => expect(backup.checked).toBe(true), T);
    await fireEvent.click(screen.getByRole('radio', { name: 'LTE as primary' }));
    await waitFor(async () => expect((await demo!.service.getSettings({})).policy).toBe('primary'), T);
  });
});

describe('while the modem restarts for a mode switch', () => {
  it('the Mode screen says it is restarting, never "No modem selected."', async () => {
    const { default: ModeScreen } = await import('../../../src-renderer/src/screens/ModeScreen.svelte');
    demo = await demoApp('fresh');
    render(ModeScreen, { props: { app: demo.app } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Switch to RNDIS' }, T));
    // The modem leaves the bus during the switch.
    await waitFor(() => expect(demo!.app.modems).toHaveLength(0), T);
    expect(screen.getByText('The modem is restarting in its new USB mode; this screen comes back when it answers again.')).toBeTruthy();
    expect(screen.queryByText(/No modem selected/)).toBeNull();
    await screen.findByText('Done.', {}, T);
    expect(screen.getByRole('button', { name: 'Get online' })).toBeTruthy();
  }, 30_000);
});
