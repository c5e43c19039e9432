import { describe, expect, it } from 'vitest';
import { parseNmcliConnections, parseNmcliDevices, parseNmcliRunning, parseNmcliValues, splitNmcliTerse } from '../../../src-main/core/net/nmcli-parse.js';
import { parseDhclientLeases, parseResolvConf } from '../../../src-main/core/net/resolv-parse.js';
import * as cap from './fixtures/harness-captures.js';

describe('resolv.conf', () => {
  it.each([
    ['written by dhclient-script in the harness namespace', cap.RESOLV_CONF_DHCLIENT, ['192.168.225.1']],
    ['comments, IPv6 and junk skipped', '# x\nnameserver 192.168.225.1 # modem\nnameserver fe80::1\nsearch lan\nnameserver 999.1.1.1\n;nameserver 1.1.1.1\nnameserver 10.0.0.1\n', ['192.168.225.1', '10.0.0.1']],
    ['empty', '', []],
  ])('%s', (_n, text, want) => expect(parseResolvConf(text)).toEqual(want));
});

describe('dhclient.leases', () => {
  it('ISC dhclient 4.4.3 lease from the modem stand-in', () => {
    expect(parseDhclientLeases(cap.DHCLIENT_LEASES, 'usb0')).toEqual({ iface: 'usb0', address: '192.168.225.28', routers: ['192.168.225.1'], dns: ['192.168.225.1'] });
  });
  it('the last lease block for the interface wins; other interfaces ignored', () => {
    const two = cap.DHCLIENT_LEASES + cap.DHCLIENT_LEASES.replace('192.168.225.28', '192.168.225.40') + cap.DHCLIENT_LEASES.replace('"usb0"', '"eth1"').replace('192.168.225.28', '10.1.1.1');
    expect(parseDhclientLeases(two, 'usb0')?.address).toBe('192.168.225.40');
    expect(parseDhclientLeases(two, 'usb1')).toBeUndefined();
  });
  it('truncated file', () => expect(parseDhclientLeases('lease {\n  interface "usb0";\n', 'usb0')).toBeUndefined());
});

// No NetworkManager runs here and transcripts.md has no nmcli capture: these follow nmcli(1)'s
// documented terse format (fields split on ':', '\:' and '\\' escaped).
describe('nmcli terse output (nmcli(1) format)', () => {
  it.each([
    ['plain', 'usb0:ethernet:connected:simhat-usb0', ['usb0', 'ethernet', 'connected', 'simhat-usb0']],
    ['escaped colon in a name', 'wlan0:wifi:connected:Cafe\\: guest', ['wlan0', 'wifi', 'connected', 'Cafe: guest']],
    ['escaped backslash', 'a\\\\b:c', ['a\\b', 'c']],
    ['empty trailing field', 'usb0:ethernet:unmanaged:', ['usb0', 'ethernet', 'unmanaged', '']],
  ])('%s', (_n, line, want) => expect(splitNmcliTerse(line)).toEqual(want));

  it('device list', () => {
    const text = 'wlan0:wifi:connected:home\nusb0:ethernet:connected:Wired connection 1\nlo:loopback:connected (externally):lo\np2p-dev-wlan0:wifi-p2p:disconnected:\n';
    expect(parseNmcliDevices(text).map((d) => [d.device, d.state])).toEqual([
      ['wlan0', 'connected'],
      ['usb0', 'connected'],
      ['lo', 'connected (externally)'],
      ['p2p-dev-wlan0', 'disconnected'],
    ]);
  });
  it.each([
    ['running\n', true],
    ['starting\n', false],
    ['', false],
  ])('general RUNNING %j', (text, want) => expect(parseNmcliRunning(text)).toBe(want));
  it('-g values: one per line or " | " joined', () => {
    expect(parseNmcliValues('192.168.225.1 | 8.8.8.8\n')).toEqual(['192.168.225.1', '8.8.8.8']);
    expect(parseNmcliValues('192.168.225.1\n')).toEqual(['192.168.225.1']);
    expect(parseNmcliValues('\n')).toEqual([]);
  });
  it('connection list', () => {
    expect(parseNmcliConnections('simhat-usb0:0b6c3c1e-9c1a-4d0e-8a52-3f8e5d8c1a10:802-3-ethernet:usb0\n')).toEqual([
      { name: 'simhat-usb0', uuid: '0b6c3c1e-9c1a-4d0e-8a52-3f8e5d8c1a10', type: '802-3-ethernet', device: 'usb0' },
    ]);
  });
});
