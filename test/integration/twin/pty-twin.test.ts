// The twin on a real PTY (socat), opened by the real `serialport` package, like a user's program
// opens /dev/ttyUSB2: scenario answers, the USB PID switch (the port vanishes and a new one
// appears behind the stable link), the CFUN cycle and the SIM busy window.
import { once } from 'node:events';
import { lstat, readlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TwinPtyBinding, type PortInfo } from '../../../src-main/twin/pty-binding.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { SIM7600G_H_IDENTITY } from '../../../src-main/twin/state.js';
import { TEST_TIMINGS, Twin, type TwinOptions } from '../../../src-main/twin/twin.js';
import { SerialClient } from './serial-client.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function twinOnPty(options: TwinOptions): Promise<{ twin: Twin; binding: TwinPtyBinding }> {
  const twin = new Twin({ timings: TEST_TIMINGS, ...options });
  cleanups.push(() => twin.dispose());
  const binding = await TwinPtyBinding.attach(twin);
  cleanups.push(() => binding.close());
  return { twin, binding };
}

async function client(path: string): Promise<SerialClient> {
  const c = await SerialClient.open(path);
  cleanups.push(() => c.close());
  return c;
}

describe('twin on a PTY through serialport', () => {
  it('seed: answers ATI, AT+CGDCONT? and AT+CUSBPIDSWITCH? with the exact bytes', async () => {
    const { binding } = await twinOnPty({ scenario: 'seed', start: 'ready' });
    expect(await readlink(binding.link)).toBe(binding.port?.slavePath);
    const c = await client(binding.link);
    expect(await c.send('ATI')).toBe(
      'ATI\r\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: SIMCOM_SIM7600G-H\r\nRevision: SIM7600G_V2.0.2\r\n' +
        `IMEI: ${SIM7600G_H_IDENTITY.imei}\r\n+GCAP: +CGSM\r\n\r\nOK\r\n`,
    );
    expect(await c.send('AT+CGDCONT?')).toBe(
      'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 3,"IPV4V6","","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,1\r\n\r\nOK\r\n',
    );
    expect(await c.send('AT+CUSBPIDSWITCH?')).toBe('AT+CUSBPIDSWITCH?\r\r\n+CUSBPIDSWITCH: 9011\r\n\r\nOK\r\n');
    expect(await c.send('AT+CGPADDR=1')).toBe('AT+CGPADDR=1\r\r\n+CGPADDR: 1,0.0.0.0\r\n\r\nOK\r\n');
  });

  it('AT+CUSBPIDSWITCH=9011,1,1: OK, the port vanishes, the link then points at a new PTY that answers as 9011 with boot URCs', async () => {
    const { twin, binding } = await twinOnPty({
      scenario: 'fresh',
      start: 'ready',
      // RDY late enough that the reopened client is there to see it even on a loaded machine.
      timings: { ...TEST_TIMINGS, resetDelayMs: 300, bootUrcDelayMs: 1000, simBusyMs: 1100 },
    });
    const first = binding.port as PortInfo;
    expect(first.pid).toBe(9001);
    const c1 = await client(binding.link);
    const portClosed = once(binding, 'port-closed') as Promise<[{ slavePath: string; pid: number }]>;
    const reopened = once(binding, 'port-open') as Promise<[PortInfo]>;

    expect(await c1.send('AT+CUSBPIDSWITCH=9011,1,1')).toBe('AT+CUSBPIDSWITCH=9011,1,1\r\r\nOK\r\n');
    // The client sees its port go away, as when the USB device drops off the bus.
    const err = await c1.gone();
    expect(err).toBeInstanceOf(Error);
    expect((await portClosed)[0]).toEqual({ slavePath: first.slavePath, pid: 9001 });
    await expect(lstat(binding.link)).rejects.toMatchObject({ code: 'ENOENT' });

    const [info] = await reopened;
    expect(info.pid).toBe(9011);
    expect(twin.pid).toBe(9011);
    expect(await readlink(binding.link)).toBe(info.slavePath);
    const c2 = await client(binding.link);
    await c2.waitFor(/\r\nRDY\r\n\r\n\+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n/);
    expect(await c2.send('AT+CUSBPIDSWITCH?')).toContain('\r\n+CUSBPIDSWITCH: 9011\r\n\r\nOK\r\n');
    expect(twin.receivedCommands).toEqual(['AT+CUSBPIDSWITCH=9011,1,1', 'AT+CUSBPIDSWITCH?']);
  });

  it('AT+CFUN=0 / AT+CFUN=1 drops and restores registration and the data session', async () => {
    const { binding } = await twinOnPty({ scenario: 'good', start: 'ready' });
    const c = await client(binding.link);
    expect(await c.send('AT+CGPADDR=1')).toContain('+CGPADDR: 1,10.23.156.36\r\n');
    expect(await c.send('AT+CFUN=0')).toBe('AT+CFUN=0\r\r\nOK\r\n');
    expect(await c.send('AT+CREG?;+CGATT?;+CGPADDR=1')).toBe(
      'AT+CREG?;+CGATT?;+CGPADDR=1\r\r\n+CREG: 0,0\r\n+CGATT: 0\r\n+CGPADDR: 1,0.0.0.0\r\n\r\nOK\r\n',
    );
    expect(await c.send('AT+CFUN=1')).toBe('AT+CFUN=1\r\r\nOK\r\n');
    const deadline = Date.now() + 2000;
    while (!(await c.send('AT+CREG?')).includes('+CREG: 0,1')) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await c.send('AT+CGPADDR=1;+COPS?')).toContain(`+CGPADDR: 1,10.23.156.36\r\n+COPS: 0,0,"${HOME_NETWORK.operatorName}",7\r\n`);
  });

  it('right after power-up: AT+CPIN? says SIM busy, then +CPIN: READY arrives and AT+CPIN? is READY', async () => {
    const { binding } = await twinOnPty({
      scenario: 'seed',
      timings: { ...TEST_TIMINGS, bootUrcDelayMs: 600, simBusyMs: 900 },
    });
    const c = await client(binding.link);
    expect(await c.send('AT+CPIN?')).toBe('AT+CPIN?\r\r\n+CME ERROR: SIM busy\r\n');
    await c.send('AT+CMEE=1');
    expect(await c.send('AT+CPIN?')).toBe('AT+CPIN?\r\r\n+CME ERROR: 14\r\n');
    await c.waitFor(/\r\nRDY\r\n[^]*\r\n\+CPIN: READY\r\n/);
    expect(await c.send('AT+CPIN?')).toBe('AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n');
  });

  it('close() removes the PTY, the link and the temp directory', async () => {
    const twin = new Twin({ scenario: 'seed', start: 'ready', timings: TEST_TIMINGS });
    cleanups.push(() => twin.dispose());
    const binding = await TwinPtyBinding.attach(twin);
    const c = await client(binding.link);
    expect(await c.send('AT')).toBe('AT\r\r\nOK\r\n');
    await binding.close();
    expect(await c.gone()).toBeInstanceOf(Error);
    await expect(lstat(binding.link)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(lstat(dirname(binding.link))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
