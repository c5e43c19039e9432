// Table tests of the doctor's rules: facts in, checks + verdict out (issue 6).
import { describe, expect, it } from 'vitest';
import type { AtFacts, DoctorFacts, HostFacts, UsbFacts } from '../../../src-main/core/doctor/facts.js';
import { buildReport, evaluate } from '../../../src-main/core/doctor/evaluate.js';
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../../src-main/core/doctor/report.js';

// A SIM7600G-H in RNDIS (T-5) with a working data session; evidence from T-9/T-13.
function usbRndis(): UsbFacts {
  return {
    present: true,
    vid: '1e0e',
    pid: '9011',
    family: 'simcom-sim7600',
    name: 'SIMCom SIM7600',
    mode: 'rndis',
    hasAtPort: true,
    interfaces: [
      { number: 0, driver: 'rndis_host', role: 'net', ttys: [], netdevs: ['usb0'] },
      { number: 1, driver: 'rndis_host', role: 'net', ttys: [], netdevs: [] },
      { number: 4, driver: 'option', role: 'at', ttys: ['ttyUSB2'], netdevs: [] },
    ],
    evidence: [{ command: 'lsusb', output: 'Bus 001 Device 004: ID 1e0e:9011 Qualcomm / Option' }],
  };
}

function atGood(): AtFacts {
  return {
    port: '/dev/ttyUSB2',
    openFailure: null,
    answered: true,
    holders: [],
    manufacturer: 'SIMCOM INCORPORATED',
    model: 'SIMCOM_SIM7600G-H',
    revision: 'SIM7600G_V2.0.2',
    imei: '861234567890123',
    imsi: '310260123456789',
    iccid: '8901260123456789012',
    sim: { state: 'ready', raw: '+CPIN: READY' },
    functionality: 1,
    registrations: [{ kind: 'CEREG', stat: 1 }],
    operator: 'Mint',
    rat: 'LTE',
    signal: { rssi: 31, dbm: -51 },
    usbPid: '9011',
    contexts: [
      { cid: 1, type: 'IPV4V6', apn: 'fast.t-mobile.com' },
      { cid: 2, type: 'IPV4V6', apn: 'ims' },
      { cid: 6, type: 'IPV4V6', apn: 'fast.t-mobile.com' },
    ],
    active: [{ cid: 1, active: true }],
    addresses: [{ cid: 1, address: '10.23.156.36' }],
    attached: true,
    evidence: [
      { command: 'AT', output: 'OK' },
      { command: 'AT+CPIN?', output: '+CPIN: READY\nOK' },
      { command: 'AT+CSQ', output: '+CSQ: 31,99\nOK' },
      { command: 'AT+CEREG?', output: '+CEREG: 0,1\nOK' },
      { command: 'AT+CGDCONT?', output: '+CGDCONT: 1,"IPV4V6","fast.t-mobile.com","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\nOK' },
    ],
  };
}

function hostGood(): HostFacts {
  return {
    iface: 'usb0',
    exists: true,
    up: true,
    address: '192.168.225.44/24',
    gateway: '192.168.225.1',
    dnsServers: ['192.168.225.1'],
    defaultRoutes: [
      { dev: 'wlan0', via: '192.168.1.1', metric: 600 },
      { dev: 'usb0', via: '192.168.225.1', metric: 700 },
    ],
    policy: null,
    gatewayReachable: true,
    dns: { name: 'example.com', ok: true, answer: '93.184.216.34' },
    pings: [{ target: '10.200.0.1', ok: true }],
    evidence: [
      { command: 'ip -4 addr show dev usb0', output: 'inet 192.168.225.44/24 brd 192.168.225.255 scope global usb0' },
      { command: 'ip route show default', output: 'default via 192.168.225.1 dev usb0 metric 700' },
      { command: 'ping -c 1 -W 1 -I usb0 10.200.0.1', output: '1 packets transmitted, 1 received' },
    ],
  };
}

function good(): DoctorFacts {
  return {
    platform: 'linux',
    usb: usbRndis(),
    at: atGood(),
    carrier: { name: 'T-Mobile', apns: ['fast.t-mobile.com'], suggested: { apn: 'fast.t-mobile.com', label: 'T-Mobile preset' } },
    host: hostGood(),
  };
}

