// Modem screen: live detection, the empty state and the port-held-by-ModemManager state with its fix.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import ModemScreen from '../../../src-renderer/src/screens/ModemScreen.svelte';
import { demoApp, type DemoApp } from './demo-app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  demo = undefined;
});

describe('Modem screen', () => {
  it('shows the detected modem with model, firmware, IMEI, mode, drivers, AT port and interface', async () => {
    demo = await demoApp('seed');
    render(ModemScreen, { props: { app: demo.app } });
    const card = await screen.findByRole('article', { name: /SIMCOM_SIM7600G-H/ }, { timeout: 5000 });
    expect(card.textContent).toContain('LE20B04SIM7600G22');
    expect(card.textContent).toContain('862636051234563');
    expect(card.textContent).toContain('1e0e:9011 (RNDIS)');
    expect(card.textContent).toContain('rndis_host, option');
    expect(card.textContent).toContain('/dev/ttyUSB2');
    expect(card.textContent).toContain('usb0');
  });

  it('goes to the empty state when the modem is unplugged and back when it returns, without reload', async () => {
    demo = await demoApp('good');
    render(ModemScreen, { props: { app: demo.app } });
    await screen.findByRole('article', { name: /SIM7600/ }, { timeout: 5000 });
    demo.env.twin.unplug();
    expect(await screen.findByText('No modem found — plug it in, or try the demo modem', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
    demo.env.twin.plug();
    expect(await screen.findByRole('article', { name: /SIM7600/ }, { timeout: 5000 })).toBeTruthy();
  });

  it('explains a port held by ModemManager and frees it with its fix button', async () => {
    demo = await demoApp('good');
    render(ModemScreen, { props: { app: demo.app } });
    await screen.findByRole('article', { name: /SIM7600/ }, { timeout: 5000 });
    demo.env.usb.setHolders([{ pid: 612, command: 'ModemManager' }]);
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toContain('held by ModemManager');
    await fireEvent.click(screen.getByRole('button', { name: 'Free the port' }));
    expect(await screen.findByText('Fixed.', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
