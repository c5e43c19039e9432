// The typed facade through the real engine, serialport and a PTY: answers from the SIM7600G-H
// transcripts (T-9, T-13), and validation that stops bad values before any byte is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { AtError } from '../../../src-main/core/at/errors.js';
import type { AtResponder, ReplyTable } from '../../helpers/at-responder.js';
import { engineOnResponder } from '../../helpers/at-engine-fixture.js';

const SIM7600GH: ReplyTable = {
  ATI: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G-H', 'Revision: SIM7600G_V2.0.2', 'IMEI: 862636051234567', '+GCAP: +CGSM', 'OK'],
  'AT+CGMI': ['SIMCOM INCORPORATED', 'OK'],
  'AT+CGMM': ['SIMCOM_SIM7600G-H', 'OK'],
  'AT+CGMR': ['+CGMR: LE20B04SIM7600G22', 'OK'],
  'AT+CGSN': ['862636051234567', 'OK'],
  'AT+CIMI': ['310260123456789', 'OK'],
  'AT+CICCID': ['+ICCID: 8901260123456789012F', 'OK'],
  'AT+CPIN?': ['+CPIN: READY', 'OK'],
  'AT+CPIN="1234"': ['OK'],
  'AT+CSQ': ['+CSQ: 31,99', 'OK'],
  'AT+CREG?': ['+CREG: 0,1', 'OK'],
  'AT+CGREG?': ['+CGREG: 0,2', 'OK'],
  'AT+CEREG?': ['+CEREG: 0,1', 'OK'],
  'AT+COPS?': ['+COPS: 0,0,"Mint",7', 'OK'],
  'AT+CPSI?': ['+CPSI: LTE,Online,460-11,0x775C,117004595,399,EUTRAN-BAND3,1650,5,5,-83,-835,-552,15', 'OK'],
  'AT+CFUN?': ['+CFUN: 1', 'OK'],
  'AT+CFUN=0': ['OK'],
  'AT+CFUN=1,1': ['OK'],
  'AT+CRESET': ['OK'],
  'AT+CNMP?': ['+CNMP: 38', 'OK'],
  'AT+CNMP=2': ['OK'],
  'AT+CUSBPIDSWITCH?': ['+CUSBPIDSWITCH: 9011', 'OK'],
  'AT+CUSBPIDSWITCH=9011,1,1': ['OK'],
  'AT+CGDCONT?': ['+CGDCONT: 1,"IPV4V6","fast.t-mobile.com","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0', 'OK'],
  'AT+CGDCONT=6,"IPV4V6","FAST.T-MOBILE.COM"': ['OK'],
  'AT+CGDCONT=6': ['OK'],
  'AT+CGAUTH?': ['+CGAUTH: 1,1,"user","secret"', 'OK'],
  'AT+CGAUTH=1,1,"SECRET","USER"': ['OK'],
  'AT+CGACT?': ['+CGACT: 1,1', '+CGACT: 2,1', 'OK'],
  'AT+CGPADDR': ['+CGPADDR: 1,10.23.156.36', 'OK'],
  'AT+CGATT?': ['+CGATT: 1', 'OK'],
  'AT+CMEE=2': ['OK'],
  ATE0: ['OK'],
};

let responder: AtResponder;
let modem: ModemAt;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const fx = await engineOnResponder(SIM7600GH);
  responder = fx.responder;
  modem = new ModemAt(fx.engine);
  cleanup = fx.cleanup;
});
afterAll(() => cleanup());