type Expect = Partial<Record<CheckId, CheckStatus | [CheckStatus, string | null]>>;

interface Case {
  name: string;
  facts: (f: DoctorFacts) => void;
  expect: Expect;
  verdict: CheckId | null;
  detailMatches?: [CheckId, RegExp];
}

const cases: Case[] = [
  { name: 'good twin in RNDIS with a working lease: all pass', facts: () => {}, expect: Object.fromEntries(CHECK_IDS.map((id) => [id, 'pass'])), verdict: null },
  {
    name: 'seed: lease on usb0, APN empty in cid 1 and 6 -> apn.set and apn.rndis-context fail with apply-apn',
    facts: (f) => {
      f.at!.contexts = [
        { cid: 1, type: 'IP', apn: '' },
        { cid: 2, type: 'IPV4V6', apn: 'ims' },
      ];
      f.at!.addresses = [{ cid: 1, address: '0.0.0.0' }];
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
      f.host!.dns = { name: 'example.com', ok: false, answer: null };
    },
    expect: {
      'apn.set': ['fail', 'apply-apn'],
      'apn.rndis-context': ['fail', 'apply-apn'],
      'apn.carrier-match': 'skip',
      'data.pdp': 'skip',
      'host.lease': 'pass',
      'host.internet': ['fail', 'apply-apn'],
    },
    verdict: 'apn.set',
    detailMatches: ['apn.set', /usb0 has an address from the modem \(192\.168\.225\.44\) but the modem has no data session: the APN is empty in PDP context 1 and 6/],
  },
  {
    // Issue 12: "the doctor never fails a check while the data session and the internet through it
    // work". Before, this row failed apn.rndis-context although data.pdp and host.internet pass; the
    // missing context 6 is still reported, as a warning with its fix.
    name: 'context 6 missing while cid 1 is set (data and internet work: a warning, not a failure)',
    facts: (f) => {
      f.at!.contexts = f.at!.contexts!.filter((c) => c.cid !== 6);
    },
    expect: { 'apn.set': 'pass', 'apn.rndis-context': ['warn', 'apply-apn'] },
    verdict: 'apn.rndis-context',
  },
  {
    name: 'context 6 missing while cid 1 is set and nothing answers past the modem -> fail',
    facts: (f) => {
      f.at!.contexts = f.at!.contexts!.filter((c) => c.cid !== 6);
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
    },
    expect: { 'apn.set': 'pass', 'apn.rndis-context': ['fail', 'apply-apn'] },
    verdict: 'apn.rndis-context',
  },
  {
    // Issue 12: the same APN in cid 1 and 6 with IP vs IPV4V6 is no failure (at most a note); this
    // row asserted the failure before. A different APN in cid 6 still fails (next row).
    name: 'context 6 type differs, same APN -> pass with a note',
    facts: (f) => {
      f.at!.contexts = f.at!.contexts!.map((c) => (c.cid === 6 ? { ...c, type: 'IP' } : c));
    },
    expect: { 'apn.rndis-context': 'pass' },
    verdict: null,
    detailMatches: ['apn.rndis-context', /PDP types differ/],
  },
  {
    name: 'context 6 with another APN -> fail',
    facts: (f) => {
      f.at!.contexts = f.at!.contexts!.map((c) => (c.cid === 6 ? { ...c, apn: 'ims' } : c));
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
    },
    expect: { 'apn.rndis-context': ['fail', 'apply-apn'] },
    verdict: 'apn.rndis-context',
  },
  {
    name: 'fresh (9001 QMI) on Linux -> usb.mode points to switch-rndis; context 6 not applicable',
    facts: (f) => {
      f.usb!.pid = '9001';
      f.usb!.mode = 'qmi';
      f.at!.usbPid = '9001';
      f.host = null;
    },
    expect: { 'usb.mode': ['fail', 'switch-rndis'], 'apn.rndis-context': 'skip', 'host.iface': 'skip', 'host.internet': 'skip' },
    verdict: 'usb.mode',
  },
  {
    name: 'RNDIS on macOS -> switch-ecm',
    facts: (f) => {
      f.platform = 'darwin';
    },
    expect: { 'usb.mode': ['fail', 'switch-ecm'] },
    verdict: 'usb.mode',
  },
  {
    name: '9018 without serial driver -> usb.drivers serial-driver, port.at points there too',
    facts: (f) => {
      f.platform = 'darwin';
      f.usb!.pid = '9018';
      f.usb!.mode = 'ecm';
      f.usb!.interfaces = [
        { number: 2, driver: null, role: 'at', ttys: [], netdevs: [] },
        { number: 5, driver: 'cdc_ether', role: 'net', ttys: [], netdevs: ['usb0'] },
      ];
      f.at = null;
    },
    expect: { 'usb.mode': 'pass', 'usb.drivers': ['fail', 'serial-driver'], 'port.at': ['fail', 'serial-driver'], 'sim.ready': 'skip' },
    verdict: 'usb.drivers',
    detailMatches: ['usb.drivers', /9018 has no serial driver/],
  },
  {
    name: 'no modem on the bus',
    facts: (f) => {
      f.usb = { ...f.usb!, present: false, vid: null, pid: null, mode: null, interfaces: [] };
      f.at = null;
      f.host = null;
    },
    expect: { 'usb.present': 'fail', 'usb.mode': 'skip', 'port.at': 'skip', 'sim.ready': 'skip', 'host.iface': 'skip' },
    verdict: 'usb.present',
  },
  {
    name: 'only --port: usb.* skip, modem side judged, context 6 judged from AT+CUSBPIDSWITCH?',
    facts: (f) => {
      f.usb = null;
      f.at!.contexts = f.at!.contexts!.filter((c) => c.cid !== 6);
      // Nothing answers past the modem, so the missing context 6 is a failure (issue 12: not while data works).
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
    },
    expect: { 'usb.present': 'skip', 'usb.mode': 'skip', 'usb.drivers': 'skip', 'port.at': 'pass', 'apn.rndis-context': 'fail' },
    verdict: 'apn.rndis-context',
  },
  {
    name: 'no-sim -> sim.ready fails saying not inserted; the rest of the modem chain skips',
    facts: (f) => {
      f.at!.sim = { state: 'not-inserted', raw: '+CME ERROR: SIM not inserted' };
    },
    expect: { 'sim.ready': ['fail', null], 'radio.on': 'pass', 'net.registered': 'skip', 'apn.set': 'skip', 'data.pdp': 'skip' },
    verdict: 'sim.ready',
    detailMatches: ['sim.ready', /not inserted/],
  },
  {
    name: 'pin-locked -> enter-pin',
    facts: (f) => {
      f.at!.sim = { state: 'pin', raw: '+CPIN: SIM PIN' };
    },
    expect: { 'sim.ready': ['fail', 'enter-pin'] },
    verdict: 'sim.ready',
  },
  {
    name: 'SIM PUK -> fail with no automatic fix',
    facts: (f) => {
      f.at!.sim = { state: 'puk', raw: '+CPIN: SIM PUK' };
    },
    expect: { 'sim.ready': ['fail', null] },
    verdict: 'sim.ready',
    detailMatches: ['sim.ready', /PUK/],
  },
  {
    name: 'SIM busy right after boot -> warn, chain continues',
    facts: (f) => {
      f.at!.sim = { state: 'busy', raw: '+CME ERROR: SIM busy' };
    },
    expect: { 'sim.ready': 'warn', 'net.registered': 'pass' },
    verdict: 'sim.ready',
  },
  {
    name: 'radio off -> radio-on',
    facts: (f) => {
      f.at!.functionality = 4;
      f.at!.registrations = [{ kind: 'CEREG', stat: 0 }];
    },
    expect: { 'radio.on': ['fail', 'radio-on'], 'net.registered': 'skip', 'net.signal': 'skip' },
    verdict: 'radio.on',
  },
  {
    name: 'no-signal: searching with CSQ 99 -> antenna explanation',
    facts: (f) => {
      f.at!.registrations = [{ kind: 'CEREG', stat: 2 }];
      f.at!.signal = { rssi: 99, dbm: null };
      f.at!.addresses = [{ cid: 1, address: '0.0.0.0' }];
    },
    expect: { 'net.registered': ['fail', null], 'net.signal': 'fail', 'data.pdp': 'skip' },
    verdict: 'net.registered',
    detailMatches: ['net.registered', /hears no cell.*antenna/],
  },
  {
    name: 'denied -> the carrier refuses the SIM',
    facts: (f) => {
      f.at!.registrations = [{ kind: 'CEREG', stat: 3 }];
    },
    expect: { 'net.registered': ['fail', null], 'net.signal': 'pass' },
    verdict: 'net.registered',
    detailMatches: ['net.registered', /refused the SIM.*Contact the carrier/],
  },
  {
    name: 'roaming counts as registered',
    facts: (f) => {
      f.at!.registrations = [{ kind: 'CEREG', stat: 5 }];
    },
    expect: { 'net.registered': 'pass' },
    verdict: null,
  },
  {
    name: 'weak signal -> warn',
    facts: (f) => {
      f.at!.signal = { rssi: 3, dbm: -107 };
    },
    expect: { 'net.signal': 'warn' },
    verdict: 'net.signal',
  },
  {
    name: 'APN not a preset of the carrier -> warn with apply-apn',
    facts: (f) => {
      f.at!.contexts = f.at!.contexts!.map((c) => (c.cid === 1 || c.cid === 6 ? { ...c, apn: 'internet' } : c));
    },
    expect: { 'apn.carrier-match': ['warn', 'apply-apn'] },
    verdict: 'apn.carrier-match',
  },
  {
    name: 'fell back to ims on cid 2 -> data.pdp fails pointing at the APN',
    facts: (f) => {
      f.at!.addresses = [
        { cid: 1, address: '0.0.0.0' },
        { cid: 2, address: '10.1.2.3' },
      ];
    },
    expect: { 'data.pdp': ['fail', 'apply-apn'] },
    verdict: 'data.pdp',
    detailMatches: ['data.pdp', /only context 2 \("ims"\)/],
  },
  {
    name: 'port busy held by ModemManager -> udev-rule',
    facts: (f) => {
      f.at!.openFailure = { code: 'busy', message: 'Resource temporarily unavailable Cannot lock port' };
      f.at!.answered = false;
      f.at!.holders = [{ pid: 812, command: '/usr/sbin/ModemManager' }];
    },
    expect: { 'port.at': ['fail', 'udev-rule'], 'port.conflict': ['fail', 'udev-rule'], 'sim.ready': 'skip' },
    verdict: 'port.at',
  },
  {
    name: 'port does not answer',
    facts: (f) => {
      f.at!.openFailure = { code: 'timeout', message: 'no answer to AT within 2000 ms' };
      f.at!.answered = false;
    },
    expect: { 'port.at': 'fail', 'port.conflict': 'skip', 'sim.ready': 'skip', 'host.lease': 'pass' },
    verdict: 'port.at',
  },
  {
    name: 'no port known and no usb view',
    facts: (f) => {
      f.usb = null;
      f.at = null;
    },
    expect: { 'port.at': 'fail', 'port.conflict': 'skip', 'sim.ready': 'skip' },
    verdict: 'port.at',
  },
  {
    name: 'iface down -> dhcp-up',
    facts: (f) => {
      f.host!.up = false;
    },
    expect: { 'host.iface': ['fail', 'dhcp-up'], 'host.lease': 'skip', 'host.internet': 'skip' },
    verdict: 'host.iface',
  },
  {
    name: 'no lease -> dhcp-up',
    facts: (f) => {
      f.host!.address = null;
    },
    expect: { 'host.lease': ['fail', 'dhcp-up'], 'host.route': 'skip' },
    verdict: 'host.lease',
  },
  {
    name: 'no host facts -> host.* skip',
    facts: (f) => {
      f.host = null;
    },
    expect: { 'host.iface': 'skip', 'host.lease': 'skip', 'host.route': 'skip', 'host.dns': 'skip', 'host.internet': 'skip' },
    verdict: null,
  },
  {
    name: 'metric-0 takeover with no policy -> warn route-policy',
    facts: (f) => {
      f.host!.defaultRoutes = [
        { dev: 'usb0', via: '192.168.225.1', metric: 0 },
        { dev: 'wlan0', via: '192.168.1.1', metric: 600 },
      ];
    },
    expect: { 'host.route': ['warn', 'route-policy'] },
    verdict: 'host.route',
    detailMatches: ['host.route', /took the default route from wlan0: metric 0/],
  },
  {
    name: 'metric-100 takeover against failover policy -> fail',
    facts: (f) => {
      f.host!.policy = 'failover';
      f.host!.defaultRoutes = [
        { dev: 'usb0', via: '192.168.225.1', metric: 100 },
        { dev: 'wlan0', via: '192.168.1.1', metric: 600 },
      ];
    },
    expect: { 'host.route': ['fail', 'route-policy'] },
    verdict: 'host.route',
    detailMatches: ['host.route', /NetworkManager/],
  },
  {
    name: 'primary policy but usb0 loses -> fail',
    facts: (f) => {
      f.host!.policy = 'primary';
    },
    expect: { 'host.route': ['fail', 'route-policy'] },
    verdict: 'host.route',
  },
  {
    name: 'lease but unreachable internet with a modem session -> host.internet fails',
    facts: (f) => {
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
    },
    expect: { 'host.internet': 'fail', 'data.pdp': 'pass' },
    verdict: 'host.internet',
  },
  {
    name: 'lease but unreachable internet, modem side unknown -> points at the data session',
    facts: (f) => {
      f.usb = null;
      f.at = null;
      f.host!.pings = [{ target: '10.200.0.1', ok: false }];
    },
    expect: { 'host.internet': 'fail', 'data.pdp': 'skip' },
    verdict: 'port.at',
    detailMatches: ['host.internet', /data session/],
  },
  {
    name: 'no pings and no dns name -> those two skip',
    facts: (f) => {
      f.host!.pings = [];
      f.host!.dns = null;
    },
    expect: { 'host.dns': 'skip', 'host.internet': 'skip', 'host.route': 'pass' },
    verdict: null,
  },
];

