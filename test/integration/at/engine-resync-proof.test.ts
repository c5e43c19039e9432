// Issue 15 item 3, as attacks on a real PTY: the resynchronisation after a timeout must never
// attribute an answer to the wrong command, whatever the modem does with its answers (slow, late,
// duplicated, interleaved with URCs and chatter), and the wait for it is bounded.
// (The plain cases are in engine-resync.test.ts; the rules in src-main/core/at/README.md.)
import { afterEach, describe, expect, it } from 'vitest';
import type { AtError } from '../../../src-main/core/at/errors.js';
import type { AtEngineOptions } from '../../../src-main/core/at/engine.js';
import type { ReplyTable } from '../../helpers/at-responder.js';
import { engineOnResponder } from '../../helpers/at-engine-fixture.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(table: ReplyTable, engine: AtEngineOptions = {}, echo = true) {
  const fx = await engineOnResponder(table, { engine, echo });
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

/** `AT+N=<k>` answers `+N: <k>`: any mix-up between commands shows as a wrong number. */
function numbered(extra: ReplyTable = {}): ReplyTable {
  return {
    ...extra,
    '*': (line) => {
      const m = /^AT\+N=(\d+)$/.exec(line);
      return m ? [`+N: ${m[1]}`, 'OK'] : ['ERROR'];
    },
  };
}

async function inStep(engine: { send: (c: string) => Promise<{ lines: string[] }> }, from: number, count: number): Promise<void> {
  for (let k = from; k < from + count; k++) expect((await engine.send(`AT+N=${k}`)).lines).toEqual([`+N: ${k}`]);
}

