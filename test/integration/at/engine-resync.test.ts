// Resynchronisation after a timeout or an in-flight cancel (src-main/core/at/README.md
// "Resynchronisation"): the late answer of a command the engine gave up on must never end the
// next command. Real serialport on a real PTY; the responder is busy while a delayed answer is
// pending, like a SIM7600 working on AT+COPS=? or AT+CFUN.
import { afterEach, describe, expect, it } from 'vitest';
import type { AtError } from '../../../src-main/core/at/errors.js';
import type { AtEngine, AtEngineOptions } from '../../../src-main/core/at/engine.js';
import type { Urc } from '../../../src-main/core/at/engine-api.js';
import type { ReplyTable } from '../../helpers/at-responder.js';
import { engineOnResponder } from '../../helpers/at-engine-fixture.js';

const LATE_MS = 250;
const TIMEOUT_MS = 60;

// Answers as the SIM7600G-H printed them (transcripts T-9, T-13); the slow ones come late.
const SIM7600: ReplyTable = {
  AT: ['OK'],
  'AT+CSQ': ['+CSQ: 31,99', 'OK'],
  'AT+CREG?': ['+CREG: 0,1', 'OK'],
  'AT+CPIN?': ['+CPIN: READY', 'OK'],
  'AT+COPS=?': { lines: ['+COPS: (2,"CHINA MOBILE","CMCC","46000",7),,(0,1,2,3,4),(0,1,2)', 'OK'], delayMs: LATE_MS },
  'AT+CFUN=1': { lines: ['+CME ERROR: 100'], delayMs: LATE_MS },
  'AT+SILENT': 'silent',
};

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(table: ReplyTable = SIM7600, engine: AtEngineOptions = {}) {
  const fx = await engineOnResponder(table, { engine });
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once the engine has read `text` as a line `count` times (counted from the call), and
 * has handled the last one. Waiting for what the test needs to have arrived, not for a time:
 * on a loaded machine a late answer can take longer than its nominal delay to come through.
 */
function engineReads(engine: AtEngine, text: string, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = engine.onTrace((e) => {
      if (e.dir !== 'rx' || e.text !== text || ++seen < count) return;
      off();
      resolve(); // continuations run after the engine finished with this line
    });
  });
}

