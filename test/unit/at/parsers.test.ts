// One table per parser: real SIM7600 output from transcripts.md (named after the device and
// transcript), vendor-manual format examples (marked), and malformed inputs in the same table.
import { describe, expect, it } from 'vitest';
import { AtError } from '../../../src-main/core/at/errors.js';
import { parseAtiExec, parseCgmiExec, parseCgmmExec, parseCgmrExec, parseCgsnExec, parseCiccidExec, parseCimiExec } from '../../../src-main/core/at/commands/identity.js';
import { buildCpinWrite, parseCpinRead } from '../../../src-main/core/at/commands/sim.js';
import { parseCpsiRead, parseCsqExec } from '../../../src-main/core/at/commands/signal.js';
import { parseCeregRead, parseCgregRead, parseCopsRead, parseCregRead } from '../../../src-main/core/at/commands/registration.js';
import {
  buildCfunWrite,
  buildCmeeWrite,
  buildCnmpWrite,
  buildCresetExec,
  buildCusbpidswitchWrite,
  buildEchoOff,
  parseCfunRead,
  parseCnmpRead,
  parseCusbpidswitchRead,
} from '../../../src-main/core/at/commands/power.js';
import {
  buildCgauthWrite,
  buildCgdcontDelete,
  buildCgdcontWrite,
  parseCgactRead,
  parseCgattRead,
  parseCgauthRead,
  parseCgdcontRead,
  parseCgpaddrExec,
} from '../../../src-main/core/at/commands/pdp.js';
import { T13_SIM7600GH, T37_MANUAL_CPSI_WCDMA, T37_MANUAL_CUSBPIDSWITCH, T9_SIM7600GH_USB, payloadOf } from './fixtures/transcripts.js';

type Case<T> = [name: string, lines: readonly string[], expected: T | 'parse-error'];

function table<T>(parser: (lines: readonly string[]) => T, cases: Case<T>[]): void {
  it.each(cases)('%s', (_name, lines, expected) => {
    if (expected === 'parse-error') {
      expect(() => parser(lines)).toThrow(AtError);
      try {
        parser(lines);
      } catch (err) {
        expect((err as AtError).code).toBe('parse');
      }
    } else {
      expect(parser(lines)).toEqual(expected);
    }
  });
}

describe('parseAtiExec', () => {
  table(parseAtiExec, [
    [
      'SIM7600G-H (T-13, IMEI masked by the author)',
      payloadOf(T13_SIM7600GH, 'ATI'),
      { manufacturer: 'SIMCOM INCORPORATED', model: 'SIMCOM_SIM7600G-H', revision: 'SIM7600G_V2.0.2', imei: 'xxxxxxxxxxxxx', capabilities: ['+CGSM'] },
    ],
    ['Quectel-style bare lines', ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'], { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', capabilities: [] }],
    ['malformed: empty', [], 'parse-error'],
    ['malformed: one bare line', ['garbage'], 'parse-error'],
  ]);
});

