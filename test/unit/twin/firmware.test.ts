// The twin's firmware as command → answer tables. Expected answers are the real SIM7600G-H
// output from shared/docs/transcripts.md (T-9, T-13, T-37) and the formats of sim7600.md, with
// the twin's own identity (IMEI, operator) where the real module prints its own.
import { describe, expect, it } from 'vitest';
import { cmeLine, executeLine, frameResponse, frameUrc } from '../../../src-main/twin/firmware.js';
import { HOME_NETWORK, scenarioState, type ScenarioName } from '../../../src-main/twin/scenarios.js';
import { SIM7600G_H_IDENTITY, settleNetwork, type TwinState } from '../../../src-main/twin/state.js';

/** A scenario as it is long after power-up: SIM started, radio camped, attach settled. */
function settled(name: ScenarioName): TwinState {
  const s = scenarioState(name);
  if (s.sim.status === 'ready') s.runtime.radio = 'camped';
  s.runtime.cpsiReady = true; // someone asked AT+CPSI? long ago (the first one after boot answers ERROR)
  settleNetwork(s);
  return s;
}

/** Runs a line and returns `[...lines, final]`. */
function run(s: TwinState, line: string): string[] {
  const r = executeLine(s, line);
  if (!r) throw new Error(`no answer to ${line}`);
  return [...r.lines, r.final];
}

const IMEI = SIM7600G_H_IDENTITY.imei;

describe('firmware: identification (SIM7600G-H, T-13 and sim7600.md §2)', () => {
  const table: Array<[string, string[]]> = [
    [
      'ATI',
      ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G-H', 'Revision: SIM7600G_V2.0.2', `IMEI: ${IMEI}`, '+GCAP: +CGSM', 'OK'],
    ],
    ['AT+CGMI', ['SIMCOM INCORPORATED', 'OK']],
    ['AT+CGMM', ['SIMCOM_SIM7600G-H', 'OK']],
    ['AT+CGMR', ['+CGMR: LE20B04SIM7600G22', 'OK']],
    ['AT+CGSN', [IMEI, 'OK']],
    ['AT+CIMI', [HOME_NETWORK.imsi, 'OK']],
    ['AT+CICCID', [`+ICCID: ${HOME_NETWORK.iccid}`, 'OK']],
    ['AT', ['OK']],
    ['at', ['OK']],
  ];
  it.each(table)('SIM7600G-H answers %s', (line, expected) => {
    expect(run(settled('seed'), line)).toEqual(expected);
  });

  it('has a 15-digit IMEI with a valid Luhn check digit', () => {
    expect(IMEI).toMatch(/^\d{15}$/);
    const sum = [...IMEI].reverse().reduce((acc, c, i) => {
      let d = Number(c);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      return acc + d;
    }, 0);
    expect(sum % 10).toBe(0);
  });
});

describe('firmware: the wire format', () => {
  it('frames the SIM7600G-H factory +CGDCONT table exactly like T-13', () => {
    const r = executeLine(scenarioState('fresh'), 'AT+CGDCONT?');
    expect(r && frameResponse(r.lines, r.final)).toBe(
      '\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 3,"IPV4V6","","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,1\r\n' +
        '\r\nOK\r\n',
    );
  });

  it('frames boot URCs like the SIM7600 UART hex dump (T-32)', () => {
    expect(Buffer.from(frameUrc('RDY') + frameUrc('+CPIN: READY')).toString('hex')).toBe(
      '0d0a5244590d0a' + '0d0a2b4350494e3a2052454144590d0a',
    );
  });

  it('frames a bare final result as \\r\\nOK\\r\\n', () => {
    expect(frameResponse([], 'OK')).toBe('\r\nOK\r\n');
  });
});

