// The twin's faults (issue 11) on an in-process twin through its byte interface, real timers and
// TEST_TIMINGS: a dropped data session that only a radio cycle brings back, a hang only a power
// cycle ends, a registration loss that heals after N seconds, a reboot; and the data-session
// events the netns harness follows.
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';
import { parseFault, TwinFaults } from '../../../src-main/twin/faults.js';

const twins: Twin[] = [];
afterEach(() => {
  for (const t of twins.splice(0)) t.dispose();
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function harness() {
  const twin = new Twin({ scenario: 'good', timings: TEST_TIMINGS, start: 'ready' });
  twins.push(twin);
  const faults = new TwinFaults(twin);
  let out = '';
  const sessions: boolean[] = [];
  twin.on('output', (t) => (out += t));
  twin.on('data-session', (up) => sessions.push(up));
  const send = async (line: string, timeoutMs = 2000) => {
    const start = out.length;
    twin.input(`${line}\r`);
    await until(() => /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/.test(out.slice(start)), timeoutMs);
    return out.slice(start);
  };
  return { twin, faults, sessions, send, output: () => out };
}

describe('twin faults', () => {
  it('drop-data: +CGEV: NW PDN DEACT per cid, CGACT refused, back only after a radio cycle (CFUN=0, CFUN=1)', async () => {
    const { twin, faults, sessions, send, output } = harness();
    expect(twin.dataUp).toBe(true);
    faults.apply({ kind: 'drop-data' });
    expect(output()).toBe('\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+CGEV: NW PDN DEACT 6\r\n');
    expect(twin.dataUp).toBe(false);
    expect(sessions).toEqual([false]);
    expect(await send('AT+CGPADDR=1')).toContain('+CGPADDR: 1,0.0.0.0');
    expect(await send('AT+CGACT=1,1')).toContain('+CME ERROR: unspecified GPRS error');
    expect(faults.status()).toMatchObject({ dataSession: false, registration: 1, present: true, hung: false });
    await send('AT+CFUN=0');
    await send('AT+CFUN=1');
    await until(() => twin.dataUp);
    expect(sessions).toEqual([false, true]);
    expect(output()).toContain('+CGEV: ME PDN ACT 1');
  });

  it('hang: no echo, no answer, no data until a reboot (power cycle); then it boots and answers again', async () => {
    const { twin, faults, sessions, send, output } = harness();
    faults.apply({ kind: 'hang' });
    expect(twin.hung).toBe(true);
    expect(sessions).toEqual([false]);
    const before = output().length;
    twin.input('AT\r');
    await new Promise((r) => setTimeout(r, 300));
    expect(output().length).toBe(before);
    faults.apply({ kind: 'reboot' });
    expect(twin.present).toBe(false);
    await until(() => twin.present);
    expect(twin.hung).toBe(false);
    await until(() => output().includes('PB DONE'));
    expect(await send('AT')).toContain('OK');
    await until(() => twin.dataUp);
    expect(sessions).toEqual([false, true]);
  });

  it('lose-registration for 1 s: NW PDN DEACT and NW DETACH, +CEREG: 2 when reporting is on, then registered and data back by itself', async () => {
    const { twin, faults, sessions, send, output } = harness();
    await send('AT+CEREG=1');
    const t0 = Date.now();
    faults.apply({ kind: 'lose-registration', seconds: 1 });
    expect(faults.status()).toMatchObject({ registration: 2, dataSession: false });
    expect(faults.status().registrationLostUntil).toBeGreaterThanOrEqual(t0 + 1000);
    expect(output()).toContain('+CEREG: 2');
    expect(output()).toContain('+CGEV: NW PDN DEACT 1');
    expect(output()).toContain('+CGEV: NW DETACH');
    await until(() => twin.dataUp, 3000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(output()).toContain('+CEREG: 1');
    expect(sessions).toEqual([false, true]);
    expect(faults.status().registrationLostUntil).toBeUndefined();
  });

  it('reboot: the port vanishes (reset-start) and comes back (reappeared) with boot URCs and the data session', async () => {
    const { twin, faults, sessions, output } = harness();
    const events: string[] = [];
    twin.on('reset-start', (e) => events.push(`reset-start:${e.reason}`));
    twin.on('reappeared', () => events.push('reappeared'));
    faults.apply({ kind: 'reboot' });
    await until(() => twin.dataUp);
    expect(events).toEqual(['reset-start:power-cycle', 'reappeared']);
    expect(output()).toMatch(/RDY[\s\S]*\+CPIN: READY[\s\S]*PB DONE/);
    expect(sessions).toEqual([false, true]);
  });

  it.each([
    [{ fault: 'drop-data' }, { kind: 'drop-data' }],
    [{ fault: 'reboot' }, { kind: 'reboot' }],
    [{ fault: 'hang' }, { kind: 'hang' }],
    [{ fault: 'lose-registration', seconds: 5 }, { kind: 'lose-registration', seconds: 5 }],
  ])('parseFault %j', (raw, fault) => {
    expect(parseFault(raw)).toEqual(fault);
  });

  it.each([
    [{ fault: 'explode' }, /unknown fault "explode"/],
    [{}, /unknown fault/],
    [null, /unknown fault/],
    [{ fault: 'lose-registration' }, /needs "seconds"/],
    [{ fault: 'lose-registration', seconds: 0 }, /needs "seconds"/],
    [{ fault: 'lose-registration', seconds: 1.5 }, /needs "seconds"/],
    [{ fault: 'lose-registration', seconds: 3601 }, /needs "seconds"/],
    [{ fault: 'lose-registration', seconds: '5' }, /needs "seconds"/],
  ])('parseFault refuses %j', (raw, message) => {
    expect(() => parseFault(raw)).toThrow(message);
  });
});
