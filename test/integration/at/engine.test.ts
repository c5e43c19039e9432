// The AT engine through the real `serialport` binding on a real PTY, against a table-driven responder.
import { afterEach, describe, expect, it } from 'vitest';
import { AtError } from '../../../src-main/core/at/errors.js';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import type { TraceEntry, Urc } from '../../../src-main/core/at/engine-api.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { AtResponder, type ReplyTable } from '../../helpers/at-responder.js';
import { engineOnResponder, uniqueLink } from '../../helpers/at-engine-fixture.js';

// Answers as the SIM7600G-H printed them (transcripts T-9, T-13).
const SIM7600: ReplyTable = {
  AT: ['OK'],
  ATE0: ['OK'],
  'AT+CSQ': ['+CSQ: 31,99', 'OK'],
  'AT+CREG?': ['+CREG: 0,1', 'OK'],
  'AT+CPIN?': ['+CPIN: READY', 'OK'],
  'AT+CGDCONT?': ['+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0', 'OK'],
  'AT+NETOPEN': ['OK', '+NETOPEN: 0'],
  'AT+SILENT': 'silent',
  'AT+CME': ['+CME ERROR: 10'],
};

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(table: ReplyTable = SIM7600, options: Parameters<typeof engineOnResponder>[1] = {}) {
  const fx = await engineOnResponder(table, options);
  cleanups.push(fx.cleanup);
  return fx;
}

function rejection(p: Promise<unknown>): Promise<AtError> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err as AtError,
  );
}