describe('firmware: errors and AT+CMEE (27.007 §9.2)', () => {
  const busy: Array<[0 | 1 | 2, string]> = [
    [2, '+CME ERROR: SIM busy'], // T-13, the SIM7600G-H default
    [1, '+CME ERROR: 14'],
    [0, 'ERROR'],
  ];
  it.each(busy)('SIM7600G-H in the SIM busy window, CMEE=%i: AT+CPIN? → %s', (cmee, expected) => {
    const s = scenarioState('seed');
    s.runtime.simBusy = true;
    s.runtime.cmee = cmee;
    expect(run(s, 'AT+CPIN?')).toEqual([expected]);
  });

  it('answers an unknown command with ERROR', () => {
    expect(run(settled('seed'), 'AT+FOOBAR')).toEqual(['ERROR']);
    expect(run(settled('seed'), 'ATQ9')).toEqual(['ERROR']);
  });

  it('ignores a line that does not start with AT', () => {
    expect(executeLine(settled('seed'), 'hello')).toBeUndefined();
  });

  it('sets and reads the CMEE mode', () => {
    const s = settled('no-sim');
    expect(run(s, 'AT+CMEE=1')).toEqual(['OK']);
    expect(run(s, 'AT+CMEE?')).toEqual(['+CMEE: 1', 'OK']);
    expect(run(s, 'AT+CPIN?')).toEqual(['+CME ERROR: 10']);
    expect(run(s, 'AT+CMEE=3')).toEqual(['ERROR']);
  });

  it('runs ;-joined commands in one line and stops at the first failure', () => {
    const s = settled('seed');
    expect(run(s, 'AT+CSQ;+CGATT?')).toEqual(['+CSQ: 24,99', '+CGATT: 1', 'OK']);
    expect(run(s, 'AT+CSQ;+NOPE;+CGATT?')).toEqual(['+CSQ: 24,99', 'ERROR']);
  });

  it('turns echo off with ATE0 and on with ATE1', () => {
    const s = settled('seed');
    expect(s.runtime.echo).toBe(true);
    expect(run(s, 'ATE0')).toEqual(['OK']);
    expect(s.runtime.echo).toBe(false);
    expect(run(s, 'ATE1')).toEqual(['OK']);
    expect(s.runtime.echo).toBe(true);
  });
});

describe('firmware: SIM states', () => {
  it('no-sim: CPIN, CIMI, CICCID say SIM not inserted', () => {
    const s = settled('no-sim');
    expect(run(s, 'AT+CPIN?')).toEqual(['+CME ERROR: SIM not inserted']);
    expect(run(s, 'AT+CIMI')).toEqual(['+CME ERROR: SIM not inserted']);
    expect(run(s, 'AT+CICCID')).toEqual(['+CME ERROR: SIM not inserted']);
    expect(run(s, 'AT+CREG?')).toEqual(['+CREG: 0,0', 'OK']);
  });

  it('pin-locked: SIM PIN, wrong PINs count down to PUK, the PUK sets a new PIN', () => {
    const s = settled('pin-locked');
    expect(run(s, 'AT+CPIN?')).toEqual(['+CPIN: SIM PIN', 'OK']);
    expect(run(s, 'AT+CIMI')).toEqual(['+CME ERROR: SIM PIN required']);
    expect(run(s, 'AT+SPIC')).toEqual(['+SPIC: 3,10,3,10', 'OK']);
    expect(run(s, 'AT+CPIN="0000"')).toEqual(['+CME ERROR: incorrect password']);
    expect(run(s, 'AT+SPIC')).toEqual(['+SPIC: 2,10,3,10', 'OK']);
    run(s, 'AT+CPIN="0000"');
    expect(run(s, 'AT+CPIN="0000"')).toEqual(['+CME ERROR: incorrect password']);
    expect(run(s, 'AT+CPIN?')).toEqual(['+CPIN: SIM PUK', 'OK']);
    expect(run(s, `AT+CPIN="${HOME_NETWORK.puk}","4321"`)).toEqual(['OK']);
    expect(run(s, 'AT+CPIN?')).toEqual(['+CPIN: READY', 'OK']);
    expect(s.sim.pin).toBe('4321');
  });

  it('pin-locked: the right PIN unlocks and asks the twin to finish the SIM start', () => {
    const s = settled('pin-locked');
    const r = executeLine(s, `AT+CPIN=${HOME_NETWORK.pin}`);
    expect(r?.final).toBe('OK');
    expect(r?.effects).toEqual([{ kind: 'sim-unlocked' }]);
    expect(run(s, 'AT+CPIN=1234')).toEqual(['+CME ERROR: operation not allowed']);
  });
});

