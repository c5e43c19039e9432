// Issue 12 "Proof": tables of real public device output (each row names its source, rows.ts and
// devices-rows.ts), run through the same parsers, URC split and device mapping as live data.
import { describe, expect, it } from 'vitest';
import { parseFinalResult } from '../../../src-main/core/at/final-result.js';
import { classifyUrc } from '../../../src-main/core/at/urc.js';
import { parseRegistration, parseRegistrationUrc, type RegistrationKind } from '../../../src-main/core/at/commands/registration.js';
import { parseCfunRead } from '../../../src-main/core/at/commands/power.js';
import { parseIccid } from '../../../src-main/core/at/commands/identity.js';
import { sameApn } from '../../../src-main/core/at/commands/pdp.js';
import { describeModem } from '../../../src-main/core/devices/describe.js';
import { parseKernelLog, parseUsbDevices } from '../../../src-main/core/devices/usb-dump.js';
import type { ModemDescription } from '../../../src-main/core/devices/types.js';
import { APNS, CFUN, FINALS, ICCIDS, REGISTRATION, URCS } from './rows.js';
import { A7670E_JOURNAL, EC200A_6005, EC200A_DMESG, RM500Q_AE_USB_DEVICES, SIM8230C_9071, SIM8230C_9078_PARTIAL, SIM8230C_907B, SIM8230X_DMESG } from './devices-rows.js';

describe('registration lines of real devices, both shapes', () => {
  it.each(REGISTRATION)('%s: %s', (_source, line, shape, stat, area, cell, act) => {
    const kind = /^\+(C5G|CG|CE|C)REG/.exec(line)?.[1]?.toLowerCase().concat('reg') as RegistrationKind;
    const r = shape === 'read' ? parseRegistration(kind, [line]) : parseRegistrationUrc(line);
    expect(r).toBeDefined();
    expect(r).toMatchObject({ stat, ...(area !== undefined ? { area } : {}), ...(cell !== undefined ? { cellId: cell } : {}), ...(act !== undefined ? { act } : {}) });
    // The URC shape is never taken as the answer of the read command.
    if (shape === 'urc') expect(classifyUrc(line, `AT+${kind.toUpperCase()}?`)).toBe(`+${kind.toUpperCase()}`);
    else expect(classifyUrc(line, `AT+${kind.toUpperCase()}?`)).toBeUndefined();
  });
});

describe('URCs anywhere: real unsolicited lines during other commands', () => {
  it.each(URCS)('%s: %s during %s', (_source, line, inFlight, kind) => {
    expect(classifyUrc(line, inFlight)).toBe(kind);
  });
});

describe('final results of other firmware', () => {
  it.each(FINALS)('%s: %s', (_source, line, kind, code) => {
    const f = parseFinalResult(line);
    if (kind === undefined) expect(f).toBeUndefined();
    else expect(f).toMatchObject({ kind, ...(code !== undefined ? { code } : {}) });
  });
});

describe('+CFUN? with one or two fields', () => {
  it.each(CFUN)('%s: %s', (_source, line, fun) => expect(parseCfunRead([line])).toBe(fun));
});

describe('ICCID: quoted, trailing F, swapped, 19/20 digits, Luhn', () => {
  it.each(ICCIDS)('%s: %s', (_source, raw, iccid, luhn) => {
    const r = parseIccid(raw);
    if (iccid === undefined) expect(r).toBeUndefined();
    else expect(r).toEqual({ iccid, luhn });
  });
  it('a wrong check digit is flagged, not taken (the Luhn digit of MM test_iccid_parse_unquoted_unswapped_19_digit changed)', () => {
    expect(parseIccid('8944200053671052498')).toEqual({ iccid: '8944200053671052498', luhn: 'bad' });
  });
});

describe('APN read back with the operator suffix is the same APN', () => {
  it.each(APNS)('%s: %j vs %j', (_source, existing, requested, same) => expect(sameApn(existing, requested)).toBe(same));
});

const one = (text: string): ModemDescription => {
  const [raw] = parseUsbDevices(text);
  if (!raw) throw new Error('no device');
  return describeModem(raw) as ModemDescription;
};

