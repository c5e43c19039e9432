// The AT engine (issue 2, H1) and its typed facade against the twin: over the real serialport
// transport on the twin's PTY, and over the in-process transport demo mode uses. Proves the two
// halves agree on formats and on the "port vanished" semantics of a PID switch.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { InProcessTransport } from '../../../src-main/twin/in-process-transport.js';
import { TwinPtyBinding, type PortInfo } from '../../../src-main/twin/pty-binding.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function twin(scenario: 'seed' | 'good'): Twin {
  const t = new Twin({ scenario, start: 'ready', timings: { ...TEST_TIMINGS, resetDelayMs: 200 } });
  cleanups.push(() => t.dispose());
  return t;
}

async function engineOn(transport: ConstructorParameters<typeof AtEngine>[0]): Promise<ModemAt> {
  const engine = new AtEngine(transport);
  await engine.open();
  cleanups.push(() => engine.close().catch(() => {}));
  return new ModemAt(engine);
}

describe('AtEngine + ModemAt on the twin', () => {
  it('reads the seed situation over the PTY: RNDIS, registered, empty APN in cid 1, no cid 6, no address', async () => {
    const t = twin('seed');
    const binding = await TwinPtyBinding.attach(t);
    cleanups.push(() => binding.close());
    const modem = await engineOn(openSerialTransport(binding.link));
    expect(await modem.model()).toBe('SIMCOM_SIM7600G-H');
    expect(await modem.usbPid()).toBe(0x9011);
    expect((await modem.registration('creg')).stat).toBe(1);
    expect(await modem.operator()).toMatchObject({ name: HOME_NETWORK.operatorName, act: 7 });
    const contexts = await modem.contexts();
    expect(contexts.map((c) => [c.cid, c.apn])).toEqual([
      [1, ''],
      [2, 'ims'],
      [3, ''],
    ]);
    expect((await modem.pdpAddresses()).find((a) => a.cid === 1)?.ipv4).toBeUndefined();
  });

  it('applies the fix (APN in cid 1 and 6, CFUN cycle) in process, then the data session is up', async () => {
    const t = twin('seed');
    const modem = await engineOn(new InProcessTransport(t));
    await modem.setContext(1, 'IP', HOME_NETWORK.apn);
    await modem.setContext(6, 'IP', HOME_NETWORK.apn);
    await modem.setAuth(1, 0, '', '');
    await modem.setFunctionality(0);
    await modem.setFunctionality(1);
    const deadline = Date.now() + 2000;
    while (!(await modem.pdpAddresses()).some((a) => a.cid === 1 && a.ipv4)) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(t.dataUp).toBe(true);
    expect(t.receivedCommands).toContain(`AT+CGDCONT=6,"IP","${HOME_NETWORK.apn}"`);
  });

  it('a PID switch closes the engine with an error; a new engine on the same link talks to the 9001 device', async () => {
    const t = twin('good');
    const binding = await TwinPtyBinding.attach(t);
    cleanups.push(() => binding.close());
    const modem = await engineOn(openSerialTransport(binding.link));
    const closed = new Promise<Error | undefined>((r) => modem.engine.onClose(r));
    const back = once(binding, 'port-open') as Promise<[PortInfo]>;
    await modem.setUsbPid(0x9001);
    expect(await closed).toBeInstanceOf(Error);
    const [info] = await back;
    expect(info.pid).toBe(9001);
    expect(t.usbProductId).toBe(0x9001);
    const again = await engineOn(openSerialTransport(binding.link));
    expect(await again.usbPid()).toBe(0x9001);
  });
});
