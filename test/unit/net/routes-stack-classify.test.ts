import { describe, expect, it } from 'vitest';
import { classifyCheck, type CheckFacts } from '../../../src-main/core/net/classify.js';
import { parseIpRouteJson } from '../../../src-main/core/net/ip-parse.js';
import { analyseRoutes } from '../../../src-main/core/net/routes.js';
import { decideStack } from '../../../src-main/core/net/stack.js';
import type { ProbeResult, StackFacts } from '../../../src-main/core/net/types.js';
import * as cap from './fixtures/harness-captures.js';

describe('route analysis', () => {
  it('detects the dhclient metric-0 takeover (captured: usb0 metric 0 beats eth0 100)', () => {
    const v = analyseRoutes(parseIpRouteJson(cap.ROUTE_METRIC0_TAKEOVER), 'usb0');
    expect(v.role).toBe('primary');
    expect(v.findings.map((f) => f.code)).toEqual(['metric0-takeover']);
    expect(v.findings[0]?.message).toContain('simhat net policy failover --iface usb0');
  });
  it('failover capture: usb0 is the backup, no findings', () => {
    const v = analyseRoutes(parseIpRouteJson(cap.ROUTE_FAILOVER), 'usb0');
    expect([v.role, v.winning?.dev, v.ifaceDefault?.metric, v.findings]).toEqual(['backup', 'eth0', 700, []]);
  });
  it('metric 0 on the only uplink is not a takeover', () => {
    const only = parseIpRouteJson(cap.ROUTE_METRIC0_TAKEOVER).filter((r) => r.dev === 'usb0');
    expect(analyseRoutes(only, 'usb0').findings).toEqual([]);
  });
  it('no default via the interface: role none', () => {
    expect(analyseRoutes(parseIpRouteJson(cap.ROUTE_FAILOVER).filter((r) => r.dev !== 'usb0'), 'usb0').role).toBe('none');
  });
});

const facts = (over: Partial<StackFacts>): StackFacts => ({
  nmRunning: false,
  nmDeviceState: undefined,
  dhcpcdRunning: false,
  networkdRunning: false,
  dhclientPath: undefined,
  udhcpcPath: undefined,
  dhcpcdPath: undefined,
  nmcliPath: undefined,
  networkctlPath: undefined,
  ...over,
});

describe('stack choice (sim7600.md §3)', () => {
  it.each([
    ['Bookworm: NM manages usb0', facts({ nmRunning: true, nmDeviceState: 'connected', nmcliPath: '/usr/bin/nmcli', dhclientPath: '/sbin/dhclient' }), 'nm', true],
    ['NM runs but usb0 unmanaged, dhcpcd runs', facts({ nmRunning: true, nmDeviceState: 'unmanaged', dhcpcdRunning: true, dhcpcdPath: '/usr/sbin/dhcpcd' }), 'dhcpcd', false],
    ['Bullseye: dhcpcd', facts({ dhcpcdRunning: true, dhcpcdPath: '/usr/sbin/dhcpcd', dhclientPath: '/sbin/dhclient' }), 'dhcpcd', false],
    ['networkd', facts({ networkdRunning: true, networkctlPath: '/usr/bin/networkctl', dhclientPath: '/sbin/dhclient' }), 'networkd', false],
    ['networkctl present but networkd not running: dhclient', facts({ networkctlPath: '/usr/bin/networkctl', dhclientPath: '/usr/sbin/dhclient' }), 'dhclient', false],
    ['only busybox', facts({ udhcpcPath: '/bin/busybox' }), 'udhcpc', false],
    ['nothing', facts({}), 'none', false],
  ])('%s', (_n, f, stack, nmManaged) => {
    const d = decideStack(f);
    expect([d.stack, d.nmManaged]).toEqual([stack, nmManaged]);
    expect(d.reason.length).toBeGreaterThan(5);
  });
  it('--stack overrides detection but still reports NM management', () => {
    const d = decideStack(facts({ nmRunning: true, nmDeviceState: 'connected' }), 'dhclient');
    expect([d.stack, d.nmManaged]).toEqual(['dhclient', true]);
  });
});

const probe = (kind: ProbeResult['kind'], ok: boolean, target = 'x'): ProbeResult => ({ kind, target, ok, ms: ok ? 1 : undefined, detail: '' });
const good: CheckFacts = {
  iface: 'usb0',
  exists: true,
  linkUp: true,
  carrier: true,
  address: '192.168.225.28',
  ifaceDefaultGateway: '192.168.225.1',
  ifaceIsPrimary: false,
  targetRouteDev: 'eth0',
  gatewayProbe: probe('gateway', true),
  pingProbes: [probe('ping', true), probe('ping', false)],
  dnsProbe: probe('dns', true),
};

describe('check classification', () => {
  it.each([
    ['all good (backup uplink: targets route elsewhere is expected)', {}, 'ok'],
    ['missing interface', { exists: false }, 'interface-missing'],
    ['admin down', { linkUp: false }, 'link-down'],
    ['no carrier', { carrier: false }, 'link-down'],
    ['no lease', { address: undefined }, 'no-lease'],
    ['lease, no default route', { ifaceDefaultGateway: undefined }, 'no-default-route'],
    ['primary but a more specific route sends traffic elsewhere', { ifaceIsPrimary: true }, 'route-elsewhere'],
    ['gateway silent', { gatewayProbe: probe('gateway', false) }, 'gateway-unreachable'],
    ['gateway answers, nothing beyond (T-4: lease but no Internet)', { pingProbes: [probe('ping', false), probe('ping', false)] }, 'no-data-session'],
    ['DNS fails', { dnsProbe: probe('dns', false) }, 'dns-broken'],
  ] as [string, Partial<CheckFacts>, string][])('%s', (_n, over, want) => {
    const r = classifyCheck({ ...good, ...over });
    expect(r.classification).toBe(want);
    expect(r.summary).toContain('usb0');
  });
  it('no data session points at the APN', () => {
    expect(classifyCheck({ ...good, pingProbes: [probe('ping', false)] }).summary).toMatch(/APN/);
  });
});
