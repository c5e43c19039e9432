// Recorded USB listings (transcripts.md) through the same mapping a live system uses.
import { describe, expect, it } from 'vitest';
import { describeModem } from '../../../src-main/core/devices/describe.js';
import { parseKernelLog, parseLsusb, parseLsusbTree, parseUsbDevices, withKernelLog } from '../../../src-main/core/devices/usb-dump.js';
import type { ModemDescription, RawUsbDevice } from '../../../src-main/core/devices/types.js';
import {
  T11_SIM7600GH_9001_DMESG,
  T12_SIM7600GH_9001_USB_DEVICES,
  T23_SIM8262_901E_DMESG,
  T25_EC25AF_ECM_USB_DEVICES,
  T27_EC25_DMESG,
  T2_SIM7600_9011_LSUSB_T,
  T5_SIM7600_9011_USB_DEVICES,
  T6_SIM7080_9205_USB_DEVICES,
  T7_SIM7000_9007_LSUSB_T,
} from './fixtures/usb-transcripts.js';

const text = (lines: readonly string[]) => lines.join('\n');

function only(raws: RawUsbDevice[]): RawUsbDevice {
  expect(raws).toHaveLength(1);
  return raws[0] as RawUsbDevice;
}

function described(raw: RawUsbDevice): ModemDescription {
  const d = describeModem(raw);
  expect(d).toBeDefined();
  return d as ModemDescription;
}

const roles = (d: ModemDescription) => Object.fromEntries(d.interfaces.map((i) => [i.number, `${i.role}/${i.driver ?? '-'}`]));

describe('usb-devices dumps', () => {
  it('SIM7600 9011 (T-5): RNDIS, AT on if4, ADB without driver, APN to cid 1 and 6', () => {
    const raw = only(parseUsbDevices(text(T5_SIM7600_9011_USB_DEVICES)));
    expect(raw).toMatchObject({ vid: 0x1e0e, pid: 0x9011, busnum: 3, devnum: 7, manufacturer: 'SimTech, Incorporated', serial: '0123456789ABCDEF' });
    const d = described(raw);
    expect(d.mode).toBe('rndis');
    expect(d.familyCandidates).toEqual(['sim7600', 'sim8200', 'a76xx']);
    expect(d.familyConfirmed).toBe(false);
    expect(d.atInterface).toBe(4);
    expect(d.apnContexts).toEqual([1, 6]);
    expect(roles(d)).toEqual({
      0: 'net-control/rndis_host',
      1: 'net-data/rndis_host',
      2: 'diag/option',
      3: 'nmea/option',
      4: 'at/option',
      5: 'ppp/option',
      6: 'audio/option',
      7: 'adb/-',
    });
    expect(d.interfaces[0]?.classTriple).toEqual({ class: 0x02, subclass: 0x02, protocol: 0xff });
    // usb-devices shows no tty names: the AT interface is known, its /dev node is not.
    expect(d.atPort).toBeNull();
    expect(d.warnings).toEqual(['if4 (at): driver option bound but no tty appeared']);
  });

  it('SIM7080 9205 (T-6): ECM with four option ports, AT on if2, strategy CUSBSELNV', () => {
    const raw = only(parseUsbDevices(text(T6_SIM7080_9205_USB_DEVICES)));
    expect(raw.portPath).toBe('2-3'); // Bus=02 Lev=01 Port=02
    const d = described(raw);
    expect(d).toMatchObject({ vid: '1e0e', pid: '9205', mode: 'ecm', family: 'sim7080', strategy: 'simcom-cusbselnv', atInterface: 2, product: 'SimTech SIM7080' });
    expect(roles(d)).toMatchObject({ 2: 'at/option', 4: 'net-control/cdc_ether', 5: 'net-data/cdc_ether' });
    expect(d.warnings.filter((w) => w.includes('bound to'))).toEqual([]);
  });

  it('SIM7600G-H 9001 (T-12): QMI; the vendor simcom_wwan driver on if5 is accepted', () => {
    const d = described(only(parseUsbDevices(text(T12_SIM7600GH_9001_USB_DEVICES))));
    expect(d.mode).toBe('qmi');
    expect(roles(d)).toEqual({ 0: 'diag/option', 1: 'nmea/option', 2: 'at/option', 3: 'ppp/option', 4: 'audio/option', 5: 'net-data/simcom_wwan' });
    expect(d.warnings.filter((w) => w.includes('bound to'))).toEqual([]);
  });

  it('EC25-AF in ECM (T-25): Quectel usbnet 1 picked by the if4 class 02/06/00, option wrongly on the data interface', () => {
    const raw = only(parseUsbDevices(text(T25_EC25AF_ECM_USB_DEVICES)));
    // Two alternate settings of if5 are listed: one interface.
    expect(raw.interfaces.map((i) => i.number)).toEqual([0, 1, 2, 3, 4, 5]);
    const d = described(raw);
    expect(d).toMatchObject({ vid: '2c7c', pid: '0125', mode: 'ecm', family: 'ec25', strategy: 'quectel-qcfg-usbnet', atInterface: 2, product: 'EC25-AF' });
    expect(d.warnings).toContain('if5 (net-data): bound to option, expected cdc_ether');
    expect(d.warnings).toContain('no driver bound to if4');
  });

  it('the same EC25 interfaces with an RNDIS control interface (e0/01/03) map AT to if4', () => {
    const raw = only(parseUsbDevices(text(T25_EC25AF_ECM_USB_DEVICES)));
    const rndis: RawUsbDevice = {
      ...raw,
      interfaces: [
        { number: 0, classTriple: { class: 0xe0, subclass: 0x01, protocol: 0x03 }, driver: 'rndis_host', ttys: [], netdevs: ['usb0'] },
        { number: 1, classTriple: { class: 0x0a, subclass: 0, protocol: 0 }, driver: 'rndis_host', ttys: [], netdevs: [] },
        ...[2, 3, 4, 5].map((n) => ({ number: n, classTriple: { class: 0xff, subclass: 0, protocol: 0 }, driver: 'option', ttys: [`ttyUSB${n - 2}`], netdevs: [] })),
      ],
    };
    const d = described(rndis);
    expect(d).toMatchObject({ mode: 'rndis', atInterface: 4, atPort: '/dev/ttyUSB2', netIface: 'usb0' });
  });
});

