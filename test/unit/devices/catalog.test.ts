import { describe, expect, it } from 'vitest';
import { COMPOSITIONS, compositionsFor, familySpec } from '../../../src-main/core/devices/catalog.js';
import { busyInfo, mmIgnoreRule } from '../../../src-main/core/devices/contention.js';
import { describeModem } from '../../../src-main/core/devices/describe.js';
import { familyFromModel, parseImeiAnswer, parseModelAnswer, refineIdentity } from '../../../src-main/core/devices/identity.js';
import type { ModemDescription, RawUsbDevice } from '../../../src-main/core/devices/types.js';
import { sim7600UsbLayout, type Sim7600Pid } from '../../../src-main/twin/usb-descriptors.js';
import { T13_SIM7600GH } from '../at/fixtures/transcripts.js';

/** A raw device straight from the twin's layout (ttys numbered from 0 in interface order). */
function fromLayout(pid: Sim7600Pid, portPath = '1-1.3'): RawUsbDevice {
  let tty = 0;
  const l = sim7600UsbLayout(pid);
  return {
    portPath,
    vid: l.vid,
    pid: l.pid,
    interfaces: l.interfaces.map((i) => ({
      number: i.number,
      classTriple: { class: i.class, subclass: i.subclass, protocol: i.protocol },
      driver: i.driver,
      ttys: i.serial && i.driver ? [`ttyUSB${tty++}`] : [],
      netdevs: i.net ? [`${i.net}0`] : [],
    })),
  };
}

describe('catalog', () => {
  it('every composition that keeps an AT port names exactly one AT interface', () => {
    for (const c of COMPOSITIONS.filter((c) => c.keepsAtPort)) {
      const ats = Object.values(c.interfaces).filter((i) => i.role === 'at');
      expect(ats, `${c.vid.toString(16)}:${c.pid.toString(16)} ${c.name}`).toHaveLength(1);
    }
  });

  it('covers the PIDs of the issue and tells PIDs apart from models', () => {
    const ids = (vid: number, pid: number) => compositionsFor(vid, pid).flatMap((c) => c.families);
    expect(ids(0x1e0e, 0x9001)).toEqual(['sim7600', 'sim7100', 'sim7000', 'sim8200']);
    expect(ids(0x1e0e, 0x9011)).toEqual(['sim7600', 'sim8200', 'a76xx']);
    for (const pid of [0x9018, 0x9003]) expect(ids(0x1e0e, pid)).toEqual(['sim7600']);
    for (const pid of [0x9205, 0x9206]) expect(ids(0x1e0e, pid)).toEqual(['sim7080']);
    for (const [pid, fam] of [[0x0125, 'ec25'], [0x0121, 'ec21'], [0x0195, 'eg95'], [0x0296, 'bg96'], [0x0306, 'ep06']] as const) {
      expect(compositionsFor(0x2c7c, pid).map((c) => c.mode)).toEqual(['qmi', 'ecm', 'mbim', 'rndis']);
      expect(new Set(ids(0x2c7c, pid))).toEqual(new Set([fam]));
    }
  });

  it('compositions without AT are never offered', () => {
    for (const pid of [0x9016, 0x9019, 0x9021, 0x9029]) expect(compositionsFor(0x1e0e, pid)[0]?.keepsAtPort).toBe(false);
    expect(compositionsFor(0x1e0e, 0x9011)[0]?.keepsAtPort).toBe(true);
  });

  it('mode-switch strategy follows the family', () => {
    expect(familySpec('sim7600')?.strategy).toBe('simcom-cusbpidswitch');
    expect(familySpec('sim8200')?.strategy).toBe('simcom-cusbcfg');
    expect(familySpec('ec25')?.strategy).toBe('quectel-qcfg-usbnet');
  });
});

describe('the twin layouts through the mapper', () => {
  it.each([
    [0x9001, 'qmi', 2, '/dev/ttyUSB2', 'wwan0', [1]],
    [0x9011, 'rndis', 4, '/dev/ttyUSB2', 'usb0', [1, 6]],
    [0x9003, 'mbim', 2, '/dev/ttyUSB2', 'wwan0', [1]],
  ] as const)('%s -> %s, AT if%s at %s, net %s, APN cids %j', (pid, mode, atIf, atPort, net, cids) => {
    const d = describeModem(fromLayout(pid)) as ModemDescription;
    expect(d).toMatchObject({ mode, atInterface: atIf, atPort, netIface: net, apnContexts: [...cids], warnings: [] });
  });

  it('9018 without new_id: the ECM link works, the serial ports are missing and the fix is named', () => {
    const d = describeModem(fromLayout(0x9018)) as ModemDescription;
    expect(d).toMatchObject({ mode: 'ecm', atPort: null, atInterface: 2, netIface: 'usb0', apnContexts: [1, 6] });
    expect(d.warnings).toEqual(['9018: no serial driver bound (if0, if1, if2, if3, if4), add new_id: echo 1e0e 9018 > /sys/bus/usb-serial/drivers/generic/new_id (or a udev rule)']);
  });

  it('9018 with new_id written: usbserial_generic is accepted', () => {
    const l = sim7600UsbLayout(0x9018, { newIdWritten: true });
    const raw: RawUsbDevice = {
      portPath: '1-1',
      vid: l.vid,
      pid: l.pid,
      interfaces: l.interfaces.map((i) => ({ number: i.number, classTriple: { class: i.class, subclass: i.subclass, protocol: i.protocol }, driver: i.driver, ttys: i.serial ? [`ttyUSB${i.number}`] : [], netdevs: [] })),
    };
    const d = describeModem(raw) as ModemDescription;
    expect(d.atPort).toBe('/dev/ttyUSB2');
    expect(d.warnings).toEqual([]);
  });

  it('a non-modem vendor (FTDI adapter) is not a modem', () => {
    expect(describeModem({ portPath: '1-1.1', vid: 0x0403, pid: 0x6001, interfaces: [] })).toBeUndefined();
  });
});

