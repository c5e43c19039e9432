// The Quectel branch of the apply workflow (AT+CGDCONT=1 + AT+QICSGP, user before password) on a
// real PTY through the real serialport, against a small stateful EC25 fake (the twin only models
// the SIM7600). Answer formats follow the Quectel EC2x AT manual (AT+QICSGP read form).
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { runApplyApn } from '../../../src-main/service/apn.js';
import { AtResponder, type Reply } from '../../helpers/at-responder.js';

interface Ec25State {
  cfun: number;
  contexts: Map<number, { type: string; apn: string }>;
  qicsgp: Map<number, { type: number; apn: string; user: string; password: string; auth: number }>;
}

const ACCEPTED = 'iot.example';
const TYPE_OF: Record<string, number> = { IP: 1, IPV6: 2, IPV4V6: 3 };

/** EC25 answers for the commands the workflow sends; ERROR for anything else. */
function ec25(state: Ec25State) {
  return (line: string): Reply => {
    const cmd = line.trim();
    const ok = (...lines: string[]) => [...lines, 'OK'];
    if (cmd === 'AT+CGMM') return ok('EC25');
    if (cmd === 'AT+CGMI') return ok('Quectel');
    if (cmd === 'AT+CGSN') return ok('866123456789012');
    if (cmd === 'AT+CPIN?') return ok('+CPIN: READY');
    if (cmd === 'AT+CFUN?') return ok(`+CFUN: ${state.cfun}`);
    if (/^AT\+C(E|G)?REG\?$/.test(cmd)) return ok(`${cmd.slice(2, -1)}: 0,${state.cfun === 1 ? 1 : 0}`);
    let m = /^AT\+CFUN=(\d)$/.exec(cmd);
    if (m) {
      state.cfun = Number(m[1]);
      return ok();
    }
    if (cmd === 'AT+CGDCONT?') return ok(...[...state.contexts].sort((a, b) => a[0] - b[0]).map(([cid, c]) => `+CGDCONT: ${cid},"${c.type}","${c.apn}","0.0.0.0",0,0,0,0`));
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
    m = /^AT\+QICSGP=(\d+)$/.exec(cmd);
    if (m) {
      const cid = Number(m[1]);
      const q = state.qicsgp.get(cid) ?? { type: TYPE_OF[state.contexts.get(cid)?.type ?? 'IP'] ?? 1, apn: state.contexts.get(cid)?.apn ?? '', user: '', password: '', auth: 0 };
      return ok(`+QICSGP: ${q.type},"${q.apn}","${q.user}","${q.password}",${q.auth}`);
    }
    m = /^AT\+QICSGP=(\d+),([123]),"([^"]*)","([^"]*)","([^"]*)",([0-3])$/.exec(cmd);
    if (m) {
      state.qicsgp.set(Number(m[1]), { type: Number(m[2]), apn: m[3]!, user: m[4]!, password: m[5]!, auth: Number(m[6]) });
      return ok();
    }
    if (cmd === 'AT+CGPADDR') {
      const up = state.cfun === 1 && state.contexts.get(1)?.apn === ACCEPTED;
      return ok(`+CGPADDR: 1,"${up ? '10.64.0.7' : '0.0.0.0'}"`);
    }
    return ['ERROR'];
  };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(state: Ec25State) {
  const responder = await AtResponder.start({ '*': ec25(state) });
  const engine = new AtEngine(openSerialTransport(responder.path));
  await engine.open();
  cleanup = async () => {
    await engine.close().catch(() => {});
    await responder.close();
  };
  return { responder, modem: new ModemAt(engine) };
}

const timeouts = { simReadyMs: 1000, registrationMs: 1000, addressMs: 400, pollMs: 40 };

describe('apply APN on a Quectel EC25', () => {
  it('writes context 1 only and AT+QICSGP with the user before the password; data comes up', async () => {
    const state: Ec25State = { cfun: 1, contexts: new Map([[1, { type: 'IP', apn: '' }]]), qicsgp: new Map() };
    const { responder, modem } = await rig(state);
    const r = await runApplyApn(modem, { targets: [{ apn: ACCEPTED, ipType: 'IPV4V6', auth: 'pap', username: 'alice', password: 'secret' }], timeouts });
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.contexts).toEqual([1]);
    expect(r.addresses).toEqual([{ cid: 1, ipv4: '10.64.0.7' }]);
    expect(responder.received).toContain(`AT+CGDCONT=1,"IPV4V6","${ACCEPTED}"`);
    expect(responder.received).toContain(`AT+QICSGP=1,3,"${ACCEPTED}","alice","secret",1`);
    // No SIMCom-only commands.
    expect(responder.received.some((l) => l.startsWith('AT+CGAUTH') || l.startsWith('AT+CUSBPIDSWITCH'))).toBe(false);
  });

  it('a wrong APN: context 1 and the QICSGP settings are restored', async () => {
    const state: Ec25State = {
      cfun: 1,
      contexts: new Map([[1, { type: 'IPV4V6', apn: 'old.example' }]]),
      qicsgp: new Map([[1, { type: 3, apn: 'old.example', user: 'bob', password: 'pw', auth: 2 }]]),
    };
    const { modem } = await rig(state);
    const r = await runApplyApn(modem, { targets: [{ apn: 'wrong.example', ipType: 'IP', auth: 'none' }], timeouts });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('no-address');
    expect(r.restore).toMatchObject({ attempted: true, exact: true });
    expect(state.contexts.get(1)).toEqual({ type: 'IPV4V6', apn: 'old.example' });
    expect(state.qicsgp.get(1)).toEqual({ type: 3, apn: 'old.example', user: 'bob', password: 'pw', auth: 2 });
    expect(state.cfun).toBe(1);
  });
});