describe('identity parsers', () => {
  table(parseCgmmExec, [
    ['SIM7600G-H model line (sim7600.md §2)', ['SIMCOM_SIM7600G-H'], 'SIMCOM_SIM7600G-H'],
    ['prefixed form', ['+CGMM: SIMCOM_SIM7600G-H'], 'SIMCOM_SIM7600G-H'],
    ['malformed: nothing', [], 'parse-error'],
    ['malformed: two lines', ['A', 'B'], 'parse-error'],
  ]);
  table(parseCgmiExec, [
    ['SIM7600G-H manufacturer', ['SIMCOM INCORPORATED'], 'SIMCOM INCORPORATED'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
  table(parseCgmrExec, [
    ['SIM7600G-H revision (sim7600.md §2)', ['+CGMR: LE20B04SIM7600G22'], 'LE20B04SIM7600G22'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
  table(parseCgsnExec, [
    ['15-digit IMEI', ['862636051234567'], '862636051234567'],
    ['prefixed form', ['+CGSN: 862636051234567'], '862636051234567'],
    ['malformed: masked IMEI as printed in T-13', ['xxxxxxxxxxxxx'], 'parse-error'],
    ['malformed: too short', ['12345'], 'parse-error'],
  ]);
  table(parseCimiExec, [
    ['IMSI', ['460110123456789'], '460110123456789'],
    ['malformed: letters', ['46011ABC'], 'parse-error'],
    ['malformed: 16 digits', ['4601101234567890'], 'parse-error'],
  ]);
  table(parseCiccidExec, [
    ['ICCID with hex letter (sim7600.md §2)', ['+ICCID: 89860318760120112345'], '89860318760120112345'],
    ['ICCID with trailing F', ['+ICCID: 8944500102198304826f'], '8944500102198304826F'],
    ['malformed: empty', ['+ICCID: '], 'parse-error'],
  ]);
});

describe('parseCpinRead', () => {
  table(parseCpinRead, [
    ['SIM7600G-H ready (T-13)', payloadOf(T13_SIM7600GH, 'AT+CPIN?', 3), 'READY'],
    ['SIM7600G-H ready, no OK seen yet (T-13, second query)', payloadOf(T13_SIM7600GH, 'AT+CPIN?', 2), 'READY'],
    ['PIN locked', ['+CPIN: SIM PIN'], 'SIM PIN'],
    ['PUK locked', ['+CPIN: SIM PUK'], 'SIM PUK'],
    ['PH-SIM', ['+CPIN: PH-SIM PIN'], 'PH-SIM PIN'],
    ['malformed: nothing (T-13 first query got only +CME ERROR: SIM busy)', payloadOf(T13_SIM7600GH, 'AT+CPIN?', 1), 'parse-error'],
    ['malformed: unknown state', ['+CPIN: MAYBE'], 'parse-error'],
  ]);
  it('builds AT+CPIN with a validated PIN, and PUK + new PIN', () => {
    expect(buildCpinWrite('1234')).toBe('AT+CPIN="1234"');
    expect(buildCpinWrite('12345678', '4321')).toBe('AT+CPIN="12345678","4321"');
    expect(() => buildCpinWrite('12a4')).toThrow(/pin: must be 4 to 8 digits/);
  });
});

describe('parseCsqExec', () => {
  table(parseCsqExec, [
    ['SIM7600G-H full signal (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+csq'), { rssi: 31, ber: 99, dbm: -51, scale: 'gsm-lte' }],
    ['SIM7600G-H no signal yet (T-13)', payloadOf(T13_SIM7600GH, 'AT+CSQ', 2), { rssi: 99, ber: 99, dbm: undefined, scale: 'unknown' }],
    ['rssi 0 is -113 dBm', ['+CSQ: 0,0'], { rssi: 0, ber: 0, dbm: -113, scale: 'gsm-lte' }],
    ['TD-SCDMA 100 is -116 dBm', ['+CSQ: 100,99'], { rssi: 100, ber: 99, dbm: -116, scale: 'td-scdma' }],
    ['TD-SCDMA 191 is -25 dBm', ['+CSQ: 191,99'], { rssi: 191, ber: 99, dbm: -25, scale: 'td-scdma' }],
    ['TD-SCDMA unknown 199', ['+CSQ: 199,99'], { rssi: 199, ber: 99, dbm: undefined, scale: 'unknown' }],
    ['malformed: rssi 32', ['+CSQ: 32,99'], 'parse-error'],
    ['malformed: one field', ['+CSQ: 31'], 'parse-error'],
    ['malformed: no line', [], 'parse-error'],
    ['malformed: text', ['+CSQ: a,b'], 'parse-error'],
  ]);
});

describe('registration parsers', () => {
  table(parseCregRead, [
    ['SIM7600G-H home (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+creg?'), { n: 0, stat: 1, state: 'home', registered: true }],
    ['with location (n=2)', ['+CREG: 2,5,"00C3","0000DAD1",7'], { n: 2, stat: 5, state: 'roaming', registered: true, area: '00C3', cellId: '0000DAD1', act: 7 }],
    ['malformed: URC form only', ['+CREG: 1'], 'parse-error'],
    // Was `stat 9` (the bug of issue 12: 27.007 defines stat 0..11); 12 is the first undefined value.
    ['malformed: stat 12', ['+CREG: 0,12'], 'parse-error'],
  ]);
  table(parseCgregRead, [
    ['SIM7600G-H searching (T-13)', payloadOf(T13_SIM7600GH, 'AT+CGREG?'), { n: 0, stat: 2, state: 'searching', registered: false }],
    ['SIM7600G-H registered later (T-13)', payloadOf(T13_SIM7600GH, 'AT+CGREG?', 6), { n: 0, stat: 1, state: 'home', registered: true }],
    ['denied', ['+CGREG: 0,3'], { n: 0, stat: 3, state: 'denied', registered: false }],
    ['malformed: wrong prefix', ['+CREG: 0,1'], 'parse-error'],
  ]);
  table(parseCeregRead, [
    ['SIM7600G-H home (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+cereg?'), { n: 0, stat: 1, state: 'home', registered: true }],
    ['malformed: empty', [], 'parse-error'],
  ]);
  table(parseCopsRead, [
    ['SIM7600G-H on Mint, LTE (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+cops?'), { mode: 0, format: 0, name: 'Mint', act: 7 }],
    ['not registered', ['+COPS: 2'], { mode: 2 }],
    ['automatic, no operator yet', ['+COPS: 0'], { mode: 0 }],
    ['numeric format', ['+COPS: 0,2,"46011",7'], { mode: 0, format: 2, name: '46011', act: 7 }],
    ['malformed: two fields', ['+COPS: 0,0'], 'parse-error'],
    ['malformed: mode 9', ['+COPS: 9'], 'parse-error'],
  ]);
});

describe('parseCpsiRead', () => {
  table(parseCpsiRead, [
    [
      'SIM7600G-H LTE band 3 (T-13)',
      payloadOf(T13_SIM7600GH, 'AT+CPSI?'),
      {
        system: 'LTE',
        operationMode: 'Online',
        mcc: '460',
        mnc: '11',
        tac: 0x775c,
        cellId: 117004595,
        physicalCellId: 399,
        band: 'EUTRAN-BAND3',
        earfcn: 1650,
        dlBandwidth: 5,
        ulBandwidth: 5,
        rsrq: -8.3,
        rsrp: -83.5,
        rssi: -55.2,
        rssnr: 15,
      },
    ],
    [
      'vendor manual WCDMA example, wrapped as in the PDF (T-37, synthetic)',
      payloadOf(T37_MANUAL_CPSI_WCDMA, 'AT+CPSI?'),
      {
        system: 'WCDMA',
        operationMode: 'Online',
        mcc: '460',
        mnc: '01',
        lac: 0xa809,
        cellId: 11122855,
        band: 'WCDMA IMT 2000',
        psc: 279,
        frequency: 10663,
        ssc: 0,
        ecio: 1.5,
        rscp: 62,
        qual: 33,
        rxlev: 52,
        txpwr: 500,
      },
    ],
    [
      'vendor manual GSM example (synthetic)',
      ['+CPSI: GSM,Online,460-00,0x182d,12401,27 EGSM 900,-64,2110,40-40'],
      { system: 'GSM', operationMode: 'Online', mcc: '460', mnc: '00', lac: 0x182d, cellId: 12401, arfcn: '27 EGSM 900', rxlev: -64 },
    ],
    ['no service (sim7600.md §2)', ['+CPSI: NO SERVICE,Online'], { system: 'NO SERVICE', operationMode: 'Online' }],
    ['other system kept raw', ['+CPSI: CDMA,Online,1,2'], { system: 'CDMA', operationMode: 'Online', fields: ['1', '2'] }],
    ['malformed: LTE truncated', ['+CPSI: LTE,Online,460-11,0x775C'], 'parse-error'],
    ['malformed: bad MCC-MNC', ['+CPSI: LTE,Online,46011,0x775C,117004595,399,EUTRAN-BAND3,1650,5,5,-83,-835,-552,15'], 'parse-error'],
    ['malformed: no line (first CPSI after boot answers ERROR, reported)', [], 'parse-error'],
    ['malformed: system only', ['+CPSI: LTE'], 'parse-error'],
  ]);
});

describe('power and mode', () => {
  table(parseCfunRead, [
    ['full functionality', ['+CFUN: 1'], 1],
    ['RF off', ['+CFUN: 4'], 4],
    // Was a parse error (issue 12: `+CFUN: 1,0` reads as radio on, ModemManager test_cfun_response).
    ['two fields (ModemManager test-modem-helpers.c test_cfun_response)', ['+CFUN: 1,0'], 1],
    ['malformed: extra text field', ['+CFUN: 1,x'], 'parse-error'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
  table(parseCnmpRead, [
    ['SIM7600G-H LTE only (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+cnmp?'), 38],
    ['SIM7600G-H automatic (T-13)', payloadOf(T13_SIM7600GH, 'AT+CNMP?'), 2],
    ['malformed: text', ['+CNMP: auto'], 'parse-error'],
  ]);
  table(parseCusbpidswitchRead, [
    ['vendor manual example (T-37, synthetic)', payloadOf(T37_MANUAL_CUSBPIDSWITCH, 'AT+CUSBPIDSWITCH?'), 0x9001],
    ['RNDIS', ['+CUSBPIDSWITCH: 9011'], 0x9011],
    ['malformed: short', ['+CUSBPIDSWITCH: 901'], 'parse-error'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
  it('builds power and mode commands', () => {
    expect(buildCfunWrite(0)).toBe('AT+CFUN=0');
    expect(buildCfunWrite(1, true)).toBe('AT+CFUN=1,1');
    expect(() => buildCfunWrite(0, true)).toThrow(/reset/);
    expect(() => buildCfunWrite(3)).toThrow(/functionality/);
    expect(buildCresetExec()).toBe('AT+CRESET');
    expect(buildCnmpWrite(2)).toBe('AT+CNMP=2'); // T-13
    expect(() => buildCnmpWrite(3)).toThrow(/networkMode/);
    expect(buildCusbpidswitchWrite(0x9001)).toBe(T37_MANUAL_CUSBPIDSWITCH[3]); // T-37: AT+CUSBPIDSWITCH=9001,1,1
    expect(buildCusbpidswitchWrite(0x9011)).toBe('AT+CUSBPIDSWITCH=9011,1,1');
    expect(() => buildCusbpidswitchWrite(0x9016)).toThrow(/pid/);
    expect(buildCmeeWrite(2)).toBe('AT+CMEE=2');
    expect(() => buildCmeeWrite(3)).toThrow(/errorMode/);
    expect(buildEchoOff()).toBe('ATE0');
  });
});

describe('PDP parsers', () => {
  table(parseCgdcontRead, [
    [
      'SIM7600G-H on T-Mobile US (T-9)',
      payloadOf(T9_SIM7600GH_USB, 'at+cgdcont?'),
      [
        { cid: 1, pdpType: 'IPV4V6', apn: 'fast.t-mobile.com', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: false },
        { cid: 2, pdpType: 'IPV4V6', apn: 'ims', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: false },
        { cid: 3, pdpType: 'IPV4V6', apn: 'sos', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: true },
        { cid: 4, pdpType: 'IPV4V6', apn: 'tmus', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: false },
      ],
    ],
    [
      'SIM7600G-H factory table, empty APN in cid 1 (T-13)',
      payloadOf(T13_SIM7600GH, 'AT+CGDCONT?'),
      [
        { cid: 1, pdpType: 'IP', apn: '', address: '0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: false },
        { cid: 2, pdpType: 'IPV4V6', apn: 'ims', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: false },
        { cid: 3, pdpType: 'IPV4V6', apn: '', address: '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0', dataCompression: 0, headerCompression: 0, ipv4AddrAlloc: 0, emergency: true },
      ],
    ],
    ['no contexts defined', [], []],
    ['short form (3 fields)', ['+CGDCONT: 6,"IP","internet"'], [{ cid: 6, pdpType: 'IP', apn: 'internet', address: '' }]],
    ['malformed: cid not a number', ['+CGDCONT: x,"IP","a"'], 'parse-error'],
    ['malformed: too few fields', ['+CGDCONT: 1'], 'parse-error'],
  ]);
  table(parseCgactRead, [
    [
      'SIM7600G-H two active contexts (T-9)',
      payloadOf(T9_SIM7600GH_USB, 'at+cgact?'),
      [
        { cid: 1, active: true },
        { cid: 2, active: true },
        { cid: 3, active: false },
        { cid: 4, active: false },
      ],
    ],
    ['malformed: state 2', ['+CGACT: 1,2'], 'parse-error'],
    ['malformed: one field', ['+CGACT: 1'], 'parse-error'],
  ]);
  table(parseCgattRead, [
    ['SIM7600G-H attached (T-9)', payloadOf(T9_SIM7600GH_USB, 'at+cgatt?'), true],
    ['detached', ['+CGATT: 0'], false],
    ['malformed: 2', ['+CGATT: 2'], 'parse-error'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
  table(parseCgpaddrExec, [
    ['IPv4 address (T-13 address 10.23.156.36 in CGPADDR form)', ['+CGPADDR: 1,10.23.156.36'], [{ cid: 1, ipv4: '10.23.156.36' }]],
    ['quoted, no address yet', ['+CGPADDR: 1,"0.0.0.0"', '+CGPADDR: 6,0.0.0.0'], [{ cid: 1 }, { cid: 6 }]],
    ['IPv4 + dotted IPv6', ['+CGPADDR: 1,10.0.0.2,38.7.0.0.0.0.0.0.0.0.0.0.0.0.0.1'], [{ cid: 1, ipv4: '10.0.0.2', ipv6: '2607:0:0:0:0:0:0:1' }]],
    ['colon IPv6', ['+CGPADDR: 2,"2001:db8::1"'], [{ cid: 2, ipv6: '2001:db8::1' }]],
    ['malformed: octet 256', ['+CGPADDR: 1,10.0.0.256'], 'parse-error'],
    ['malformed: text', ['+CGPADDR: 1,hello'], 'parse-error'],
  ]);
  table(parseCgauthRead, [
    ['PAP with user first in the read form (sim7600.md §2)', ['+CGAUTH: 1,1,"user","secret"'], [{ cid: 1, authType: 1, user: 'user', password: 'secret' }]],
    ['none, no credentials', ['+CGAUTH: 1,0'], [{ cid: 1, authType: 0, user: '', password: '' }]],
    ['malformed: one field', ['+CGAUTH: 1'], 'parse-error'],
  ]);
  it('builds CGDCONT and CGAUTH writes (SIMCom: password before user)', () => {
    expect(buildCgdcontWrite(1, 'IPV4V6', 'fast.t-mobile.com')).toBe('AT+CGDCONT=1,"IPV4V6","fast.t-mobile.com"');
    expect(buildCgdcontWrite(6, 'ip', '')).toBe('AT+CGDCONT=6,"IP",""');
    expect(buildCgdcontDelete(6)).toBe('AT+CGDCONT=6');
    expect(buildCgauthWrite(1, 1, 'secret', 'user')).toBe('AT+CGAUTH=1,1,"secret","user"');
    expect(buildCgauthWrite(1, 0, '', '')).toBe('AT+CGAUTH=1,0');
    expect(() => buildCgdcontWrite(25, 'IP', 'internet')).toThrow(/cid/);
    expect(() => buildCgdcontWrite(1, 'PPP', 'internet')).toThrow(/pdpType/);
    expect(() => buildCgdcontWrite(1, 'IP', 'in"ternet')).toThrow(/apn/);
    expect(() => buildCgauthWrite(1, 1, 'a,b', 'user')).toThrow(/password/);
    expect(() => buildCgauthWrite(1, 1, 'pw', 'us;er')).toThrow(/user/);
    expect(() => buildCgauthWrite(1, 4, 'pw', 'user')).toThrow(/authType/);
  });
});