describe('real USB listings through the catalog', () => {
  it('K-RM500Q: RM500Q-AE on 0800 in QMI mode, AT on if2, qmi_wwan on if4', () => {
    const m = one(RM500Q_AE_USB_DEVICES);
    expect(m).toMatchObject({ family: 'rm50x', mode: 'qmi', atInterface: 2, strategy: 'quectel-qcfg-usbnet' });
    expect(m.interfaces.find((i) => i.number === 4)).toMatchObject({ role: 'net-data', driver: 'qmi_wwan' });
    // usb-devices lists no ttys: only that is missing from a live view.
    expect(m.warnings.filter((w) => !/no tty appeared/.test(w))).toEqual([]);
  });
  it('K-8230C: SIM8230C 9071 (DM, NMEA, AT, rmnet, ADB) is a SIM82xx in QMI mode, AT on if2', () => {
    const m = one(SIM8230C_9071);
    expect(m).toMatchObject({ family: 'sim8200', mode: 'qmi', atInterface: 2, keepsAtPort: true });
    expect(m.warnings.filter((w) => !/no tty appeared/.test(w))).toEqual([]);
  });
  it('K-8230C: a partial usb-devices of 9078 (no T: line) still gives what it holds: ECM, AT on if2', () => {
    const raws = parseUsbDevices(`T:  Bus=01 Lev=01 Prnt=01 Port=05 Cnt=02 Dev#=  6 Spd=480  MxCh= 0\n${SIM8230C_9078_PARTIAL}`);
    const m = describeModem(raws[0]!) as ModemDescription;
    expect(m).toMatchObject({ family: 'sim8200', mode: 'ecm', atInterface: 2 });
  });
  it('K-8230C: 907b RNDIS (class ef/04/01 control) is a SIM82xx in RNDIS mode, AT on if4', () => {
    const m = one(SIM8230C_907B);
    expect(m).toMatchObject({ family: 'sim8200', mode: 'rndis', atInterface: 4 });
  });
  it('QF21726: a Quectel PID outside the catalog (EC200A 6005) is reported and its serial ports will be probed', () => {
    const m = one(EC200A_6005);
    expect(m).toMatchObject({ vid: '2c7c', pid: '6005', atPort: null });
    expect(m.warnings[0]).toMatch(/not in the device catalog/);
  });
});

describe('logs users paste', () => {
  it('A7670-J: journalctl -k lines give the ids, the cdc_ether netdev and the tty', () => {
    const d = parseKernelLog(A7670E_JOURNAL).devices.get('1-2.1');
    expect(d).toMatchObject({ vid: 0x1e0e, pid: 0x9011 });
    expect(d?.netdevs.get(0)).toEqual(['usb0']);
    expect(d?.drivers.get(0)).toBe('cdc_ether');
    expect(d?.ttys.get(2)).toEqual(['ttyUSB0']);
  });
  it('PR1300: dmesg with timestamps gives three ttys on if0..if2', () => {
    const d = parseKernelLog(SIM8230X_DMESG).devices.get('3-1');
    expect(d).toMatchObject({ vid: 0x1e0e, pid: 0x9071 });
    expect([0, 1, 2].map((i) => d?.ttys.get(i))).toEqual([['ttyUSB0'], ['ttyUSB1'], ['ttyUSB2']]);
  });
  it('PR1300: a `dmesg | grep ttyUSB` excerpt keeps the ttys without their interface', () => {
    const excerpt = SIM8230X_DMESG.split('\n').filter((l) => l.includes('ttyUSB')).join('\n');
    expect(parseKernelLog(excerpt).devices.get('3-1')?.ttys.get(-1)).toEqual(['ttyUSB0', 'ttyUSB1', 'ttyUSB2']);
  });
  it('QF21726: dmesg with a rename keeps the new name only', () => {
    const d = parseKernelLog(EC200A_DMESG).devices.get('1-12');
    expect(d?.netdevs.get(0)).toEqual(['enp0s20f0u12']);
  });
  it('dmesg without timestamps (the same lines stripped) gives the same facts', () => {
    const bare = SIM8230X_DMESG.replace(/^\[\s*[\d.]+\]\s*/gm, '');
    expect(parseKernelLog(bare).devices.get('3-1')?.ttys.get(2)).toEqual(['ttyUSB2']);
  });
});