describe('AtEngine over a real PTY', () => {
  it('runs 1,000 commands in a row, each answered correctly, echo on', async () => {
    const { engine, responder } = await setup();
    const commands = ['AT', 'AT+CSQ', 'AT+CREG?', 'AT+CGDCONT?'];
    for (let i = 0; i < 1000; i++) {
      const cmd = commands[i % commands.length] as string;
      const r = await engine.send(cmd);
      expect(r.final.kind).toBe('ok');
      expect(r.command).toBe(cmd);
      if (cmd === 'AT+CSQ') expect(r.lines).toEqual(['+CSQ: 31,99']);
      if (cmd === 'AT+CGDCONT?') expect(r.lines).toHaveLength(2);
      if (cmd === 'AT') expect(r.lines).toEqual([]);
    }
    expect(responder.received).toHaveLength(1000);
  });

  it('queues concurrent sends and answers them in order, one in flight', async () => {
    const { engine, responder } = await setup({ ...SIM7600, 'AT+CSQ': { lines: ['+CSQ: 31,99', 'OK'], delayMs: 30 } });
    const results = await Promise.all([engine.send('AT+CSQ'), engine.send('AT+CREG?'), engine.send('AT')]);
    expect(results.map((r) => r.lines)).toEqual([['+CSQ: 31,99'], ['+CREG: 0,1'], []]);
    // The second command was only written after the first one's OK arrived.
    expect(responder.rawReceived).toBe('AT+CSQ\rAT+CREG?\rAT\r');
  });

  it('delivers URCs injected mid-command as events and keeps them out of the response', async () => {
    const raw =
      '\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n' +
      '\r\n+CMTI: "SM",4\r\n' + // T-9 new SMS
      '\r\n+CPIN: READY\r\n' + // outside a CPIN query
      '\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\r\n' +
      '\r\nUNDER-VOLTAGE WARNNING\r\n' +
      '\r\n+CSQ: 20,99\r\n' + // AUTOCSQ report
      '\r\n+CREG: 1\r\n' +
      '\r\nOK\r\n';
    const { engine } = await setup({ ...SIM7600, 'AT+CGDCONT?': { lines: [], raw } });
    const urcs: Urc[] = [];
    engine.onUrc((u) => urcs.push(u));
    const r = await engine.send('AT+CGDCONT?');
    expect(r.lines).toEqual(['+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0']);
    expect(urcs.map((u) => u.kind)).toEqual(['+CMTI', '+CPIN', 'UNDER-VOLTAGE WARNNING', '+CSQ', '+CREG']);
    expect(urcs[0]?.line).toBe('+CMTI: "SM",4');
  });

  it('delivers URCs injected by the far side while a command waits for its answer', async () => {
    const { engine, responder } = await setup({ ...SIM7600, 'AT+CSQ': { lines: ['+CSQ: 31,99', 'OK'], delayMs: 80 } });
    const urcs: string[] = [];
    engine.onUrc((u) => urcs.push(u.line));
    const pending = engine.send('AT+CSQ');
    await new Promise((r) => setTimeout(r, 20));
    responder.inject('\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n'); // T-9/T-32 boot URCs
    const r = await pending;
    expect(r.lines).toEqual(['+CSQ: 31,99']);
    expect(urcs).toEqual(['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE']);
  });

  it('treats +NETOPEN: 0 after OK as a URC (T-13) and idle lines as URCs', async () => {
    const { engine } = await setup();
    const urcs: string[] = [];
    const gotUrc = new Promise<void>((resolve) =>
      engine.onUrc((u) => {
        urcs.push(u.kind);
        if (u.kind === '+NETOPEN') resolve();
      }),
    );
    const r = await engine.send('AT+NETOPEN');
    expect(r.lines).toEqual([]);
    await gotUrc;
    expect(urcs).toEqual(['+NETOPEN']);
  });

  it('times out a command that gets no answer, then keeps working', async () => {
    const { engine } = await setup();
    const t0 = performance.now();
    const err = await rejection(engine.send('AT+SILENT', { timeoutMs: 150 }));
    const elapsed = performance.now() - t0;
    expect(err).toBeInstanceOf(AtError);
    expect(err.code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(1000);
    expect((await engine.send('AT+CSQ')).lines).toEqual(['+CSQ: 31,99']);
  });

  it('rejects ERROR and +CME ERROR with the final result and a hint, or resolves with allowError', async () => {
    const { engine } = await setup();
    const err = await rejection(engine.send('AT+CME'));
    expect(err.code).toBe('command-failed');
    expect(err.final).toMatchObject({ kind: 'cme-error', code: 10, text: 'SIM not inserted' });
    expect(err.hint).toMatch(/Insert a SIM/);
    const unknown = await rejection(engine.send('AT+NOPE'));
    expect(unknown.final?.kind).toBe('error');
    const r = await engine.send('AT+CME', { allowError: true });
    expect(r.final.kind).toBe('cme-error');
  });

  it('cancels a queued command without writing it, and drains a cancelled in-flight command', async () => {
    const { engine, responder } = await setup({ ...SIM7600, 'AT+CSQ': { lines: ['+CSQ: 31,99', 'OK'], delayMs: 100 } });
    const inFlight = new AbortController();
    const queued = new AbortController();
    const a = engine.send('AT+CSQ', { signal: inFlight.signal });
    const b = engine.send('AT+CREG?', { signal: queued.signal });
    const c = engine.send('AT+CPIN?');
    queued.abort();
    inFlight.abort();
    expect((await rejection(a)).code).toBe('cancelled');
    expect((await rejection(b)).code).toBe('cancelled');
    // The late CSQ answer must not end AT+CPIN? (a resync `AT` goes first: engine-resync.test.ts).
    expect((await c).lines).toEqual(['+CPIN: READY']);
    expect(responder.received).toEqual(['AT+CSQ', 'AT', 'AT+CPIN?']);
    const pre = new AbortController();
    pre.abort();
    expect((await rejection(engine.send('AT', { signal: pre.signal }))).code).toBe('cancelled');
  });

  it('works with echo off (ATE0) as well', async () => {
    const { engine } = await setup(SIM7600, { echo: false });
    expect((await engine.send('AT+CSQ')).lines).toEqual(['+CSQ: 31,99']);
  });

  it('traces every line written and read', async () => {
    const { engine } = await setup();
    const trace: TraceEntry[] = [];
    engine.onTrace((e) => trace.push(e));
    await engine.send('AT+CSQ');
    expect(trace.map((t) => [t.dir, t.text])).toEqual([
      ['tx', 'AT+CSQ'],
      ['rx', 'AT+CSQ'],
      ['rx', '+CSQ: 31,99'],
      ['rx', 'OK'],
    ]);
  });

  it('refuses a command line with CR/LF before writing anything', async () => {
    const { engine, responder } = await setup();
    const err = await rejection(engine.send('AT+CSQ\rAT+CFUN=0'));
    expect(err.code).toBe('invalid-argument');
    await engine.send('AT');
    expect(responder.rawReceived).toBe('AT\r');
  });

  it('rejects every pending and queued command within 100 ms when the port vanishes, then opens again', async () => {
    const link = uniqueLink('vanish');
    const first = await AtResponder.start(SIM7600, { link });
    const engine = new AtEngine(openSerialTransport(link));
    cleanups.push(async () => {
      await engine.close().catch(() => {});
    });
    await engine.open();
    expect((await engine.send('AT')).final.kind).toBe('ok');

    const closed = new Promise<Error | undefined>((resolve) => engine.onClose(resolve));
    const pending = ['AT+SILENT', 'AT+CSQ', 'AT+CREG?', 'AT'].map((c) => {
      const t = engine.send(c);
      return t.then(
        () => ({ ok: true as const, at: performance.now(), err: undefined }),
        (err: AtError) => ({ ok: false as const, at: performance.now(), err }),
      );
    });
    await new Promise((r) => setTimeout(r, 20)); // AT+SILENT is in flight, the rest queued
    const t0 = performance.now();
    await first.close(); // socat exits: the PTY disappears like a USB unplug
    const results = await Promise.all(pending);
    expect(results.every((r) => !r.ok && r.err?.code === 'port-closed')).toBe(true);
    expect(Math.max(...results.map((r) => r.at)) - t0).toBeLessThan(100);
    expect(await closed).toBeInstanceOf(Error);
    expect(engine.isOpen).toBe(false);
    expect((await rejection(engine.send('AT'))).code).toBe('port-closed');

    // The modem comes back (new PTY, same stable path): the same engine opens again.
    const second = await AtResponder.start(SIM7600, { link });
    cleanups.push(() => second.close());
    await engine.open();
    expect((await engine.send('AT+CSQ')).lines).toEqual(['+CSQ: 31,99']);
  });

  it('rejects queued commands with port-closed when the engine is closed', async () => {
    const { engine } = await setup();
    const a = rejection(engine.send('AT+SILENT'));
    const b = rejection(engine.send('AT'));
    await engine.close();
    expect((await a).code).toBe('port-closed');
    expect((await b).code).toBe('port-closed');
  });
});
