// The apply workflow with the Telit profile (issue 10, the third vendor) on a real PTY through the
// real serialport, against a small stateful LE910C1 fake: AT+CGDCONT for context 1 and AT+CGAUTH in
// the 3GPP TS 27.007 §10.1.31 order (user before password), none of SIMCom's or Quectel's commands.
// Answer formats are 27.007's (+CGDCONT:, +CGAUTH: <cid>,<auth>,"<user>","<password>", +CGPADDR:).
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { runApplyApn } from '../../../src-main/service/apn.js';
import { identifyModem } from '../../../src-main/service/modem-identity.js';
import { AtResponder, type Reply } from '../../helpers/at-responder.js';

interface Le910State {
  cfun: number;
  contexts: Map<number, { type: string; apn: string }>;
  auth: Map<number, { type: number; user: string; password: string }>;
}

const ACCEPTED = 'iot.example';

/** LE910C1 answers for the commands the workflow sends; ERROR for anything else. */
function le910(state: Le910State) {
  return (line: string): Reply => {
    const cmd = line.trim();
    const ok = (...lines: string[]) => [...lines, 'OK'];
    if (cmd === 'AT+CGMM') return ok('LE910C1-EU');
    if (cmd === 'AT+CGMI') return ok('Telit');
    if (cmd === 'AT+CGSN') return ok('354567890123456');
    if (cmd === 'AT+CPIN?') return ok('+CPIN: READY');
    if (cmd === 'AT+CFUN?') return ok(`+CFUN: ${state.cfun}`);
    if (/^AT\+C(E|G)?REG\?$/.test(cmd)) return ok(`${cmd.slice(2, -1)}: 0,${state.cfun === 1 ? 1 : 0}`);
    let m = /^AT\+CFUN=(\d)$/.exec(cmd);
    if (m) {
      state.cfun = Number(m[1]);
      return ok();
    }
    if (cmd === 'AT+CGDCONT?') return ok(...[...state.contexts].sort((a, b) => a[0] - b[0]).map(([cid, c]) => `+CGDCONT: ${cid},"${c.type}","${c.apn}","0.0.0.0",0,0`));
    m = /^AT\+CGDCONT=(\d+),"(IP|IPV6|IPV4V6)","([^"]*)"$/.exec(cmd);
    if (m) {
      state.contexts.set(Number(m[1]), { type: m[2]!, apn: m[3]! });
      return ok();
    }
    m = /^AT\+CGDCONT=(\d+)$/.exec(cmd);
    if (m) {
      state.contexts.delete(Number(m[1]));
      return ok();
    }
    if (cmd === 'AT+CGAUTH?') return ok(...[...state.auth].map(([cid, a]) => `+CGAUTH: ${cid},${a.type},"${a.user}","${a.password}"`));
    m = /^AT\+CGAUTH=(\d+),0$/.exec(cmd);
    if (m) {
      state.auth.set(Number(m[1]), { type: 0, user: '', password: '' });
      return ok();
    }
    m = /^AT\+CGAUTH=(\d+),([12]),"([^"]*)","([^"]*)"$/.exec(cmd);
    if (m) {
      state.auth.set(Number(m[1]), { type: Number(m[2]), user: m[3]!, password: m[4]! });
      return ok();
    }
    if (cmd === 'AT+CGPADDR') {
      const a = state.auth.get(1);
      const up = state.cfun === 1 && state.contexts.get(1)?.apn === ACCEPTED && a?.user === 'alice' && a.password === 'secret';
      return ok(`+CGPADDR: 1,"${up ? '10.77.0.9' : '0.0.0.0'}"`);
    }
    return ['ERROR'];
  };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(state: Le910State) {
  const responder = await AtResponder.start({ '*': le910(state) });
  const engine = new AtEngine(openSerialTransport(responder.path));
  await engine.open();
  cleanup = async () => {
    await engine.close().catch(() => {});
    await responder.close();
  };
  return { responder, modem: new ModemAt(engine) };
}

const timeouts = { simReadyMs: 1000, registrationMs: 1000, addressMs: 400, pollMs: 40 };

describe('apply APN on a Telit LE910C1 (the Telit profile)', () => {
  it('identifies the Telit profile and context 1 only, asking no vendor mode query', async () => {
    const state: Le910State = { cfun: 1, contexts: new Map([[1, { type: 'IP', apn: '' }]]), auth: new Map() };
    const { responder, modem } = await rig(state);
    const id = await identifyModem(modem, undefined);
    expect(id).toMatchObject({ vendor: 'telit', contexts: [1], model: 'LE910C1-EU' });
    expect(id.profile.family?.family).toBe('le910cx');
    expect(responder.received.some((l) => /CUSBPIDSWITCH|QCFG|QICSGP/.test(l))).toBe(false);
  });

  it('writes AT+CGAUTH with the user before the password (27.007) and data comes up', async () => {
    const state: Le910State = { cfun: 1, contexts: new Map([[1, { type: 'IP', apn: '' }]]), auth: new Map() };
    const { responder, modem } = await rig(state);
    const r = await runApplyApn(modem, { targets: [{ apn: ACCEPTED, ipType: 'IPV4V6', auth: 'pap', username: 'alice', password: 'secret' }], timeouts });
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, contexts: [1], addresses: [{ cid: 1, ipv4: '10.77.0.9' }] });
    expect(responder.received).toContain(`AT+CGDCONT=1,"IPV4V6","${ACCEPTED}"`);
    expect(responder.received).toContain('AT+CGAUTH=1,1,"alice","secret"');
    expect(responder.received.some((l) => /CUSBPIDSWITCH|QICSGP|CGDCONT=6/.test(l))).toBe(false);
  });

  it('a wrong APN: context 1 and its credentials are restored, in the same order', async () => {
    const state: Le910State = {
      cfun: 1,
      contexts: new Map([[1, { type: 'IPV4V6', apn: 'old.example' }]]),
      auth: new Map([[1, { type: 2, user: 'bob', password: 'pw' }]]),
    };
    const { responder, modem } = await rig(state);
    const r = await runApplyApn(modem, { targets: [{ apn: 'wrong.example', ipType: 'IP', auth: 'none' }], timeouts });
    expect(r).toMatchObject({ ok: false, error: { code: 'no-address' }, restore: { attempted: true, exact: true } });
    expect(state.contexts.get(1)).toEqual({ type: 'IPV4V6', apn: 'old.example' });
    expect(state.auth.get(1)).toEqual({ type: 2, user: 'bob', password: 'pw' });
    expect(responder.received).toContain('AT+CGAUTH=1,2,"bob","pw"');
    expect(state.cfun).toBe(1);
  });
});