describe('identity from the AT port', () => {
  it.each([
    ['SIMCOM_SIM7600G-H', 'sim7600'],
    ['SIMCOM_SIM7600E-H', 'sim7600'],
    ['SIM7500A', 'sim7600'],
    ['SIMCOM_SIM7000E', 'sim7000'],
    ['SIMCOM_SIM7100E', 'sim7100'],
    ['SIM7080G', 'sim7080'],
    ['SIM7070G', 'sim7080'],
    ['SIMCOM_SIM8200EA-M2', 'sim8200'],
    ['SIM8262E-M2', 'sim8200'],
    ['A7670E', 'a76xx'],
    ['A7600E-H', 'a76xx'],
    ['EC25EFA', 'ec25'],
    ['EG95', 'eg95'],
    ['BG96', 'bg96'],
    ['Fibocom L850', 'unknown'],
  ])('%s -> %s', (model, family) => {
    expect(familyFromModel(model)).toBe(family);
  });

  it('reads the model from ATI (T-13, SIM7600G-H) and from a bare AT+CGMM line with echo', () => {
    const ati = T13_SIM7600GH.slice(T13_SIM7600GH.indexOf('ATI'), T13_SIM7600GH.indexOf('ATI') + 9).join('\r\n');
    expect(parseModelAnswer(ati)).toBe('SIMCOM_SIM7600G-H');
    expect(parseModelAnswer('AT+CGMM\r\r\nSIMCOM_SIM7600G-H\r\n\r\nOK\r\n')).toBe('SIMCOM_SIM7600G-H');
    expect(parseModelAnswer('\r\nERROR\r\n')).toBeUndefined();
    expect(parseImeiAnswer('\r\n862636055891234\r\n\r\nOK\r\n')).toBe('862636055891234');
    expect(parseImeiAnswer('IMEI: xxxxxxxxxxxxx')).toBeUndefined(); // T-13 masks it
  });

  it('confirms SIM7000 on 9001 and keeps its strategy', () => {
    const d = describeModem(fromLayout(0x9001)) as ModemDescription;
    expect(d.family).toBe('sim7600');
    const r = refineIdentity(d, { model: 'SIMCOM_SIM7000E', imei: '861234567890123' });
    expect(r).toMatchObject({ family: 'sim7000', familyConfirmed: true, model: 'SIMCOM_SIM7000E', imei: '861234567890123', strategy: 'simcom-cusbpidswitch' });
    expect(r.warnings).toEqual([]);
  });

  it('SIM8200 on 9011 switches with CUSBCFG', () => {
    const r = refineIdentity(describeModem(fromLayout(0x9011)) as ModemDescription, { model: 'SIMCOM_SIM8200EA-M2' });
    expect(r).toMatchObject({ family: 'sim8200', strategy: 'simcom-cusbcfg', apnContexts: [1, 6] });
  });

  it('an A76xx answering on 9011 gets its own layout: RNDIS roles kept, the SIM7600 serial roles dropped', () => {
    const d = describeModem(fromLayout(0x9011)) as ModemDescription;
    const r = refineIdentity(d, { model: 'A7670E' });
    expect(r.family).toBe('a76xx');
    expect(r.apnContexts).toEqual([1]);
    expect(r.atPort).toBe(d.atPort); // the port that answered
    expect(r.interfaces.find((i) => i.number === 4)?.role).toBe('unknown');
    expect(r.interfaces.find((i) => i.number === 0)?.role).toBe('net-control');
  });

  it('warns when the model is not known on this PID', () => {
    const r = refineIdentity(describeModem(fromLayout(0x9001)) as ModemDescription, { model: 'EC25EFA' });
    expect(r.warnings).toContain('model "EC25EFA" (ec25) is not known on 1e0e:9001');
  });
});

describe('port contention fix', () => {
  it('ModemManager: the ID_MM_DEVICE_IGNORE rule for this VID:PID, or pausing it', () => {
    const b = busyInfo('1e0e', '9011', [{ pid: 812, command: 'ModemManager', port: '/dev/ttyUSB4' }]);
    expect(b?.fix).toContain('/dev/ttyUSB4 is held by ModemManager (pid 812).');
    expect(b?.fix).toContain('ATTRS{idVendor}=="1e0e", ATTRS{idProduct}=="9011", ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(b?.fix).toContain('systemctl stop ModemManager');
  });

  it('another program: close it', () => {
    expect(busyInfo('1e0e', '9001', [{ pid: 9, command: 'minicom', port: '/dev/ttyUSB2' }])?.fix).toMatch(/Close minicom/);
    expect(busyInfo('1e0e', '9001', [])).toBeNull();
  });

  it('refuses to build a rule from malformed ids', () => {
    expect(() => mmIgnoreRule('1e0e"', '9001')).toThrow(/not a USB id/);
  });
});
