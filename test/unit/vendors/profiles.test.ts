// The vendor profile registry (issue 10, item 3): which profile a modem gets, THE one rule of which PDP
// contexts get the APN (catalog, apply, doctor all ask it and agree), the mode switches and the
// watchdog's re-attach and reset per vendor.
import { describe, expect, it } from 'vitest';
import { contextsForDevice } from '../../../src-main/core/apn/apply-plan.js';
import { A76XX_9011, ALTERNATE_LAYOUTS, COMPOSITIONS, FAMILIES, isModemVendor, usbModeOfComposition, type CompositionSpec } from '../../../src-main/core/devices/catalog.js';
import { familyFromModel } from '../../../src-main/core/devices/identity.js';
import type { ModemFamily } from '../../../src-main/core/devices/types.js';
import { evaluate } from '../../../src-main/core/doctor/evaluate.js';
import type { DoctorFacts } from '../../../src-main/core/doctor/facts.js';
import { familyKey, planSwitch, profileById, reattachCommands, resolveProfile, VENDOR_PROFILES } from '../../../src-main/core/vendors/index.js';
import { UnsupportedSwitch } from '../../../src-main/core/vendors/profile.js';

describe('resolveProfile: which vendor profile a modem gets', () => {
  it.each([
    ['catalog family', { family: 'sim8200' }, 'simcom', 'sim8200'],
    ["doctor's family key", { family: 'quectel-ec25' }, 'quectel', 'ec25'],
    ['AT+CGMM of a SIM7600G-H (T-13)', { model: 'SIMCOM_SIM7600G-H' }, 'simcom', 'sim7600'],
    ['ATI model of an EG25-G (bare lines)', { model: 'EG25' }, 'quectel', 'ec25'],
    ['USB product of an LE910C1-EU', { model: 'LE910C1-EU' }, 'telit', 'le910cx'],
    ['USB vendor id only', { vid: '2c7c' }, 'quectel', undefined],
    ['USB vendor id as a number', { vid: 0x1bc7 }, 'telit', undefined],
    ['manufacturer only', { manufacturer: 'Quectel' }, 'quectel', undefined],
    ['SIMCom manufacturer line of ATI (T-13)', { manufacturer: 'SIMCOM INCORPORATED' }, 'simcom', undefined],
  ] as const)('%s', (_n, hint, vendor, family) => {
    const r = resolveProfile(hint);
    expect(r.profile.id).toBe(vendor);
    expect(r.family?.family).toBe(family);
    expect(r.known).toBe(true);
  });

  it('nothing known: the default profile (SIMCom), flagged as a guess', () => {
    const r = resolveProfile({ model: 'Fibocom L850' });
    expect(r).toMatchObject({ known: false, family: undefined });
    expect(r.profile.id).toBe('simcom');
  });

  it('every profile family is a catalog family of that vendor, and models name them', () => {
    for (const p of VENDOR_PROFILES) {
      for (const f of p.families) expect(FAMILIES.find((x) => x.family === f.family)).toMatchObject({ vendor: p.id, strategy: f.modeSwitch.strategy });
    }
    expect(familyFromModel('LE910C1-EU')).toBe('le910cx');
    expect(isModemVendor(0x1bc7)).toBe(true);
    expect(isModemVendor(0x0403)).toBe(false); // an FTDI adapter
  });
});

/** Facts of a modem in `mode` whose APN is in context 1 only, nothing past the modem answering. */
function factsWithoutContext6(family: string, vendor: string, mode: 'rndis' | 'ecm' | 'qmi' | 'mbim' | 'other'): DoctorFacts {
  return {
    platform: 'linux',
    usb: { present: true, vid: '1e0e', pid: '9011', family: familyKey(profileById(vendor)!, family), name: null, mode, hasAtPort: true, interfaces: [], evidence: [] },
    at: {
      port: '/dev/ttyUSB2', openFailure: null, answered: true, holders: [], manufacturer: null, model: null, revision: null, imei: null, imsi: null, iccid: null,
      sim: { state: 'ready', raw: '+CPIN: READY' }, functionality: 1, registrations: [{ kind: 'CEREG', stat: 1 }], operator: null, rat: null, signal: { rssi: 20, dbm: -73 },
      usbPid: null, contexts: [{ cid: 1, type: 'IP', apn: 'internet' }], active: null, addresses: [{ cid: 1, address: '0.0.0.0' }], attached: null, evidence: [],
    },
    carrier: null,
    host: null,
  };
}

const ROWS: CompositionSpec[] = [...COMPOSITIONS, ...ALTERNATE_LAYOUTS, A76XX_9011];
const CASES = ROWS.flatMap((row) => row.families.map((family) => [`${row.vid.toString(16)}:${row.pid.toString(16)} ${row.name} as ${family}`, row, family] as const));