describe('ModemAt on a SIM7600G-H responder', () => {
  it('reads identity, SIM, signal, registration and cell', async () => {
    expect(await modem.info()).toMatchObject({ model: 'SIMCOM_SIM7600G-H', imei: '862636051234567' });
    expect(await modem.manufacturer()).toBe('SIMCOM INCORPORATED');
    expect(await modem.model()).toBe('SIMCOM_SIM7600G-H');
    expect(await modem.revision()).toBe('LE20B04SIM7600G22');
    expect(await modem.imei()).toBe('862636051234567');
    expect(await modem.imsi()).toBe('310260123456789');
    expect(await modem.iccid()).toBe('8901260123456789012F');
    expect(await modem.pinStatus()).toBe('READY');
    await modem.enterPin('1234');
    expect(await modem.signal()).toMatchObject({ dbm: -51 });
    expect(await modem.registration('creg')).toMatchObject({ state: 'home' });
    expect(await modem.registration('cgreg')).toMatchObject({ state: 'searching' });
    expect(await modem.registration('cereg')).toMatchObject({ registered: true });
    expect(await modem.operator()).toEqual({ mode: 0, format: 0, name: 'Mint', act: 7 });
    expect(await modem.servingCell()).toMatchObject({ system: 'LTE', rsrp: -83.5 });
  });

  it('reads and writes power, mode, USB PID and PDP settings', async () => {
    expect(await modem.functionality()).toBe(1);
    await modem.setFunctionality(0);
    await modem.setFunctionality(1, true);
    await modem.reset();
    expect(await modem.networkMode()).toBe(38);
    await modem.setNetworkMode(2);
    expect(await modem.usbPid()).toBe(0x9011);
    await modem.setUsbPid(0x9011);
    expect((await modem.contexts())[0]).toMatchObject({ cid: 1, apn: 'fast.t-mobile.com' });
    await modem.setContext(6, 'IPV4V6', 'fast.t-mobile.com');
    await modem.deleteContext(6);
    expect(await modem.auths()).toEqual([{ cid: 1, authType: 1, user: 'user', password: 'secret' }]);
    await modem.setAuth(1, 1, 'secret', 'user');
    expect(await modem.activeContexts()).toEqual([
      { cid: 1, active: true },
      { cid: 2, active: true },
    ]);
    expect(await modem.pdpAddresses()).toEqual([{ cid: 1, ipv4: '10.23.156.36' }]);
    expect(await modem.attached()).toBe(true);
    await modem.setErrorMode(2);
    await modem.echoOff();
    // SIMCom order on the wire: password before user.
    expect(responder.received).toContain('AT+CGAUTH=1,1,"secret","user"');
  });

  it.each([
    ['apn with a quote', () => modem.setContext(1, 'IP', 'inter"net'), 'apn'],
    ['apn with CR LF and a second command', () => modem.setContext(1, 'IP', 'internet\r\nAT+CFUN=0'), 'apn'],
    ['empty apn on set', () => modem.setContext(1, 'IP', 'a..b'), 'apn'],
    ['cid 0', () => modem.setContext(0, 'IP', 'internet'), 'cid'],
    ['cid 25 on delete', () => modem.deleteContext(25), 'cid'],
    ['password with a comma', () => modem.setAuth(1, 1, 'se,cret', 'user'), 'password'],
    ['user with a semicolon', () => modem.setAuth(1, 1, 'secret', 'us;er'), 'user'],
    ['user too long', () => modem.setAuth(1, 1, 'secret', 'u'.repeat(65)), 'user'],
    ['PIN with letters', () => modem.enterPin('12ab'), 'pin'],
    ['PID off the allow-list', () => modem.setUsbPid(0x9016), 'pid'],
    ['CFUN 2', () => modem.setFunctionality(2), 'functionality'],
    ['CNMP 3', () => modem.setNetworkMode(3), 'networkMode'],
    ['CMEE 5', () => modem.setErrorMode(5), 'errorMode'],
  ])('refuses %s and no byte reaches the port', async (_name, call, field) => {
    const before = responder.rawReceived.length;
    const err = await call().then(
      () => undefined,
      (e: unknown) => e as AtError,
    );
    expect(err).toBeInstanceOf(AtError);
    expect(err?.code).toBe('invalid-argument');
    expect(err?.field).toBe(field);
    expect(err?.message).toContain(field);
    // A round trip proves the port is alive and that nothing else was written before it.
    await modem.engine.send('ATE0');
    expect(responder.rawReceived.slice(before)).toBe('ATE0\r');
  });
});
