// The third vendor, added with only its profile folder, catalog rows and tests (issue 10): a Telit
// LE910C1-EU from the real usb-devices listings of the Linux patches (telit-rows.ts) through the same
// mapping as a live system, and the doctor's judgement with its profile.
import { describe, expect, it } from 'vitest';
import { describeModem } from '../../../src-main/core/devices/describe.js';
import { refineIdentity } from '../../../src-main/core/devices/identity.js';
import type { ModemDescription, RawUsbDevice } from '../../../src-main/core/devices/types.js';
import { parseUsbDevices } from '../../../src-main/core/devices/usb-dump.js';
import { doctorQueries } from '../../../src-main/core/doctor/checks/registry.js';
import { evaluate } from '../../../src-main/core/doctor/evaluate.js';
import type { AtFacts, DoctorFacts } from '../../../src-main/core/doctor/facts.js';
import { usbFactsFrom } from '../../../src-main/core/doctor/from-layers.js';
import { TELIT } from '../../../src-main/core/vendors/index.js';
import { LE910C1_1251_RNDIS, LE910C1_1252_MBIM, LE910C1_1253_ECM, LE910C1_1255_SERIAL } from './telit-rows.js';

/** The listing as sysfs would show it once the drivers bound: option ports get ttyUSB0.. in order, the net function its netdev. */
function bound(listing: string, netdev: string | null): RawUsbDevice {
  const raw = parseUsbDevices(listing)[0]!;
  let tty = 0;
  return {
    ...raw,
    interfaces: raw.interfaces.map((i) => ({
      ...i,
      ttys: i.driver === 'option' ? [`ttyUSB${tty++}`] : [],
      netdevs: i.number === 0 && netdev && i.driver !== 'option' ? [netdev] : [],
    })),
  };
}

describe('Telit LE910C1-EU through the catalog (real usb-devices listings)', () => {
  it.each([
    ['0x1251 RNDIS', LE910C1_1251_RNDIS, 'usb0', { pid: '1251', mode: 'rndis', atInterface: 3, atPort: '/dev/ttyUSB1', netIface: 'usb0' }],
    ['0x1252 MBIM (AT#USBCFG=7)', LE910C1_1252_MBIM, 'wwan0', { pid: '1252', mode: 'mbim', atInterface: 3, atPort: '/dev/ttyUSB1', netIface: 'wwan0' }],
    ['0x1253 ECM', LE910C1_1253_ECM, 'usb0', { pid: '1253', mode: 'ecm', atInterface: 3, atPort: '/dev/ttyUSB1', netIface: 'usb0' }],
    ['0x1255 serial only', LE910C1_1255_SERIAL, null, { pid: '1255', mode: 'serial', atInterface: 1, atPort: '/dev/ttyUSB1', netIface: null }],
  ] as const)('%s: LE910Cx, its AT port, APN in context 1, no switch offered', (_n, listing, netdev, want) => {
    const d = describeModem(bound(listing, netdev)) as ModemDescription;
    expect(d).toMatchObject({ vid: '1bc7', family: 'le910cx', familyCandidates: ['le910cx'], strategy: 'telit-usbcfg', apnContexts: [1], keepsAtPort: true, warnings: [], ...want });
    expect(d.product).toBe('LE910C1-EU');
  });

  it('AT+CGMM confirms the family without a warning', () => {
    const d = describeModem(bound(LE910C1_1253_ECM, 'usb0')) as ModemDescription;
    expect(refineIdentity(d, { model: 'LE910C1-EU' })).toMatchObject({ family: 'le910cx', familyConfirmed: true, warnings: [] });
  });

  it('the doctor asks no vendor mode query of a Telit (none is in its sources)', () => {
    const q = doctorQueries(TELIT);
    expect(q).not.toContain('AT+CUSBPIDSWITCH?');
    expect(q).not.toContain('AT+QCFG="usbnet"');
    expect(q.slice(0, 2)).toEqual(['AT', 'ATI']);
  });
});

function atFacts(): AtFacts {
  return {
    port: '/dev/ttyUSB1', openFailure: null, answered: true, holders: [], manufacturer: 'Telit', model: 'LE910C1-EU', revision: null, imei: null, imsi: null, iccid: null,
    sim: { state: 'ready', raw: '+CPIN: READY' }, functionality: 1, registrations: [{ kind: 'CEREG', stat: 1 }], operator: null, rat: null, signal: { rssi: 20, dbm: -73 },
    usbPid: null, contexts: [{ cid: 1, type: 'IPV4V6', apn: 'internet' }], active: null, addresses: [{ cid: 1, address: '10.1.2.3' }], attached: null, evidence: [],
  };
}

describe('the doctor with the Telit profile', () => {
  it('ECM on Linux: usb.mode fails and says why simhat offers no switch (AT#USBCFG values unknown)', () => {
    const facts: DoctorFacts = { platform: 'linux', usb: usbFactsFrom(describeModem(bound(LE910C1_1253_ECM, 'usb0'))!), at: atFacts(), carrier: null, host: null };
    expect(facts.usb?.family).toBe('telit-le910cx');
    const checks = evaluate(facts);
    const mode = checks.find((c) => c.id === 'usb.mode')!;
    expect(mode).toMatchObject({ status: 'fail', fix: null });
    expect(mode.detail).toMatch(/ECM mode \(1253\).*RNDIS would be right here.*AT#USBCFG/);
    // Context 1 is the only one its sources name: no context-6 demand on a Telit.
    const six = checks.find((c) => c.id === 'apn.rndis-context')!;
    expect(six).toMatchObject({ status: 'skip' });
    expect(six.detail).toMatch(/Telit LE910Cx in ECM mode takes the APN from context 1 only/);
    expect(checks.find((c) => c.id === 'data.pdp')!.status).toBe('pass');
  });

  it('RNDIS on Linux: usb.mode passes; only a port and no mode query: usb.mode is a plain skip', () => {
    const usb = usbFactsFrom(describeModem(bound(LE910C1_1251_RNDIS, 'usb0'))!);
    expect(evaluate({ platform: 'linux', usb, at: atFacts(), carrier: null, host: null }).find((c) => c.id === 'usb.mode')!.status).toBe('pass');
    const portOnly = evaluate({ platform: 'linux', usb: null, at: atFacts(), carrier: null, host: null }).find((c) => c.id === 'usb.mode')!;
    expect(portOnly).toMatchObject({ status: 'skip', fix: null });
    expect(portOnly.detail).toMatch(/^No USB view/);
  });
});