describe('resync with proof (issue 15 item 3)', () => {
  it('a slow answer to the second probe does not end the next command (the ["AT"] mix-up of issue 15)', async () => {
    // The given-up command is answered after 1.5 s, so the first probe times out; every probe then
    // takes 150 ms, longer than the old 100 ms settle window.
    const slowProbe = (line: string) => ({ lines: [line, 'OK'].filter(Boolean), delayMs: 150 });
    const { engine, responder } = await setup(
      numbered({ 'AT+SLOW': { lines: ['+SLOW: 1', 'OK'], delayMs: 1500 }, AT: slowProbe(''), 'AT+CGMI': slowProbe('SIMCOM INCORPORATED') }),
      { resyncTimeoutMs: 1000, resyncSettleMs: 100 },
    );
    expect((await rejection(engine.send('AT+SLOW', { timeoutMs: 50 }))).code).toBe('timeout');
    // First probe: the modem is busy with AT+SLOW, so AT+N=1 is refused unsent.
    const first = await rejection(engine.send('AT+N=1'));
    expect(first.message).toMatch(/AT\+N=1: not sent: the modem did not answer AT within 1000 ms after AT\+SLOW was given up/);
    // Second probe: a line no given-up command shares, so its echo proves the order.
    const r = await engine.send('AT+N=2', { timeoutMs: 3000 });
    expect(r.lines).toEqual(['+N: 2']);
    await inStep(engine, 3, 5);
    expect(responder.received.slice(0, 4)).toEqual(['AT+SLOW', 'AT', 'AT+CGMI', 'AT+N=2']);
  });

  it('with echo off: a late answer and a slow probe lead to a probe with echo on, then echo off again', async () => {
    const { engine, responder } = await setup(numbered({ 'AT+SLOW': { lines: ['OK'], delayMs: 300 }, AT: { lines: ['OK'], delayMs: 120 }, ATE0: ['OK'], ATE1: ['OK'], 'AT+CGMI': { lines: ['SIMCOM INCORPORATED', 'OK'], delayMs: 120 } }), { resyncTimeoutMs: 2000, resyncSettleMs: 60 }, false);
    await engine.send('ATE0');
    await rejection(engine.send('AT+SLOW', { timeoutMs: 40 }));
    // A never-answered command would keep the count short for good: here AT+SLOW answers late and AT slowly.
    const r = await engine.send('AT+N=1', { timeoutMs: 5000 });
    expect(r.lines).toEqual(['+N: 1']);
    await inStep(engine, 2, 3);
    // Whatever path the proof took, the modem is left with echo off as the user had set it.
    const sent = responder.received;
    if (sent.includes('ATE1')) expect(sent.lastIndexOf('ATE0')).toBeGreaterThan(sent.indexOf('ATE1'));
    expect(sent.filter((l) => l.startsWith('AT+N='))).toEqual(['AT+N=1', 'AT+N=2', 'AT+N=3', 'AT+N=4']);
  });

  it('with echo off and a command that is never answered, proves the line in step with a probe that switches echo on', async () => {
    const { engine, responder } = await setup(numbered({ 'AT+SILENT': 'silent', AT: ['OK'], ATE0: ['OK'], ATE1: ['OK'], 'AT+CGMI': ['SIMCOM INCORPORATED', 'OK'] }), { resyncSettleMs: 50 }, false);
    await engine.send('ATE0');
    await rejection(engine.send('AT+SILENT', { timeoutMs: 40 }));
    expect((await engine.send('AT+N=7')).lines).toEqual(['+N: 7']);
    // AT's OK alone proved nothing (AT+SILENT might still answer): ATE1 + a unique probe did, then ATE0 restored echo off.
    expect(responder.received).toEqual(['ATE0', 'AT+SILENT', 'AT', 'ATE1', 'AT+CGMI', 'ATE0', 'AT+N=7']);
    await inStep(engine, 8, 3);
  });

  it('a duplicated late answer does not end the next command', async () => {
    const dup = '\r\n+SLOW: 1\r\n\r\nOK\r\n\r\nOK\r\n';
    const { engine } = await setup(numbered({ 'AT+SLOW': { lines: [], raw: dup, delayMs: 200 } }), { resyncSettleMs: 40 });
    await rejection(engine.send('AT+SLOW', { timeoutMs: 40 }));
    expect((await engine.send('AT+N=1')).lines).toEqual(['+N: 1']);
    await inStep(engine, 2, 5);
  });

  it('URCs interleaved with the late answer and the probe reach the URC stream, none reaches a command', async () => {
    const late = '\r\n+COPS: (2,"Mint","Mint","310260",7)\r\n\r\n+CMTI: "SM",4\r\n\r\nOK\r\n';
    const { engine, responder } = await setup(numbered({ 'AT+COPS=?': { lines: [], raw: late, delayMs: 250 } }), { resyncSettleMs: 40 });
    const urcs: string[] = [];
    engine.onUrc((u) => urcs.push(u.line));
    await rejection(engine.send('AT+COPS=?', { timeoutMs: 40 }));
    const next = engine.send('AT+N=1');
    responder.inject('\r\nRING\r\n\r\n+CREG: 5\r\n');
    expect((await next).lines).toEqual(['+N: 1']);
    responder.inject('\r\n+CGEV: NW DETACH\r\n');
    await inStep(engine, 2, 3);
    expect(urcs).toEqual(expect.arrayContaining(['RING', '+CREG: 5', '+CMTI: "SM",4', '+CGEV: NW DETACH']));
    expect(urcs).toHaveLength(4);
  });

  it('a port printing non-URC lines every 20 ms cannot keep the next command pending (10 s+ in issue 15)', async () => {
    const { engine, responder } = await setup(numbered({ 'AT+SILENT': 'silent' }), { resyncTimeoutMs: 300, resyncSettleMs: 100 });
    await rejection(engine.send('AT+SILENT', { timeoutMs: 40 }));
    const chatter = setInterval(() => responder.inject('\r\nDEBUG: tick\r\n'), 20);
    try {
      const t0 = performance.now();
      // Chatter is neither an answer nor a final result: it neither proves nor delays anything.
      expect((await engine.send('AT+N=1', { timeoutMs: 1000 })).lines).toEqual(['+N: 1']);
      expect(performance.now() - t0).toBeLessThan(1000);
      await inStep(engine, 2, 3);
    } finally {
      clearInterval(chatter);
    }
  });

  it('a port printing non-URC lines and stray finals is bounded by the resync budget', async () => {
    const { engine, responder } = await setup(numbered({ 'AT+SILENT': 'silent', AT: 'silent', 'AT+CGMI': 'silent', 'AT+CGMM': 'silent', 'AT+CGMR': 'silent', ATE1: 'silent' }), { resyncTimeoutMs: 200, resyncSettleMs: 50, resyncBudgetMs: 800 });
    await rejection(engine.send('AT+SILENT', { timeoutMs: 40 }));
    const chatter = setInterval(() => responder.inject('\r\nnoise\r\n\r\nOK\r\n'), 30);
    try {
      const t0 = performance.now();
      const err = await rejection(engine.send('AT+N=1', { timeoutMs: 5000 }));
      expect(err.code).toBe('timeout');
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      clearInterval(chatter);
    }
  });
});