describe('AtEngine resynchronisation over a real PTY', () => {
  it('gives the next command its own answer when a timed-out command is answered late (stale OK)', async () => {
    const { engine, responder } = await setup();
    const urcs: Urc[] = [];
    engine.onUrc((u) => urcs.push(u));
    const t0 = performance.now();
    const err = await rejection(engine.send('AT+COPS=?', { timeoutMs: TIMEOUT_MS }));
    expect(err.code).toBe('timeout');
    // Sent right away; the COPS answer lands while it waits.
    const r = await engine.send('AT+CSQ');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(LATE_MS - 5);
    expect(r.lines).toEqual(['+CSQ: 31,99']);
    expect(r.final.kind).toBe('ok');
    // The stale +COPS payload went nowhere: not into AT+CSQ, not out as a URC.
    expect(urcs).toEqual([]);
    expect(responder.received).toEqual(['AT+COPS=?', 'AT', 'AT+CSQ']);
    // And the line stays in step.
    expect((await engine.send('AT+CREG?')).lines).toEqual(['+CREG: 0,1']);
    expect(responder.received).toEqual(['AT+COPS=?', 'AT', 'AT+CSQ', 'AT+CREG?']);
  });

  it('does not fail the next command with the stale +CME ERROR of a timed-out command', async () => {
    const { engine } = await setup();
    expect((await rejection(engine.send('AT+CFUN=1', { timeoutMs: TIMEOUT_MS }))).code).toBe('timeout');
    const r = await engine.send('AT+CREG?');
    expect(r.final.kind).toBe('ok');
    expect(r.lines).toEqual(['+CREG: 0,1']);
    expect((await engine.send('AT+CPIN?')).lines).toEqual(['+CPIN: READY']);
  });

  it('does not let the late ERROR of a cancelled command end the next one', async () => {
    const { engine, responder } = await setup();
    const ac = new AbortController();
    const cfun = engine.send('AT+CFUN=1', { signal: ac.signal });
    const next = engine.send('AT+CSQ');
    await sleep(20);
    ac.abort();
    expect((await rejection(cfun)).code).toBe('cancelled');
    const r = await next;
    expect(r.lines).toEqual(['+CSQ: 31,99']);
    expect(responder.received).toEqual(['AT+CFUN=1', 'AT', 'AT+CSQ']);
  });

  it('delivers URCs as events while it resynchronises, and drops only the stale payload', async () => {
    const late = '\r\n+COPS: (2,"CHINA MOBILE","CMCC","46000",7)\r\n\r\n+CMTI: "SM",4\r\n\r\nOK\r\n';
    // Busy long enough that the injection surely comes first, with a probe timeout well past it.
    const { engine, responder } = await setup({ ...SIM7600, 'AT+COPS=?': { lines: [], raw: late, delayMs: 700 } }, { resyncTimeoutMs: 3000 });
    const urcs: string[] = [];
    engine.onUrc((u) => urcs.push(u.line));
    await rejection(engine.send('AT+COPS=?', { timeoutMs: TIMEOUT_MS }));
    const next = engine.send('AT+CPIN?');
    await sleep(40);
    responder.inject('\r\n+CREG: 1\r\n\r\nRDY\r\n'); // while the modem is still busy with COPS
    expect((await next).lines).toEqual(['+CPIN: READY']);
    expect(urcs).toEqual(['+CREG: 1', 'RDY', '+CMTI: "SM",4']);
  });

  it('with echo off (ATE0) tells the stale OK from the probe OK by counting and the settle window', async () => {
    // A settle window far longer than the margin below: sitting it out cannot pass for counting.
    const { engine, responder } = await engineOnResponder(SIM7600, { echo: false, engine: { resyncSettleMs: 1000 } });
    cleanups.push(async () => {
      await engine.close().catch(() => {});
      await responder.close();
    });
    await rejection(engine.send('AT+COPS=?', { timeoutMs: TIMEOUT_MS }));
    const t0 = performance.now();
    const r = await engine.send('AT+CSQ');
    expect(r.lines).toEqual(['+CSQ: 31,99']);
    // Both finals (COPS's late OK, then the probe's) arrived: no need to sit out the settle window.
    expect(performance.now() - t0).toBeLessThan(LATE_MS + 600);
    expect(responder.received).toEqual(['AT+COPS=?', 'AT', 'AT+CSQ']);
  });

  it('settles after a command that is never answered, then goes on', async () => {
    const settleMs = 40;
    // The probe timeout stands far off, so the upper bound below tells settling from timing out.
    const { engine, responder } = await setup(SIM7600, { resyncSettleMs: settleMs, resyncTimeoutMs: 5000 });
    expect((await rejection(engine.send('AT+SILENT', { timeoutMs: TIMEOUT_MS }))).code).toBe('timeout');
    const t0 = performance.now();
    const r = await engine.send('AT+CSQ');
    const waited = performance.now() - t0;
    expect(r.lines).toEqual(['+CSQ: 31,99']);
    expect(waited).toBeGreaterThanOrEqual(settleMs - 5);
    expect(waited).toBeLessThan(settleMs + 2000);
    expect(responder.received).toEqual(['AT+SILENT', 'AT', 'AT+CSQ']);
  });

  it('consumes a late answer that arrives while idle and then needs no probe', async () => {
    const { engine, responder } = await setup();
    const lateOk = engineReads(engine, 'OK');
    await rejection(engine.send('AT+COPS=?', { timeoutMs: TIMEOUT_MS }));
    await lateOk; // the late answer arrived with nothing in flight
    expect((await engine.send('AT+CSQ')).lines).toEqual(['+CSQ: 31,99']);
    expect(responder.received).toEqual(['AT+COPS=?', 'AT+CSQ']);
  });

  it('rejects the next command unsent when the modem stays busy past the probe timeout, then recovers', async () => {
    // Busy for a second: far past COPS's timeout plus the 80 ms probe timeout, even when timers fire late.
    const busyMs = 1000;
    const { engine, responder } = await setup({ ...SIM7600, 'AT+COPS=?': { lines: ['+COPS: (2,"CHINA MOBILE","CMCC","46000",7),,(0,1,2,3,4),(0,1,2)', 'OK'], delayMs: busyMs } }, { resyncTimeoutMs: 80 });
    const bothFinals = engineReads(engine, 'OK', 2);
    await rejection(engine.send('AT+COPS=?', { timeoutMs: TIMEOUT_MS }));
    const err = await rejection(engine.send('AT+CSQ'));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/AT\+CSQ: not sent: the modem did not answer AT within 80 ms after AT\+COPS=\? was given up/);
    // COPS and then the probe are answered while idle: both finals are accounted for.
    await bothFinals;
    expect((await engine.send('AT+CREG?')).lines).toEqual(['+CREG: 0,1']);
    expect(responder.received).toEqual(['AT+COPS=?', 'AT', 'AT+CREG?']);
  });

  it('stays in step over 200 alternating timeouts (late OK, late ERROR, silent, cancelled) and normal commands', async () => {
    const slowMs = 70;
    const table: ReplyTable = {
      AT: ['OK'],
      '*': (line) => {
        const m = /^AT\+(N|LATEOK|LATEERR|SILENT)=(\d+)$/.exec(line);
        if (!m) return ['ERROR'];
        const [, kind, n] = m;
        if (kind === 'N') return [`+N: ${n}`, 'OK'];
        if (kind === 'LATEOK') return { lines: [`+N: ${n}`, 'OK'], delayMs: slowMs };
        if (kind === 'LATEERR') return { lines: ['+CME ERROR: 100'], delayMs: slowMs };
        return 'silent';
      },
    };
    const { engine, responder } = await setup(table, { resyncSettleMs: 30 });
    const urcs: string[] = [];
    engine.onUrc((u) => urcs.push(u.line));
    const codes: string[] = [];
    for (let i = 0; i < 200; i += 2) {
      const stale = ['LATEOK', 'LATEERR', 'SILENT', 'CANCEL'][(i / 2) % 4] as string;
      if (stale === 'CANCEL') {
        const ac = new AbortController();
        const p = engine.send(`AT+LATEOK=${i}`, { signal: ac.signal });
        setTimeout(() => ac.abort(), 5);
        codes.push((await rejection(p)).code);
      } else {
        codes.push((await rejection(engine.send(`AT+${stale}=${i}`, { timeoutMs: 25 }))).code);
      }
      // A stale `+N: i` / OK / ERROR must never end this one: it gets its own number.
      const r = await engine.send(`AT+N=${i + 1}`);
      expect(r.lines).toEqual([`+N: ${i + 1}`]);
    }
    expect(codes.filter((c) => c === 'timeout')).toHaveLength(75);
    expect(codes.filter((c) => c === 'cancelled')).toHaveLength(25);
    expect(urcs).toEqual([]);
    const normal = responder.received.filter((l) => l.startsWith('AT+N='));
    expect(normal).toEqual(Array.from({ length: 100 }, (_, k) => `AT+N=${2 * k + 1}`));
  });
});
