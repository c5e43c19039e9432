// The doctor's check and fix registries (issue 10, item 4): dependency order, the AT queries the
// registered checks and the vendor profile gather, every fix a judgement carries declared by its entry,
// and every core fix with a runner in the service.
import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_IDS, doctorQueries, orderProblems } from '../../../src-main/core/doctor/checks/registry.js';
import { check, pass, type CheckEntry } from '../../../src-main/core/doctor/checks/entry.js';
import { evaluate } from '../../../src-main/core/doctor/evaluate.js';
import type { AtFacts, DoctorFacts, HostFacts, UsbFacts } from '../../../src-main/core/doctor/facts.js';
import { FIX_ENTRIES, FIX_IDS, isFixId } from '../../../src-main/core/doctor/fix-registry.js';
import { QUECTEL, SIMCOM, TELIT } from '../../../src-main/core/vendors/index.js';
import { FIXES, type FixRunner } from '../../../src-main/service/fixes.js';
import type { FixId } from '../../../src-main/core/doctor/fix-registry.js';

describe('check registry order', () => {
  it('every prerequisite comes before the check that needs it', () => {
    expect(orderProblems(CHECKS)).toEqual([]);
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it('a registry in the wrong order, with an unknown prerequisite or a twice-registered id is reported', () => {
    const a = check({ id: 'a', title: 'A', requires: ['b'], gathers: {}, fixes: [], judge: () => pass('a') });
    const b = check({ id: 'b', title: 'B', requires: ['zzz'], gathers: {}, fixes: [], judge: () => pass('b') });
    const problems = orderProblems([a, b, a] as CheckEntry[]);
    expect(problems).toEqual(['a requires b, which comes after it', 'b requires unknown check zzz', 'a is registered twice']);
  });
});

describe('the AT queries come from the registered checks and the vendor profile', () => {
  it.each([
    ['SIMCom', SIMCOM, 'AT+CUSBPIDSWITCH?', 'AT+QCFG="usbnet"'],
    ['Quectel', QUECTEL, 'AT+QCFG="usbnet"', 'AT+CUSBPIDSWITCH?'],
  ] as const)('%s: its own mode query, not the other vendor\'s', (_n, profile, own, other) => {
    const q = doctorQueries(profile);
    expect(q).toContain(own);
    expect(q).not.toContain(other);
  });

  it('every query a check declares is sent once, identity first, the SIM before the rest of the modem (issue 15: an unplug after AT+CPIN? is seen on the next)', () => {
    const q = doctorQueries(TELIT);
    const declared = [...new Set(CHECKS.flatMap((c) => (c as CheckEntry).gathers.at ?? []))];
    expect([...q].sort()).toEqual([...declared].sort());
    expect(q.slice(0, 2)).toEqual(['AT', 'ATI']);
    expect(q.indexOf('AT+CPIN?')).toBe(2);
    expect(q.indexOf('AT+CFUN?')).toBe(3);
    // Read-only: nothing that writes or executes a change.
    for (const c of doctorQueries(SIMCOM)) expect(c).toMatch(/^AT(I|\+[A-Z]+\?|\+CGPADDR|\+CIMI|\+CICCID|\+CSQ|\+QCFG="usbnet")?$/);
  });
});

function usb(): UsbFacts {
  return {
    present: true, vid: '1e0e', pid: '9011', family: 'simcom-sim7600', name: 'SIMCom SIM7600', mode: 'rndis', hasAtPort: true,
    interfaces: [
      { number: 0, driver: 'rndis_host', role: 'net', ttys: [], netdevs: ['usb0'] },
      { number: 4, driver: 'option', role: 'at', ttys: ['ttyUSB2'], netdevs: [] },
    ],
    evidence: [],
  };
}
function at(): AtFacts {
  return {
    port: '/dev/ttyUSB2', openFailure: null, answered: true, holders: [], manufacturer: 'SIMCOM INCORPORATED', model: 'SIMCOM_SIM7600G-H', revision: null, imei: null, imsi: null, iccid: null,
    sim: { state: 'ready', raw: '+CPIN: READY' }, functionality: 1, registrations: [{ kind: 'CEREG', stat: 1 }], operator: 'Mint', rat: 'LTE', signal: { rssi: 31, dbm: -51 }, usbPid: '9011',
    contexts: [{ cid: 1, type: 'IP', apn: 'a' }, { cid: 6, type: 'IP', apn: 'a' }], active: null, addresses: [{ cid: 1, address: '10.0.0.2' }], attached: null, evidence: [],
  };
}
function host(): HostFacts {
  return {
    iface: 'usb0', exists: true, up: true, address: '192.168.225.44/24', gateway: '192.168.225.1', dnsServers: [], defaultRoutes: [{ dev: 'usb0', via: null, metric: 700 }], policy: 'failover',
    gatewayReachable: true, dns: { name: 'example.com', ok: true, answer: '1.2.3.4' }, pings: [{ target: '10.200.0.1', ok: true }], evidence: [],
  };
}

/** Broken states that make each check fail or warn with its fixes. */
const VARIANTS: [string, (f: DoctorFacts) => void][] = [
  ['all good', () => {}],
  ['QMI on Linux', (f) => Object.assign(f.usb!, { pid: '9001', mode: 'qmi' })],
  ['RNDIS on macOS', (f) => (f.platform = 'darwin')],
  ['9018 AT interface unbound', (f) => Object.assign(f.usb!, { pid: '9018', mode: 'ecm', interfaces: [{ number: 2, driver: null, role: 'at', ttys: [], netdevs: [] }] })],
  ['port held by ModemManager', (f) => Object.assign(f.at!, { openFailure: { code: 'busy', message: 'locked' }, answered: false, holders: [{ pid: 9, command: 'ModemManager' }] })],
  ['port held by minicom', (f) => Object.assign(f.at!, { holders: [{ pid: 9, command: 'minicom' }] })],
  ['SIM PIN', (f) => (f.at!.sim = { state: 'pin', raw: '+CPIN: SIM PIN' })],
  ['radio off', (f) => (f.at!.functionality = 0)],
  ['APN empty, no data', (f) => Object.assign(f.at!, { contexts: [{ cid: 1, type: 'IP', apn: '' }], addresses: [{ cid: 1, address: '0.0.0.0' }] })],
  ['cid 6 missing, no internet', (f) => Object.assign(f.at!, { contexts: [{ cid: 1, type: 'IP', apn: 'a' }] }) && (f.host!.pings = [{ target: 'x', ok: false }])],
  ['not the carrier APN', (f) => (f.carrier = { name: 'C', apns: ['b'], suggested: { apn: 'b', label: 'C preset' } })],
  ['iface down', (f) => (f.host!.up = false)],
  ['no lease', (f) => (f.host!.address = null)],
  ['route takeover', (f) => (f.host!.defaultRoutes = [{ dev: 'usb0', via: null, metric: 0 }, { dev: 'wlan0', via: null, metric: 600 }])],
];

describe('a judgement only points at fixes its entry declares', () => {
  it.each(VARIANTS)('%s', (_n, mutate) => {
    const facts: DoctorFacts = { platform: 'linux', usb: usb(), at: at(), carrier: null, host: host() };
    mutate(facts);
    const checks = evaluate(facts);
    expect(checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of checks) {
      if (!c.fix) continue;
      const entry = CHECKS.find((e) => e.id === c.id) as CheckEntry;
      expect(entry.fixes, `${c.id} -> ${c.fix.id}`).toContain(c.fix.id);
    }
  });

  it('the variants reach every fix of the registry', () => {
    const seen = new Set<string>();
    for (const [, mutate] of VARIANTS) {
      const facts: DoctorFacts = { platform: 'linux', usb: usb(), at: at(), carrier: null, host: host() };
      mutate(facts);
      for (const c of evaluate(facts)) if (c.fix) seen.add(c.fix.id);
    }
    expect([...seen].sort()).toEqual([...FIX_IDS].sort());
  });
});

describe('a vendor rule decides before the generic check', () => {
  it('SIMCom 9018 names its missing option.c entry; another PID gets the generic new_id text', () => {
    const f9018: DoctorFacts = { platform: 'darwin', usb: { ...usb(), pid: '9018', mode: 'ecm', interfaces: [{ number: 2, driver: null, role: 'at', ttys: [], netdevs: [] }] }, at: null, carrier: null, host: null };
    expect(evaluate(f9018).find((c) => c.id === 'usb.drivers')!.detail).toMatch(/9018 has no serial driver in mainline Linux \(option.c has no entry\)/);
    const other: DoctorFacts = { ...f9018, usb: { ...f9018.usb!, vid: '1bc7', pid: '1253', family: 'telit-le910cx' } };
    const drivers = evaluate(other).find((c) => c.id === 'usb.drivers')!;
    expect(drivers).toMatchObject({ status: 'fail', fix: { id: 'serial-driver' } });
    expect(drivers.detail).toMatch(/The kernel serial driver does not know this PID/);
  });
});

describe('fix registry', () => {
  it('a core fix without a runner does not compile (npm run typecheck checks this file)', () => {
    // @ts-expect-error -- FIXES is a Record over every FixId: leaving one out is a type error.
    const partial: Record<FixId, FixRunner> = { 'apply-apn': FIXES['apply-apn'] };
    expect(Object.keys(partial)).toHaveLength(1);
  });

  it('ids in apply order, each with a label and a runner in the service', () => {
    expect([...FIX_IDS]).toEqual([...FIX_ENTRIES].sort((a, b) => a.order - b.order).map((e) => e.id));
    for (const e of FIX_ENTRIES) expect(e.label.length).toBeGreaterThan(10);
    expect(Object.keys(FIXES).sort()).toEqual([...FIX_IDS].sort());
    expect(isFixId('apply-apn')).toBe(true);
    expect(isFixId('rm-rf')).toBe(false);
  });
});
