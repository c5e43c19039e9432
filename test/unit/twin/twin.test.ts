// The twin's behaviour over time (boot, SIM busy window, resets, CFUN, URC modes), driven through
// its byte interface with real timers and the small TEST_TIMINGS.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_TIMINGS, Twin, type TwinOptions } from '../../../src-main/twin/twin.js';

const twins: Twin[] = [];
afterEach(() => {
  for (const t of twins.splice(0)) t.dispose();
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A twin plus everything it has written, with helpers to send a line and wait for text. */
function harness(options: TwinOptions = {}) {
  const twin = new Twin({ timings: TEST_TIMINGS, ...options });
  twins.push(twin);
  let out = '';
  twin.on('output', (t) => {
    out += t;
  });
  const waitFor = (pattern: RegExp, timeoutMs = 2000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) {
          twin.off('output', check);
          clearTimeout(timer);
          resolve(m[0]);
        }
      };
      const timer = setTimeout(() => {
        twin.off('output', check);
        reject(new Error(`timed out waiting for ${pattern} in ${JSON.stringify(out)}`));
      }, timeoutMs);
      twin.on('output', check);
      check();
    });
  /** Sends a command and returns what came back for it, echo included, up to its final result. */
  const send = async (line: string) => {
    const start = out.length;
    twin.input(`${line}\r`);
    const final = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/;
    const deadline = Date.now() + 2000;
    for (;;) {
      const chunk = out.slice(start);
      const m = final.exec(chunk);
      if (m) return chunk.slice(0, m.index + m[0].length);
      if (Date.now() > deadline) throw new Error(`no final result for ${line}: ${JSON.stringify(chunk)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    twin,
    waitFor,
    send,
    get out() {
      return out;
    },
    clear() {
      out = '';
    },
  };
}

describe('twin: power-up', () => {
  it('sends RDY, +CPIN: READY, SMS DONE, PB DONE in that order (T-9, T-32)', async () => {
    const h = harness({ scenario: 'seed' });
    await h.waitFor(/PB DONE\r\n/);
    expect(h.out).toBe('\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n');
  });

  it('answers AT+CPIN? with SIM busy during the busy window, then READY (T-13)', async () => {
    const h = harness({ scenario: 'seed', timings: { ...TEST_TIMINGS, simBusyMs: 300 } });
    expect(await h.send('AT+CPIN?')).toBe('AT+CPIN?\r\r\n+CME ERROR: SIM busy\r\n');
    await h.waitFor(/\+CPIN: READY\r\n/);
    expect(await h.send('AT+CPIN?')).toBe('AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n');
  });

  it('no-sim boots with +CPIN: SIM REMOVED and no SMS DONE', async () => {
    const h = harness({ scenario: 'no-sim' });
    await h.waitFor(/SIM REMOVED\r\n/);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.out).toBe('\r\nRDY\r\n\r\n+CPIN: SIM REMOVED\r\n');
  });

  it('pin-locked boots with +CPIN: SIM PIN; the PIN finishes the start and registration follows', async () => {
    const h = harness({ scenario: 'pin-locked' });
    await h.waitFor(/\+CPIN: SIM PIN\r\n/);
    expect(h.out).not.toContain('SMS DONE');
    await h.send('AT+CREG=1');
    expect(await h.send('AT+CPIN=1234')).toBe('AT+CPIN=1234\r\r\nOK\r\n');
    await h.waitFor(/SMS DONE\r\n\r\nPB DONE\r\n/);
    await h.waitFor(/\+CREG: 1\r\n/);
    expect(h.twin.dataUp).toBe(true);
  });

  it('registers after the registration delay: searching first, then home, with URCs in CREG=1 mode', async () => {
    const h = harness({ scenario: 'good', timings: { ...TEST_TIMINGS, registrationDelayMs: 200 } });
    await h.send('AT+CREG=1;+CEREG=2');
    await h.waitFor(/\+CEREG: 2\r\n/);
    expect(await h.send('AT+CREG?')).toContain('+CREG: 1,2\r\n');
    await h.waitFor(/\+CREG: 1\r\n/);
    await h.waitFor(/\+CEREG: 1,"775C","6F95933",7\r\n/);
    expect(h.twin.dataUp).toBe(true);
  });

  it("start: 'ready' skips the boot: no URCs, registered and settled at once", async () => {
    const h = harness({ scenario: 'good', start: 'ready' });
    expect(await h.send('AT+CGACT?')).toContain('+CGACT: 1,1\r\n');
    await new Promise((r) => setTimeout(r, TEST_TIMINGS.simBusyMs + 20));
    expect(h.out).not.toContain('RDY');
  });
});

describe('twin: the command line', () => {
  it('echoes each command with its CR while echo is on, not after ATE0', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    expect(await h.send('AT')).toBe('AT\r\r\nOK\r\n');
    expect(await h.send('ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await h.send('AT')).toBe('\r\nOK\r\n');
  });

  it('assembles lines from any chunking, ignores LF, and logs received commands', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    for (const ch of 'AT+CG') h.twin.input(ch);
    h.twin.input(Buffer.from('MM\r\nAT+CSQ\r'));
    await h.waitFor(/\+CSQ: 24,99\r\n\r\nOK\r\n/);
    expect(h.out).toBe('AT+CGMM\r\r\nSIMCOM_SIM7600G-H\r\n\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n');
    expect(h.twin.receivedCommands).toEqual(['AT+CGMM', 'AT+CSQ']);
    expect(h.twin.commandLog.map((e) => e.final)).toEqual(['OK', 'OK']);
  });

  it('answers AT+COPS=? after the scan and queues what comes meanwhile', async () => {
    const h = harness({ scenario: 'seed', start: 'ready', timings: { ...TEST_TIMINGS, copsScanMs: 150 } });
    const t0 = Date.now();
    h.twin.input('AT+COPS=?\rAT\r');
    await h.waitFor(/AT\r\r\nOK\r\n$/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(h.out.indexOf('+COPS: (2,')).toBeLessThan(h.out.lastIndexOf('AT\r'));
  });

  it('delivers injected URCs between answers', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    h.twin.injectUrc('+CMTI: "SM",4');
    expect(h.out).toBe('\r\n+CMTI: "SM",4\r\n');
  });

  it('AUTOCSQ=1,0 sends +CSQ periodically until turned off', async () => {
    const h = harness({ scenario: 'seed', start: 'ready', timings: { ...TEST_TIMINGS, autoCsqIntervalMs: 40 } });
    await h.send('AT+AUTOCSQ=1,0');
    await h.waitFor(/\r\n\+CSQ: 24,99\r\n[^]*\r\n\+CSQ: 24,99\r\n/);
    await h.send('AT+AUTOCSQ=0');
    h.clear();
    await new Promise((r) => setTimeout(r, 120));
    expect(h.out).toBe('');
  });
});

describe('twin: resets', () => {
  it('AT+CUSBPIDSWITCH to a new PID: OK, vanishes, comes back with the new PID and boots again', async () => {
    const h = harness({ scenario: 'fresh', start: 'ready' });
    const events: string[] = [];
    h.twin.on('reset-start', (e) => events.push(`reset-start ${e.reason} ${e.pid}->${e.nextPid}`));
    h.twin.on('reappeared', (e) => events.push(`reappeared ${e.previousPid}->${e.pid}`));
    expect(await h.send('AT+CUSBPIDSWITCH=9011,1,1')).toBe('AT+CUSBPIDSWITCH=9011,1,1\r\r\nOK\r\n');
    expect(h.twin.pid).toBe(9001);
    await once(h.twin, 'reset-start');
    expect(h.twin.present).toBe(false);
    h.twin.input('AT\r'); // lost: nobody is there
    await once(h.twin, 'reappeared');
    expect(h.twin.pid).toBe(9011);
    h.clear();
    await h.waitFor(/PB DONE\r\n/);
    expect(h.out).toBe('\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n');
    expect(await h.send('AT+CUSBPIDSWITCH?')).toContain('+CUSBPIDSWITCH: 9011\r\n');
    expect(events).toEqual(['reset-start pid-switch 9001->9011', 'reappeared 9001->9011']);
    expect(h.twin.receivedCommands).toEqual(['AT+CUSBPIDSWITCH=9011,1,1', 'AT+CUSBPIDSWITCH?']);
  });

  it('AT+CUSBPIDSWITCH to the same PID: OK and no reset', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    let resets = 0;
    h.twin.on('reset-start', () => resets++);
    expect(await h.send('AT+CUSBPIDSWITCH=9011,1,1')).toContain('\r\nOK\r\n');
    await new Promise((r) => setTimeout(r, TEST_TIMINGS.detachDelayMs + 50));
    expect(resets).toBe(0);
    expect(h.twin.present).toBe(true);
  });

  it('keeps NV (PID, contexts) across AT+CRESET and forgets runtime settings (echo, CMEE)', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    await h.send('AT+CGDCONT=6,"IP","internet.freedommobile.ca"');
    await h.send('AT+CGDCONT=1,"IP","internet.freedommobile.ca"');
    await h.send('ATE0');
    await h.send('AT+CMEE=0');
    await h.send('AT+CRESET');
    await once(h.twin, 'reappeared');
    await h.waitFor(/PB DONE/);
    const snap = h.twin.snapshot();
    expect(snap.nv.usbPid).toBe(9011);
    expect(snap.nv.contexts.get(6)?.apn).toBe('internet.freedommobile.ca');
    expect(snap.runtime.echo).toBe(true);
    expect(snap.runtime.cmee).toBe(2);
    // The fixed APNs take effect at the new attach: data is up after the reset.
    await waitUntil(() => h.twin.dataUp);
  });

  it('AT+CFUN=1,1 resets too', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    await h.send('AT+CFUN=1,1');
    const [info] = (await once(h.twin, 'reset-start')) as [{ reason: string }];
    expect(info.reason).toBe('cfun');
  });

  it('CFUN=0 then CFUN=1 drops and restores registration and data with the new APN', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    await h.send('AT+CGDCONT=1,"IP","internet.freedommobile.ca";+CGDCONT=6,"IP","internet.freedommobile.ca"');
    expect(h.twin.dataUp).toBe(false); // not before a re-attach
    expect(await h.send('AT+CFUN=0')).toContain('OK');
    expect(await h.send('AT+CREG?')).toContain('+CREG: 0,0');
    expect(await h.send('AT+CFUN=1')).toContain('OK');
    expect(await h.send('AT+CREG?')).toContain('+CREG: 0,2');
    await once(h.twin, 'registration');
    expect(await h.send('AT+CGPADDR=1')).toContain('+CGPADDR: 1,10.23.156.36');
    expect(h.twin.dataUp).toBe(true);
  });

  it('unplug() and plug(): gone until plugged, then boots', async () => {
    const h = harness({ scenario: 'seed', start: 'ready' });
    h.twin.unplug();
    expect(h.twin.present).toBe(false);
    h.twin.plug();
    expect(h.twin.present).toBe(true);
    await h.waitFor(/RDY/);
  });

  it('update() changes the world and registration follows', async () => {
    const h = harness({ scenario: 'good', start: 'ready' });
    await h.send('AT+CREG=1');
    h.twin.update((s) => {
      s.network.coverage = 'roaming';
    });
    await h.waitFor(/\r\n\+CREG: 5\r\n/);
    h.twin.update((s) => {
      s.network.coverage = 'none';
    });
    await h.waitFor(/\r\n\+CREG: 2\r\n/);
    expect(h.twin.dataUp).toBe(false);
  });
});

describe('twin: first AT+CPSI? after boot (sim7600.md §2) and +CGEV URCs (27.007 §10.1.19)', () => {
  it('answers the first AT+CPSI? after each boot with ERROR, later ones with the serving cell', async () => {
    const h = harness({ scenario: 'good' });
    await h.waitFor(/PB DONE/);
    await waitUntil(() => h.twin.snapshot().runtime.radio === 'camped');
    expect(await h.send('AT+CPSI?')).toMatch(/\r\nERROR\r\n$/);
    expect(await h.send('AT+CPSI?')).toContain('+CPSI: LTE,Online,302-490');
    h.twin.reset();
    await once(h.twin, 'reappeared');
    await h.waitFor(/PB DONE/);
    expect(await h.send('AT+CPSI?')).toMatch(/\r\nERROR\r\n$/);
    expect(await h.send('AT+CPSI?')).toMatch(/\+CPSI: [^\r]+\r\n\r\nOK\r\n$/);
  });

  it("start: 'ready' is long after boot: the first AT+CPSI? answers at once", async () => {
    const h = harness({ scenario: 'good', start: 'ready' });
    expect(await h.send('AT+CPSI?')).toContain('+CPSI: LTE,Online,302-490');
  });

  it('CFUN=0 reports ME PDN DEACT, CFUN=1 ME PDN ACT after the final result; CGACT too', async () => {
    const h = harness({ scenario: 'good', start: 'ready' });
    expect(h.twin.dataUp).toBe(true);
    expect(await h.send('AT+CFUN=0')).toBe('AT+CFUN=0\r\r\nOK\r\n');
    await h.waitFor(/\r\n\+CGEV: ME PDN DEACT 1\r\n/);
    expect(h.out).not.toContain('+CGEV: ME PDN ACT');
    h.clear();
    await h.send('AT+CFUN=1');
    await h.waitFor(/\r\n\+CGEV: ME PDN ACT 1\r\n/);
    h.clear();
    expect(await h.send('AT+CGACT=0,1')).toBe('AT+CGACT=0,1\r\r\nOK\r\n');
    await h.waitFor(/\r\n\+CGEV: ME PDN DEACT 1\r\n/);
    await h.send('AT+CGACT=1,1');
    await h.waitFor(/\r\n\+CGEV: ME PDN ACT 1\r\n/);
  });

  it('losing coverage reports NW PDN DEACT and NW DETACH', async () => {
    const h = harness({ scenario: 'good', start: 'ready' });
    h.twin.update((s) => {
      s.network.coverage = 'none';
    });
    // 'good' runs in 9011: cid 1 and cid 6 were up.
    await h.waitFor(/\r\n\+CGEV: NW PDN DEACT 1\r\n\r\n\+CGEV: NW PDN DEACT 6\r\n\r\n\+CGEV: NW DETACH\r\n/);
  });
});