describe('firmware: network (sim7600.md §2, T-9, T-13)', () => {
  it('seed: registered at home on LTE', () => {
    const s = settled('seed');
    expect(run(s, 'AT+CREG?')).toEqual(['+CREG: 0,1', 'OK']);
    expect(run(s, 'AT+CGREG?')).toEqual(['+CGREG: 0,1', 'OK']);
    expect(run(s, 'AT+CEREG?')).toEqual(['+CEREG: 0,1', 'OK']);
    expect(run(s, 'AT+COPS?')).toEqual([`+COPS: 0,0,"${HOME_NETWORK.operatorName}",7`, 'OK']);
    expect(run(s, 'AT+CSQ')).toEqual(['+CSQ: 24,99', 'OK']);
    expect(run(s, 'AT+CPSI?')).toEqual(['+CPSI: LTE,Online,302-490,0x775C,117004595,399,EUTRAN-BAND4,2175,5,5,-83,-935,-650,15', 'OK']);
    expect(run(s, 'AT+CNMP?')).toEqual(['+CNMP: 2', 'OK']);
  });

  it('the first AT+CPSI? after power-up answers ERROR, the next one the serving cell (sim7600.md §2)', () => {
    const s = scenarioState('seed');
    s.runtime.radio = 'camped';
    settleNetwork(s);
    expect(run(s, 'AT+CPSI=?')).toEqual(['+CPSI: (0-255)', 'OK']);
    expect(run(s, 'AT+CPSI?')).toEqual(['ERROR']);
    expect(run(s, 'AT+CPSI?')).toEqual(['+CPSI: LTE,Online,302-490,0x775C,117004595,399,EUTRAN-BAND4,2175,5,5,-83,-935,-650,15', 'OK']);
    expect(run(s, 'AT+CPSI?')[1]).toBe('OK');
  });

  it('CREG=2 adds TAC, cell id and AcT', () => {
    const s = settled('seed');
    expect(run(s, 'AT+CEREG=2')).toEqual(['OK']);
    expect(run(s, 'AT+CEREG?')).toEqual(['+CEREG: 2,1,"775C","6F95933",7', 'OK']);
  });

  it('no-signal: searching, CSQ 99,99 (T-13 before registration), no service', () => {
    const s = settled('no-signal');
    expect(run(s, 'AT+CGREG?')).toEqual(['+CGREG: 0,2', 'OK']);
    expect(run(s, 'AT+CSQ')).toEqual(['+CSQ: 99,99', 'OK']);
    expect(run(s, 'AT+COPS?')).toEqual(['+COPS: 0', 'OK']);
    expect(run(s, 'AT+CPSI?')).toEqual(['+CPSI: NO SERVICE,Online', 'OK']);
    expect(run(s, 'AT+CGATT?')).toEqual(['+CGATT: 0', 'OK']);
  });

  it('denied: stat 3, not attached', () => {
    const s = settled('denied');
    expect(run(s, 'AT+CREG?')).toEqual(['+CREG: 0,3', 'OK']);
    expect(run(s, 'AT+CGATT?')).toEqual(['+CGATT: 0', 'OK']);
  });

  it('CNMP=13 (GSM only) moves COPS AcT to 0; bad modes are refused', () => {
    const s = settled('seed');
    expect(run(s, 'AT+CNMP=13')).toEqual(['OK']);
    expect(run(s, 'AT+COPS?')).toEqual([`+COPS: 0,0,"${HOME_NETWORK.operatorName}",0`, 'OK']);
    expect(run(s, 'AT+CNMP=7')).toEqual(['ERROR']);
  });

  it('COPS=? lists the cell after a scan', () => {
    const r = executeLine(settled('seed'), 'AT+COPS=?');
    expect(r?.effects).toContainEqual({ kind: 'slow', what: 'cops-scan' });
    expect(r?.lines).toEqual([
      '+COPS: (2,"Freedom Mobile","Freedom","302490",7),(2,"Freedom Mobile","Freedom","302490",2),(2,"Freedom Mobile","Freedom","302490",0),,(0,1,2,3,4),(0,1,2)',
    ]);
  });
});