describe('THE one rule of which contexts get the APN: catalog, apply and doctor agree (issue 10)', () => {
  it.each(CASES)('%s', (_n, row, family) => {
    const profile = profileById(row.profile)!;
    const mode = usbModeOfComposition(row.mode);
    const rule = profile.apnContexts(family, mode);
    // The catalog's row (first family), the apply workflow's choice, the doctor's cid-6 check.
    if (family === row.families[0]) expect(row.apnContexts).toEqual(rule);
    expect(contextsForDevice({ family: family as ModemFamily, ...(row.mode !== 'unknown' ? { mode: mode! } : {}) }).contexts).toEqual(rule);
    if (mode !== null) {
      const check = evaluate(factsWithoutContext6(family, row.profile, mode)).find((c) => c.id === 'apn.rndis-context')!;
      expect(check.status).toBe(rule.includes(6) ? 'fail' : 'skip');
    }
  });

  it('the case the issue names: a SIM82xx in RNDIS gets contexts 1 and 6 from all of them', () => {
    expect(COMPOSITIONS.find((c) => c.pid === 0x9011 && c.families.includes('sim8200'))?.apnContexts).toEqual([1, 6]);
    expect(contextsForDevice({ family: 'sim8200', pid: 0x9011 }).contexts).toEqual([1, 6]);
    expect(contextsForDevice({ family: 'sim8200', pid: 0x907b }).contexts).toEqual([1, 6]);
    const check = evaluate(factsWithoutContext6('sim8200', 'simcom', 'rndis')).find((c) => c.id === 'apn.rndis-context')!;
    expect(check).toMatchObject({ status: 'fail', fix: { id: 'apply-apn' } });
    expect(check.detail).toMatch(/SIM82xx \(5G\) needs the APN in context 6 too/);
  });

  it('an A76xx on the same 9011 takes context 1 only, and the doctor says why it skips', () => {
    expect(contextsForDevice({ family: 'a76xx', pid: 0x9011 }).contexts).toEqual([1]);
    const check = evaluate(factsWithoutContext6('a76xx', 'simcom', 'rndis')).find((c) => c.id === 'apn.rndis-context')!;
    expect(check).toMatchObject({ status: 'skip' });
    expect(check.detail).toMatch(/SIMCom A76xx in RNDIS mode takes the APN from context 1 only/);
  });
});

describe('mode switch, re-attach and reset per vendor', () => {
  it('each family plans its own switch, or refuses it with the reason', () => {
    expect(planSwitch('simcom-cusbpidswitch', 'rndis')).toMatchObject({ expect: '9011', usbPid: 0x9011 });
    expect(planSwitch('quectel-qcfg-usbnet', 'ecm')).toMatchObject({ expect: 'usbnet 1', usbPid: null });
    expect(() => planSwitch('telit-usbcfg', 'rndis')).toThrow(/AT#USBCFG/);
    expect(() => planSwitch('telit-usbcfg', 'rndis')).toThrow(UnsupportedSwitch);
    expect(() => planSwitch('no-such-switch', 'rndis')).toThrow(UnsupportedSwitch);
  });

  it('every profile names its reset command and re-attach method with a source (the daemon uses them, issue 11)', () => {
    expect(Object.fromEntries(VENDOR_PROFILES.map((p) => [p.id, p.reset.command]))).toEqual({ simcom: 'AT+CRESET', quectel: 'AT+CFUN=1,1', telit: 'AT#REBOOT' });
    for (const p of VENDOR_PROFILES) {
      expect(p.reset.source.length).toBeGreaterThan(10);
      expect(p.reattach.source.length).toBeGreaterThan(10);
      expect(reattachCommands(p.reattach)).toEqual(['AT+CFUN=0', 'AT+CFUN=1']);
    }
    expect(reattachCommands({ method: 'cgact', source: 'x' }, 1)).toEqual(['AT+CGACT=0,1', 'AT+CGACT=1,1']);
    expect(() => reattachCommands({ method: 'cgact', source: 'x' }, 0)).toThrow();
  });

  it('the APN dialect: SIMCom password first, Quectel QICSGP, Telit the 27.007 order', () => {
    expect(Object.fromEntries(VENDOR_PROFILES.map((p) => [p.id, p.apn.kind === 'cgauth' ? `cgauth ${p.apn.order}` : p.apn.kind]))).toEqual({
      simcom: 'cgauth password-first',
      quectel: 'qicsgp',
      telit: 'cgauth user-first',
    });
  });
});
