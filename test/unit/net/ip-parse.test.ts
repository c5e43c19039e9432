import { describe, expect, it } from 'vitest';
import { defaultRoutes, parseIpAddrJson, parseIpLinkJson, parseIpRouteGetJson, parseIpRouteGetText, parseIpRouteJson, parseIpRouteText } from '../../../src-main/core/net/ip-parse.js';
import * as cap from './fixtures/harness-captures.js';

describe('ip -j link (veth harness captures)', () => {
  it.each([
    ['usb0 up with carrier', cap.LINK_UP, { up: true, carrier: true, operstate: 'UP' }],
    ['usb0 administratively down', cap.LINK_ADMIN_DOWN, { up: false, carrier: false, operstate: 'DOWN' }],
    ['usb0 up, peer down (NO-CARRIER)', cap.LINK_NO_CARRIER, { up: true, carrier: false, operstate: 'DOWN' }],
  ])('%s', (_name, text, want) => {
    const usb0 = parseIpLinkJson(text).find((l) => l.ifname === 'usb0');
    expect(usb0).toMatchObject({ ...want, ifindex: 2, mac: 'e6:92:4b:50:a6:89' });
  });
  it('lists every link of the namespace', () => {
    expect(parseIpLinkJson(cap.LINK_UP).map((l) => l.ifname)).toEqual(['lo', 'usb0', 'eth0']);
  });
  it.each([
    ['empty output', '', []],
    ['not JSON', 'Device "usb9" does not exist.', 'not JSON'],
    ['object instead of array', '{"ifname":"usb0"}', 'expected a JSON array'],
  ])('malformed: %s', (_n, text, want) => {
    if (Array.isArray(want)) expect(parseIpLinkJson(text)).toEqual(want);
    else expect(() => parseIpLinkJson(text)).toThrow(want);
  });
});

describe('ip -j addr (veth harness captures)', () => {
  it('leased usb0: the 192.168.225.x lease, marked dynamic; IPv6 ignored', () => {
    const { addresses } = parseIpAddrJson(cap.ADDR_LEASED);
    expect(addresses).toEqual([
      { ifname: 'lo', address: '127.0.0.1', prefixlen: 8, dynamic: false },
      { ifname: 'usb0', address: '192.168.225.28', prefixlen: 24, dynamic: true },
      { ifname: 'eth0', address: '10.99.0.2', prefixlen: 24, dynamic: false },
    ]);
  });
  it('after dhclient -r: no IPv4 on usb0', () => {
    const { links, addresses } = parseIpAddrJson(cap.ADDR_RELEASED);
    expect(links.map((l) => l.ifname)).toEqual(['usb0']);
    expect(addresses).toEqual([]);
  });
});

describe('ip -j route (veth harness captures)', () => {
  it('plain dhclient: usb0 default without "metric" means metric 0 and wins', () => {
    const d = defaultRoutes(parseIpRouteJson(cap.ROUTE_METRIC0_TAKEOVER));
    expect(d.map((r) => [r.dev, r.gateway, r.metric])).toEqual([
      ['usb0', '192.168.225.1', 0],
      ['eth0', '10.99.0.1', 100],
    ]);
  });
  it('failover: eth0 (100) first, usb0 (700) second; kernel routes kept with protocol and src', () => {
    const routes = parseIpRouteJson(cap.ROUTE_FAILOVER);
    expect(defaultRoutes(routes).map((r) => [r.dev, r.metric])).toEqual([
      ['eth0', 100],
      ['usb0', 700],
    ]);
    expect(routes.find((r) => r.dst === '192.168.225.0/24')).toEqual({ dst: '192.168.225.0/24', gateway: undefined, dev: 'usb0', metric: 0, protocol: 'kernel', prefsrc: '192.168.225.28' });
  });
  it('T-29 LTEPi-II `ip route` text: default via the module NAT gateway at dhcpcd metric 204', () => {
    expect(parseIpRouteText(cap.T29_IP_ROUTE_TEXT)).toEqual([{ dst: 'default', gateway: '192.168.225.1', dev: 'usb0', metric: 204, protocol: undefined, prefsrc: undefined }]);
  });
});

describe('ip route get', () => {
  it.each([
    ['JSON, via usb0', cap.ROUTE_GET_JSON, { dst: '10.254.0.1', gateway: '192.168.225.1', dev: 'usb0', src: '192.168.225.28' }],
  ])('%s', (_n, text, want) => expect(parseIpRouteGetJson(text)).toEqual(want));
  it.each([
    ['text, metric-0 takeover sends it via usb0', cap.ROUTE_GET_TEXT_VIA_USB0, { dst: '10.254.0.1', gateway: '192.168.225.1', dev: 'usb0', src: '192.168.225.28' }],
    ['text, on-link gateway has no "via"', cap.ROUTE_GET_TEXT_GATEWAY, { dst: '192.168.225.1', gateway: undefined, dev: 'usb0', src: '192.168.225.28' }],
    ['text, failover sends it via eth0', cap.ROUTE_GET_TEXT_FAILOVER, { dst: '10.254.0.1', gateway: '10.99.0.1', dev: 'eth0', src: '10.99.0.2' }],
    ['error text', 'RTNETLINK answers: Network is unreachable', undefined],
    ['empty', '', undefined],
  ])('%s', (_n, text, want) => expect(parseIpRouteGetText(text)).toEqual(want));
});