describe('kernel logs', () => {
  it('SIM7600G-H 9001 with shifted ttys (T-11 + T-12): AT port is ttyUSB4, netdev the renamed wwp0s20f0u2u1i5', () => {
    const log = parseKernelLog(text(T11_SIM7600GH_9001_DMESG));
    const facts = log.devices.get('1-2.1');
    expect(facts?.vid).toBe(0x1e0e);
    expect(facts?.pid).toBe(0x9001);
    expect(Object.fromEntries(facts?.ttys ?? [])).toEqual({ 0: ['ttyUSB2'], 1: ['ttyUSB3'], 2: ['ttyUSB4'], 3: ['ttyUSB5'], 4: ['ttyUSB6'] });
    const raw = withKernelLog(only(parseUsbDevices(text(T12_SIM7600GH_9001_USB_DEVICES))), log, '1-2.1');
    const d = described(raw);
    expect(d.atPort).toBe('/dev/ttyUSB4');
    expect(d.pppPort).toBe('/dev/ttyUSB5');
    expect(d.netIface).toBe('wwp0s20f0u2u1i5');
    expect(d.id).toBe('usb:1-2.1:1e0e:9001');
  });

  it('EC25 default enumeration (T-27): the first three option ports, AT on if2 = ttyUSB2', () => {
    const log = parseKernelLog(text(T27_EC25_DMESG));
    const facts = log.devices.get('1-1.3');
    expect(facts).toMatchObject({ vid: 0x2c7c, pid: 0x0125 });
    expect(Object.fromEntries(facts?.ttys ?? [])).toEqual({ 0: ['ttyUSB0'], 1: ['ttyUSB1'], 2: ['ttyUSB2'] });
  });

  // Issue 12 put 901e in the catalog (SIM82xx MBIM-only, StackOverflow 75840041); before, it was
  // "outside the catalog, reported, not guessed" with family unknown. Never offered, no AT port: as before.
  it('SIM8262 stuck on 901e (T-23): the MBIM-only composition without an AT port is reported, never offered', () => {
    const log = parseKernelLog(text(T23_SIM8262_901E_DMESG));
    const facts = log.devices.get('8-2');
    expect(facts).toMatchObject({ vid: 0x1e0e, pid: 0x901e });
    const d = described({ portPath: '8-2', vid: 0x1e0e, pid: 0x901e, interfaces: [] });
    expect(d).toMatchObject({ mode: 'mbim', atPort: null, keepsAtPort: false, family: 'sim8200' });
    expect(d.warnings[0]).toContain('901e: this composition has no AT port');
  });
});

describe('lsusb', () => {
  it('9011 tree (T-2): port path 1-1.1 under the hub, rndis_host on if0/if1, AT if4 bound to option', () => {
    const devices = parseLsusbTree(text(T2_SIM7600_9011_LSUSB_T));
    const modem = devices.find((d) => d.devnum === 5);
    expect(modem?.portPath).toBe('1-1.1');
    const ids = parseLsusb('Bus 001 Device 004: ID 1e0e:9011 Qualcomm / Option ');
    expect(ids).toEqual([{ bus: 1, devnum: 4, vid: 0x1e0e, pid: 0x9011, name: 'Qualcomm / Option' }]);
    const d = described({ ...(modem as RawUsbDevice), vid: 0x1e0e, pid: 0x9011 });
    expect(roles(d)).toMatchObject({ 0: 'net-control/rndis_host', 1: 'net-data/rndis_host', 4: 'at/option' });
  });

  it('SIM7000 on 9007 (T-7): no driver on any interface, PID unknown to the catalog', () => {
    const devices = parseLsusbTree(text(T7_SIM7000_9007_LSUSB_T));
    const modem = only(devices);
    expect(modem.portPath).toBe('1-1');
    expect(modem.interfaces.map((i) => i.driver)).toEqual([null, null, null, null, null, null, 'usb-storage']);
    const d = described({ ...modem, vid: 0x1e0e, pid: 0x9007 });
    expect(d.mode).toBe('unknown');
    expect(d.warnings[0]).toMatch(/1e0e:9007 is not in the device catalog/);
  });
});
