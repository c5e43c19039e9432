// Issue 15 item 2: the privileged helper acts only on a modem's interface. The pure decision
// (core/net/modem-iface.ts) as a table, then the sysfs reading against a declared test sysfs root,
// then executeRaw refusing before any command runs (platform/net/run.ts onCommand sees nothing).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertModemIface, ifaceUseOf, notModemReason, type NetdevFacts } from '../../../src-main/core/net/modem-iface.js';
import { parseVerbRequest } from '../../../src-main/core/net/verbs.js';
import { validateIfaceName } from '../../../src-main/core/net/validate.js';
import { readNetdevFacts } from '../../../src-main/platform/privileged/netdev-facts.js';
import { executeRaw } from '../../../src-main/platform/privileged/execute.js';
import { createPrivilegedRunner } from '../../../src-main/platform/privileged/client.js';
import { onCommand } from '../../../src-main/platform/net/run.js';
import { buildFakeSysNet, PI_WITH_MODEM } from '../../helpers/fake-sysfs-net.js';

const usb = (driver: string | null, vid: number, pid: number): NetdevFacts => ({ exists: true, driver, usb: { vid, pid } });

describe('notModemReason', () => {
  it.each<[string, NetdevFacts, RegExp | null]>([
    ['SIM7600 RNDIS (1e0e:9011 rndis_host)', usb('rndis_host', 0x1e0e, 0x9011), null],
    ['SIM7600 ECM (1e0e:9018 cdc_ether)', usb('cdc_ether', 0x1e0e, 0x9018), null],
    ['EC25 QMI (2c7c:0125 qmi_wwan)', usb('qmi_wwan', 0x2c7c, 0x0125), null],
    ['EG25 MBIM (2c7c:0125 cdc_mbim)', usb('cdc_mbim', 0x2c7c, 0x0125), null],
    ['SIM8200 NCM (1e0e:9001 cdc_ncm)', usb('cdc_ncm', 0x1e0e, 0x9001), null],
    ['SIM7600G-H 9001 with the vendor simcom_wwan driver (transcripts T-12)', usb('simcom_wwan', 0x1e0e, 0x9001), null],
    ['Pi 3B+ eth0 (0424:7800 lan78xx)', usb('lan78xx', 0x0424, 0x7800), /driver lan78xx is not a modem's/],
    ['a USB Ethernet dongle on cdc_ether (0bda:8153)', usb('cdc_ether', 0x0bda, 0x8153), /0bda:8153 is not a known modem/],
    ['a modem vendor device on another driver', usb('r8152', 0x1e0e, 0x9011), /driver r8152/],
    ['a USB interface without a driver', usb(null, 0x1e0e, 0x9011), /driver \(none\)/],
    ['wlan0 on SDIO', { exists: true, driver: 'brcmfmac', usb: null }, /not on USB \(driver brcmfmac\)/],
    ['a veth', { exists: true, driver: null, usb: null }, /virtual interface/],
    ['absent', { exists: false, driver: null, usb: null }, /does not exist/],
  ])('%s', (_name, facts, reason) => {
    const r = notModemReason(facts);
    if (reason === null) expect(r).toBeNull();
    else expect(r).toMatch(reason);
  });
});

describe('ifaceUseOf: an absent interface may only be cleaned up', () => {
  const req = (verb: string, raw: Record<string, string>) => parseVerbRequest(verb, raw, { allowRoot: false });
  it.each<[string, Record<string, string>, string]>([
    ['set-metric', { iface: 'usb0', gateway: '192.168.225.1', metric: '700' }, 'changes'],
    ['dhcp-up', { iface: 'usb0', stack: 'dhclient', metric: '700' }, 'changes'],
    ['dhcp-down', { iface: 'usb0', stack: 'dhclient' }, 'removes-own'],
    ['networkd-file', { iface: 'usb0', action: 'set', metric: '700' }, 'changes'],
    ['networkd-file', { iface: 'usb0', action: 'remove' }, 'removes-own'],
    ['ifupdown-file', { iface: 'usb0', action: 'remove' }, 'removes-own'],
    ['write-dhcpcd-block', { iface: 'usb0', action: 'set', metric: '50' }, 'changes'],
    ['nm-profile', { iface: 'usb0', action: 'reapply' }, 'changes'],
    ['nm-profile', { iface: 'usb0', action: 'delete' }, 'removes-own'],
    ['udev-rule', { action: 'install' }, 'none'],
  ])('%s %j', (verb, raw, use) => {
    expect(ifaceUseOf(req(verb, raw))).toBe(use);
  });
  it('absent + removal passes; absent + change and present non-modem + removal are refused', () => {
    const absent = { exists: false, driver: null, usb: null };
    expect(() => assertModemIface(req('ifupdown-file', { iface: 'usb0', action: 'remove' }), absent)).not.toThrow();
    expect(() => assertModemIface(req('ifupdown-file', { iface: 'usb0', action: 'set', metric: '700' }), absent)).toThrow(expect.objectContaining({ code: 'interface-missing', message: 'network interface usb0 does not exist' }));
    expect(() => assertModemIface(req('dhcp-down', { iface: 'wlan0', stack: 'udhcpc' }), { exists: true, driver: 'brcmfmac', usb: null })).toThrow(expect.objectContaining({ code: 'not-permitted' }));
  });
});

describe('option-like names are never valid', () => {
  it.each(['-x', '-k', '--', '--help', '-', '-usb0'])('%s', (name) => {
    expect(() => validateIfaceName(name)).toThrow(/invalid interface name/);
    expect(() => parseVerbRequest('dhcp-down', { iface: name, stack: 'dhcpcd' }, { allowRoot: false })).toThrow(/invalid interface name/);
  });
  it('a dash inside a name is fine (enx..., br-lan)', () => {
    expect(validateIfaceName('br-lan')).toBe('br-lan');
  });
  it('usb-serial new_id only for a modem vendor', () => {
    expect(() => parseVerbRequest('usb-serial-new-id', { vid: '0424', pid: '7800' }, { allowRoot: false })).toThrow(/not a modem vendor's/);
    expect(parseVerbRequest('usb-serial-new-id', { vid: '2c7c', pid: '0125' }, { allowRoot: false }).args.vid).toBe('2c7c');
  });
});

describe('against a declared sysfs root (a Pi with a SIM7600 on usb0)', () => {
  let sys: string;
  beforeAll(async () => {
    sys = await buildFakeSysNet(PI_WITH_MODEM);
  });
  afterAll(async () => {
    await rm(sys, { recursive: true, force: true });
  });

  it('reads driver and USB IDs through the class/net links', async () => {
    expect(await readNetdevFacts('usb0', sys)).toEqual({ exists: true, driver: 'rndis_host', usb: { vid: 0x1e0e, pid: 0x9011 } });
    expect(await readNetdevFacts('eth0', sys)).toEqual({ exists: true, driver: 'lan78xx', usb: { vid: 0x0424, pid: 0x7800 } });
    expect(await readNetdevFacts('wlan0', sys)).toEqual({ exists: true, driver: 'brcmfmac', usb: null });
    expect(await readNetdevFacts('veth9', sys)).toEqual({ exists: true, driver: null, usb: null });
    expect(await readNetdevFacts('usb1', sys)).toEqual({ exists: false, driver: null, usb: null });
  });

  it('executeRaw with modemOnly refuses eth0/wlan0 before any command runs', async () => {
    const ran: string[][] = [];
    const off = onCommand((argv) => ran.push([...argv]));
    try {
      const modemOnly = { sysfsRoot: sys };
      await expect(executeRaw('set-metric', { iface: 'eth0', gateway: '10.99.0.1', metric: '0' }, { allowRoot: true, modemOnly })).rejects.toMatchObject({ code: 'not-permitted', message: expect.stringContaining('eth0 is not a modem') });
      await expect(executeRaw('dhcp-down', { iface: 'wlan0', stack: 'udhcpc' }, { allowRoot: true, modemOnly })).rejects.toMatchObject({ code: 'not-permitted' });
      await expect(executeRaw('nm-profile', { iface: 'veth9', action: 'reapply' }, { allowRoot: true, modemOnly })).rejects.toMatchObject({ code: 'not-permitted' });
      await expect(executeRaw('dhcp-down', { iface: '-x', stack: 'dhcpcd' }, { allowRoot: true, modemOnly })).rejects.toMatchObject({ code: 'invalid-argument' });
      expect(ran).toEqual([]);
    } finally {
      off();
    }
  });

  it('a root runner (a daemon serving other users) can opt in to the same check', async () => {
    expect(process.getuid?.()).toBe(0); // the suite runs as root (COMMON rules): the runner is in-process
    const runner = createPrivilegedRunner({ modemOnly: { sysfsRoot: sys } });
    expect(runner.elevation).toBe('in-process');
    const ran: string[][] = [];
    const off = onCommand((argv) => ran.push([...argv]));
    try {
      await expect(runner.call('set-metric', { iface: 'eth0', gateway: '10.99.0.1', metric: '0' })).rejects.toMatchObject({ code: 'not-permitted' });
      await expect(runner.call('networkd-file', { iface: 'wlan0', action: 'set', metric: '700' })).rejects.toMatchObject({ code: 'not-permitted' });
      expect(ran).toEqual([]);
    } finally {
      off();
    }
  });
});