describe('firmware: power (CFUN, CRESET)', () => {
  it('CFUN=0 drops registration, attach and the data session; CFUN=1 asks the twin to search again', () => {
    const s = settled('good');
    expect(run(s, 'AT+CGPADDR=1')).toEqual(['+CGPADDR: 1,10.23.156.36', 'OK']);
    const off = executeLine(s, 'AT+CFUN=0');
    expect(off?.effects).toEqual([{ kind: 'radio' }]);
    expect(run(s, 'AT+CFUN?')).toEqual(['+CFUN: 0', 'OK']);
    expect(run(s, 'AT+CREG?')).toEqual(['+CREG: 0,0', 'OK']);
    expect(run(s, 'AT+CGATT?')).toEqual(['+CGATT: 0', 'OK']);
    expect(run(s, 'AT+CGPADDR=1')).toEqual(['+CGPADDR: 1,0.0.0.0', 'OK']);
    expect(run(s, 'AT+CPSI?')).toEqual(['+CPSI: NO SERVICE,Low Power Mode', 'OK']);
    expect(executeLine(s, 'AT+CFUN=1')?.effects).toEqual([{ kind: 'radio' }]);
  });

  it('CFUN=1,1 and CRESET answer OK and reset', () => {
    expect(executeLine(settled('seed'), 'AT+CFUN=1,1')).toEqual({ lines: [], final: 'OK', effects: [{ kind: 'reset', reason: 'cfun' }] });
    expect(executeLine(settled('seed'), 'AT+CRESET')).toEqual({ lines: [], final: 'OK', effects: [{ kind: 'reset', reason: 'creset' }] });
    expect(run(settled('seed'), 'AT+CFUN=2')).toEqual(['+CME ERROR: incorrect parameters']);
  });
});

describe('firmware: USB composition (AT+CUSBPIDSWITCH, vendor manual §4.23, T-37)', () => {
  it('reads the PID', () => {
    expect(run(settled('fresh'), 'AT+CUSBPIDSWITCH?')).toEqual(['+CUSBPIDSWITCH: 9001', 'OK']);
  });

  it('same PID: OK and no reset (T-37)', () => {
    expect(executeLine(settled('fresh'), 'AT+CUSBPIDSWITCH=9001,1,1')).toEqual({ lines: [], final: 'OK', effects: [] });
  });

  it('new PID: stored in NV, OK, then reset', () => {
    const s = settled('fresh');
    expect(executeLine(s, 'AT+CUSBPIDSWITCH=9011,1,1')?.effects).toEqual([{ kind: 'reset', reason: 'pid-switch' }]);
    expect(s.nv.usbPid).toBe(9011);
  });

  it('reboot=0 stores the PID without resetting', () => {
    const s = settled('fresh');
    expect(executeLine(s, 'AT+CUSBPIDSWITCH=9018,0,0')).toEqual({ lines: [], final: 'OK', effects: [] });
    expect(s.nv.usbPid).toBe(9018);
  });

  it.each(['AT+CUSBPIDSWITCH=9016,1,1', 'AT+CUSBPIDSWITCH=9011', 'AT+CUSBPIDSWITCH="9011",1,1', 'AT+CUSBPIDSWITCH=9011,2,1'])(
    'refuses %s with ERROR',
    (line) => {
      const s = settled('fresh');
      expect(run(s, line)).toEqual(['ERROR']);
      expect(s.nv.usbPid).toBe(9001);
    },
  );
});

