// Two behaviours of the real module, through the real serialport on the twin's PTY: the first
// AT+CPSI? after boot answers ERROR (sim7600.md §2) and ModemAt.servingCell retries it; +CGEV
// PDP URCs (27.007 §10.1.19) arrive as URCs, never inside a command's response.
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import type { Urc } from '../../../src-main/core/at/engine-api.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { readSimFacts } from '../../../src-main/service/apn-modem.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(start: 'boot' | 'ready'): Promise<{ twin: Twin; engine: AtEngine; modem: ModemAt }> {
  const twin = new Twin({ scenario: 'good', start, timings: TEST_TIMINGS });
  cleanups.push(() => twin.dispose());
  const binding = await TwinPtyBinding.attach(twin);
  cleanups.push(() => binding.close());
  const engine = new AtEngine(openSerialTransport(binding.link));
  await engine.open();
  cleanups.push(() => engine.close().catch(() => {}));
  return { twin, engine, modem: new ModemAt(engine) };
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('first AT+CPSI? after boot', () => {
  it('readSimFacts still reports the serving network: the ERROR is retried once after a short pause', async () => {
    const { twin, modem } = await rig('boot');
    await until(() => twin.snapshot().runtime.radio === 'camped' && !twin.snapshot().runtime.simBusy);
    const facts = await readSimFacts(modem);
    expect(facts.servingNetwork).toBe('302-490');
    const cpsi = twin.commandLog.filter((e) => e.line === 'AT+CPSI?');
    expect(cpsi.map((e) => e.final)).toEqual(['ERROR', 'OK']);
    expect(cpsi[1]!.at - cpsi[0]!.at).toBeGreaterThanOrEqual(250);
  });

  it('a cancelled retry pause rejects as cancelled, not as a wrong answer', async () => {
    const { twin, modem } = await rig('boot');
    await until(() => twin.snapshot().runtime.radio === 'camped' && !twin.snapshot().runtime.simBusy);
    const ac = new AbortController();
    const p = modem.servingCell({ signal: ac.signal });
    await until(() => twin.commandLog.some((e) => e.line === 'AT+CPSI?'));
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(twin.commandLog.filter((e) => e.line === 'AT+CPSI?')).toHaveLength(1);
  });
});

describe('+CGEV URCs on the twin over the real serialport', () => {
  it('CFUN=0 / CFUN=1 / CGACT raise +CGEV URCs, and no response contains one', async () => {
    const { twin, engine, modem } = await rig('ready');
    const urcs: Urc[] = [];
    engine.onUrc((u) => urcs.push(u));
    const responses: string[][] = [];
    const send = async (cmd: string) => responses.push((await engine.send(cmd)).lines);
    await send('AT+CFUN=0');
    await until(() => urcs.some((u) => u.line === '+CGEV: ME PDN DEACT 1'));
    await send('AT+CFUN=1');
    await until(() => urcs.some((u) => u.line === '+CGEV: ME PDN ACT 1'));
    await send('AT+CGACT=0,1');
    await send('AT+CGACT?');
    await until(() => urcs.filter((u) => u.line === '+CGEV: ME PDN DEACT 1').length === 2);
    await send('AT+CGACT=1,1');
    await until(() => urcs.filter((u) => u.line === '+CGEV: ME PDN ACT 1').length === 2);
    twin.update((s) => {
      s.network.coverage = 'none';
    });
    await until(() => urcs.some((u) => u.line === '+CGEV: NW DETACH'));
    expect(await modem.functionality()).toBe(1);
    expect(urcs.filter((u) => u.line.startsWith('+CGEV')).every((u) => u.kind === '+CGEV')).toBe(true);
    expect(responses.flat().filter((l) => l.includes('CGEV'))).toEqual([]);
    expect(responses).toContainEqual(['+CGACT: 1,0', '+CGACT: 2,0', '+CGACT: 3,0', '+CGACT: 6,1']);
  });
});