describe('doctor rules', () => {
  it.each(cases)('$name', (c) => {
    const facts = good();
    c.facts(facts);
    const checks = evaluate(facts);
    expect(checks.map((x) => x.id)).toEqual([...CHECK_IDS]);
    for (const [id, want] of Object.entries(c.expect) as [CheckId, CheckStatus | [CheckStatus, string | null]][]) {
      const got = checks.find((x) => x.id === id)!;
      const [status, fixId] = Array.isArray(want) ? want : [want, undefined];
      expect({ id, status: got.status, detail: got.detail }).toMatchObject({ id, status });
      if (fixId !== undefined) expect(got.fix?.id ?? null).toBe(fixId);
    }
    const report = buildReport(facts, 12.4);
    expect(report.verdict?.checkId ?? null).toBe(c.verdict);
    expect(report.ok).toBe(!checks.some((x) => x.status === 'fail'));
    if (c.detailMatches) expect(checks.find((x) => x.id === c.detailMatches![0])!.detail).toMatch(c.detailMatches[1]);
  });

  it('skips say which prerequisite failed', () => {
    const facts = good();
    facts.at!.sim = { state: 'not-inserted', raw: '+CME ERROR: SIM not inserted' };
    const reg = evaluate(facts).find((c) => c.id === 'net.registered')!;
    expect(reg.detail).toContain('sim.ready');
  });

  it('every check has a title, evidence array and fix object or null; failing modem checks carry their AT evidence', () => {
    const facts = good();
    facts.at!.sim = { state: 'pin', raw: '+CPIN: SIM PIN' };
    facts.at!.evidence = facts.at!.evidence.map((e) => (e.command === 'AT+CPIN?' ? { ...e, output: '+CPIN: SIM PIN\nOK' } : e));
    const checks = evaluate(facts);
    for (const c of checks) {
      expect(c.title.length).toBeGreaterThan(3);
      expect(Array.isArray(c.evidence)).toBe(true);
    }
    expect(checks.find((c) => c.id === 'sim.ready')!.evidence).toEqual([{ command: 'AT+CPIN?', output: '+CPIN: SIM PIN\nOK' }]);
  });

  it('the report is JSON-stable: ok, durationMs, modem, checks, verdict', () => {
    const report = JSON.parse(JSON.stringify(buildReport(good(), 41.7))) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['ok', 'durationMs', 'modem', 'checks', 'verdict']);
    expect(report.durationMs).toBe(42);
    expect(report.modem).toEqual({
      manufacturer: 'SIMCOM INCORPORATED',
      model: 'SIMCOM_SIM7600G-H',
      revision: 'SIM7600G_V2.0.2',
      imei: '861234567890123',
      mode: 'rndis',
      usbId: '1e0e:9011',
      atPort: '/dev/ttyUSB2',
      iface: 'usb0',
    });
  });
});