describe('firmware: PDP contexts, auth and the seed problem (sim7600.md §2)', () => {
  it('seed: nothing active, no address (the SE question)', () => {
    const s = settled('seed');
    expect(run(s, 'AT+CGACT?')).toEqual(['+CGACT: 1,0', '+CGACT: 2,0', '+CGACT: 3,0', 'OK']);
    expect(run(s, 'AT+CGPADDR')).toEqual([
      '+CGPADDR: 1,0.0.0.0',
      '+CGPADDR: 2,0.0.0.0,0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0',
      '+CGPADDR: 3,0.0.0.0,0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0',
      'OK',
    ]);
    expect(run(s, 'AT+CGACT=1,1')).toEqual(['+CME ERROR: unspecified GPRS error']);
  });

  it('seed in RNDIS: the APN in cid 1 alone is not enough; cid 6 too brings data up', () => {
    const s = settled('seed');
    expect(run(s, `AT+CGDCONT=1,"IP","${HOME_NETWORK.apn}"`)).toEqual(['OK']);
    expect(run(s, 'AT+CGACT=1,1')).toEqual(['+CME ERROR: unspecified GPRS error']);
    expect(run(s, `AT+CGDCONT=6,"IP","${HOME_NETWORK.apn}"`)).toEqual(['OK']);
    expect(run(s, 'AT+CGACT=1,1;+CGACT=1,6')).toEqual(['OK']);
    expect(run(s, 'AT+CGPADDR=1,6')).toEqual(['+CGPADDR: 1,10.23.156.36', '+CGPADDR: 6,10.23.156.41', 'OK']);
  });

  it('fresh (QMI 9001): the APN in cid 1 is enough', () => {
    const s = settled('fresh');
    run(s, `AT+CGDCONT=1,"IPV4V6","${HOME_NETWORK.apn.toUpperCase()}"`);
    expect(run(s, 'AT+CGACT=1,1')).toEqual(['OK']);
    expect(run(s, 'AT+CGPADDR=1')).toEqual(['+CGPADDR: 1,10.23.156.36,32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1', 'OK']);
  });

  it('good: cid 1 and cid 6 active with addresses', () => {
    const s = settled('good');
    expect(run(s, 'AT+CGACT?')).toEqual(['+CGACT: 1,1', '+CGACT: 2,0', '+CGACT: 3,0', '+CGACT: 6,1', 'OK']);
    expect(run(s, 'AT+CGACT=0,1')).toEqual(['OK']);
    expect(run(s, 'AT+CGPADDR=1')).toEqual(['+CGPADDR: 1,0.0.0.0', 'OK']);
  });

  it('CGDCONT write, delete, and refusals', () => {
    const s = settled('fresh');
    expect(run(s, 'AT+CGDCONT=24,"IPV6","x.y"')).toEqual(['OK']);
    expect(run(s, 'AT+CGDCONT?').at(-2)).toBe('+CGDCONT: 24,"IPV6","x.y","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0');
    expect(run(s, 'AT+CGDCONT=24')).toEqual(['OK']);
    expect(run(s, 'AT+CGDCONT?')).toHaveLength(4);
    expect(run(s, 'AT+CGDCONT=25,"IP","x"')).toEqual(['ERROR']);
    expect(run(s, 'AT+CGDCONT=1,"PPPX","x"')).toEqual(['ERROR']);
    expect(run(s, 'AT+CGDCONT=1,"IP","unterminated')).toEqual(['ERROR']);
  });

  it('CGAUTH: the write takes the password before the user, the read shows the user first', () => {
    const s = settled('fresh');
    expect(run(s, 'AT+CGAUTH=1,1,"secret","alice"')).toEqual(['OK']);
    expect(run(s, 'AT+CGAUTH?')).toEqual(['+CGAUTH: 1,1,"alice","secret"', '+CGAUTH: 2,0,"",""', '+CGAUTH: 3,0,"",""', 'OK']);
    expect(run(s, 'AT+CGAUTH=1')).toEqual(['OK']);
    expect(run(s, 'AT+CGAUTH?')[0]).toBe('+CGAUTH: 1,0,"",""');
    expect(run(s, 'AT+CGAUTH=1,4,"a","b"')).toEqual(['ERROR']);
  });

  it('an APN that needs PAP credentials fails with PDP authentication failure until CGAUTH matches', () => {
    const s = scenarioState('fresh');
    s.network.apnCredentials[HOME_NETWORK.apn] = { user: 'u', password: 'p' };
    s.runtime.radio = 'camped';
    settleNetwork(s);
    run(s, `AT+CGDCONT=1,"IP","${HOME_NETWORK.apn}"`);
    expect(run(s, 'AT+CGACT=1,1')).toEqual(['+CME ERROR: PDP authentication failure']);
    run(s, 'AT+CGAUTH=1,1,"p","u"');
    expect(run(s, 'AT+CGACT=1,1')).toEqual(['OK']);
  });

  it('CGATT=0 detaches and drops contexts; CGATT=1 re-attaches with the current APNs', () => {
    const s = settled('good');
    expect(run(s, 'AT+CGATT=0')).toEqual(['OK']);
    expect(run(s, 'AT+CGATT?')).toEqual(['+CGATT: 0', 'OK']);
    expect(run(s, 'AT+CGACT?')[0]).toBe('+CGACT: 1,0');
    expect(run(s, 'AT+CGATT=1')).toEqual(['OK']);
    expect(run(s, 'AT+CGACT?')[0]).toBe('+CGACT: 1,1');
  });

  it('AT+CGACT=1,<cid> with no network says no network service', () => {
    expect(run(settled('no-signal'), 'AT+CGACT=1,1')).toEqual(['+CME ERROR: no network service']);
  });
});

describe('cmeLine', () => {
  it.each([
    [0, 14, 'ERROR'],
    [1, 14, '+CME ERROR: 14'],
    [2, 14, '+CME ERROR: SIM busy'],
    [2, 149, '+CME ERROR: PDP authentication failure'],
  ] as const)('CMEE=%i code %i → %s', (mode, code, expected) => {
    expect(cmeLine(mode, code)).toBe(expected);
  });
});
