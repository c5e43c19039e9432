// AT answers -> doctor facts, with answers captured from real SIM7600G-H units (transcripts T-9, T-13).
import { describe, expect, it } from 'vitest';
import { atFactsFrom, evidenceFrom, simStateOf, type AtAnswer } from '../../../src-main/core/doctor/at-facts.js';
import { parseFinalResult } from '../../../src-main/core/at/final-result.js';

const ans = (lines: string[], final = 'OK'): AtAnswer => ({ lines, final: parseFinalResult(final)! });

describe('AT answers to doctor facts', () => {
  it('SIM7600G-H (T-9): registered on Mint, T-Mobile APN', () => {
    const f = atFactsFrom({
      port: '/dev/ttyUSB2',
      openFailure: null,
      answered: true,
      holders: null,
      evidence: [],
      answers: {
        'AT+CSQ': ans(['+CSQ: 31,99']),
        'AT+CREG?': ans(['+CREG: 0,1']),
        'AT+CEREG?': ans(['+CEREG: 0,1']),
        'AT+COPS?': ans(['+COPS: 0,0,"Mint",7']),
        'AT+CGDCONT?': ans([
          '+CGDCONT: 1,"IPV4V6","fast.t-mobile.com","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
          '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
        ]),
        'AT+CGACT?': ans(['+CGACT: 1,1', '+CGACT: 2,1', '+CGACT: 3,0', '+CGACT: 4,0']),
      },
    });
    expect(f.signal).toEqual({ rssi: 31, dbm: -51 });
    expect(f.registrations).toEqual([
      { kind: 'CEREG', stat: 1 },
      { kind: 'CREG', stat: 1 },
    ]);
    expect(f.operator).toBe('Mint');
    expect(f.contexts?.[0]).toEqual({ cid: 1, type: 'IPV4V6', apn: 'fast.t-mobile.com' });
    expect(f.active?.filter((x) => x.active).map((x) => x.cid)).toEqual([1, 2]);
  });

  it('SIM7600G-H (T-13): ATI identity, searching, empty APN in cid 1, unknown signal', () => {
    const f = atFactsFrom({
      port: '/dev/ttyUSB2',
      openFailure: null,
      answered: true,
      holders: null,
      evidence: [],
      answers: {
        ATI: ans(['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G-H', 'Revision: SIM7600G_V2.0.2', 'IMEI: xxxxxxxxxxxxx', '+GCAP: +CGSM']),
        'AT+CGREG?': ans(['+CGREG: 0,2']),
        'AT+CSQ': ans(['+CSQ: 99,99']),
        'AT+CGDCONT?': ans(['+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0']),
        'AT+CUSBPIDSWITCH?': ans(['+CUSBPIDSWITCH: 9001']),
      },
    });
    expect(f.model).toBe('SIMCOM_SIM7600G-H');
    expect(f.revision).toBe('SIM7600G_V2.0.2');
    expect(f.registrations).toEqual([{ kind: 'CGREG', stat: 2 }]);
    expect(f.signal).toEqual({ rssi: 99, dbm: null });
    expect(f.contexts?.[0]?.apn).toBe('');
    expect(f.usbPid).toBe('9001');
  });

  it.each([
    ['READY', ans(['+CPIN: READY']), 'ready'],
    ['SIM PIN', ans(['+CPIN: SIM PIN']), 'pin'],
    ['SIM busy (T-13, verbose CME)', ans([], '+CME ERROR: SIM busy'), 'busy'],
    ['SIM not inserted (numeric CME 10)', ans([], '+CME ERROR: 10'), 'not-inserted'],
    ['plain ERROR (CMEE=0)', ans([], 'ERROR'), 'not-inserted'],
    ['malformed', ans(['+CPIN: WHATEVER']), null],
  ])('AT+CPIN? %s', (_n, a, want) => {
    expect(simStateOf(a)?.state ?? null).toBe(want);
  });

  it('evidence drops the echo and keeps the answer lines verbatim', () => {
    const ev = evidenceFrom([
      { dir: 'tx', text: 'AT+CPIN?' },
      { dir: 'rx', text: 'AT+CPIN?' },
      { dir: 'rx', text: '+CME ERROR: SIM busy' },
      { dir: 'tx', text: 'AT+CSQ' },
      { dir: 'rx', text: '+CSQ: 31,99' },
      { dir: 'rx', text: 'OK' },
    ]);
    expect(ev).toEqual([
      { command: 'AT+CPIN?', output: '+CME ERROR: SIM busy' },
      { command: 'AT+CSQ', output: '+CSQ: 31,99\nOK' },
    ]);
  });
});
