// The AT engine and typed facade against the simulated SIM7600G-H (src-main/twin) on a real PTY,
// through the real serialport binding: the same path a user's `simhat at` takes.
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { AtError } from '../../../src-main/core/at/errors.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import type { Urc } from '../../../src-main/core/at/engine-api.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { Twin, TEST_TIMINGS, type TwinOptions } from '../../../src-main/twin/twin.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function onTwin(options: TwinOptions) {
  const twin = new Twin({ timings: TEST_TIMINGS, ...options });
  const binding = await TwinPtyBinding.attach(twin);
  const engine = new AtEngine(openSerialTransport(binding.link));
  cleanups.push(async () => {
    await engine.close().catch(() => {});
    await binding.close();
    twin.dispose();
  });
  await engine.open();
  return { twin, binding, engine, modem: new ModemAt(engine) };
}

describe('AtEngine + ModemAt against the twin on a PTY', () => {
  it('reads the seed situation: 9011, registered, empty APN in cid 1 and no cid 6', async () => {
    const { modem } = await onTwin({ scenario: 'seed', start: 'ready' });
    expect(await modem.model()).toBe('SIMCOM_SIM7600G-H');
    expect((await modem.info()).model).toBe('SIMCOM_SIM7600G-H');
    expect(await modem.imei()).toMatch(/^\d{15}$/);
    expect(await modem.pinStatus()).toBe('READY');
    expect(await modem.usbPid()).toBe(0x9011);
    expect((await modem.registration('cereg')).registered).toBe(true);
    const contexts = await modem.contexts();
    expect(contexts.find((c) => c.cid === 1)?.apn).toBe('');
    expect(contexts.find((c) => c.cid === 6)).toBeUndefined();
    expect((await modem.signal()).dbm).toBeLessThan(0);
  });

  it('answers 1,000 commands in a row', async () => {
    const { engine, twin } = await onTwin({ scenario: 'good', start: 'ready' });
    const before = twin.receivedCommands.length;
    for (let i = 0; i < 1000; i++) {
      const r = await engine.send(i % 2 === 0 ? 'AT' : 'AT+CSQ');
      expect(r.final.kind).toBe('ok');
      if (i % 2 === 1) expect(r.lines[0]).toMatch(/^\+CSQ: \d+,\d+$/);
    }
    expect(twin.receivedCommands.length - before).toBe(1000);
  });

  it('delivers a URC the twin injects while a command is in flight, outside the response', async () => {
    const { engine, twin } = await onTwin({ scenario: 'good', start: 'ready' });
    const urcs: Urc[] = [];
    engine.onUrc((u) => urcs.push(u));
    const gotUrc = new Promise<void>((resolve) => engine.onUrc((u) => u.kind === '+CMTI' && resolve()));
    twin.once('command', () => twin.injectUrc('+CMTI: "SM",4'));
    const r = await engine.send('AT+CGDCONT?');
    await gotUrc;
    expect(r.lines.every((l) => l.startsWith('+CGDCONT:'))).toBe(true);
    expect(urcs.map((u) => u.line)).toContain('+CMTI: "SM",4');
  });

  it('maps SIM busy right after boot to a retry hint', async () => {
    const { modem } = await onTwin({ scenario: 'seed', start: 'boot', timings: { ...TEST_TIMINGS, simBusyMs: 5000 } });
    const err = await modem.pinStatus().then(
      () => undefined,
      (e: unknown) => e as AtError,
    );
    expect(err).toBeInstanceOf(AtError);
    expect(err?.final).toMatchObject({ kind: 'cme-error', code: 14 });
    expect(err?.hint).toMatch(/retry/);
  });

  it('survives a USB PID switch: queued commands fail with port-closed, the engine reopens the new port', async () => {
    const { engine, modem, binding } = await onTwin({ scenario: 'fresh', start: 'ready' });
    expect(await modem.usbPid()).toBe(0x9001);
    const closed = new Promise<Error | undefined>((resolve) => engine.onClose(resolve));
    const reopened = new Promise<void>((resolve) => binding.once('port-open', () => resolve()));
    await modem.setUsbPid(0x9011); // OK, then the module resets and the port vanishes
    const queued = [engine.send('AT+CSQ', { timeoutMs: 2000 }), engine.send('AT', { timeoutMs: 2000 })].map((p) =>
      p.then(
        () => 'resolved',
        (e: AtError) => e.code,
      ),
    );
    expect(await closed).toBeInstanceOf(Error);
    const codes = await Promise.all(queued);
    // The twin stays silent between its OK and dropping off the bus, so both were still pending.
    expect(codes).toEqual(['port-closed', 'port-closed']);
    await reopened;
    await engine.open();
    expect(await modem.usbPid()).toBe(0x9011);
  });
});
