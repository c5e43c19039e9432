// A fake sysfs tree for network interfaces (class/net and the device folders behind them), laid out as
// on a Raspberry Pi with relative links as the kernel makes them, so the privileged helper's ownership
// check (src-main/platform/privileged/netdev-facts.ts) can be pointed at it (a declared sysfs root) or
// find it mounted over /sys inside a private mount namespace (./netns-helper-ns.ts).
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export type FakeNetdev =
  | { name: string; kind: 'usb'; driver: string; vid: string; pid: string; port: string; ifnum: number }
  | { name: string; kind: 'sdio'; driver: string }
  | { name: string; kind: 'virtual' };

/** A Pi 3B+: eth0 on the LAN7800 USB chip, wlan0 on SDIO, usb0 a SIM7600 in RNDIS, plus a veth. */
export const PI_WITH_MODEM: readonly FakeNetdev[] = [
  { name: 'eth0', kind: 'usb', driver: 'lan78xx', vid: '0424', pid: '7800', port: '1-1.1.1', ifnum: 0 },
  { name: 'wlan0', kind: 'sdio', driver: 'brcmfmac' },
  { name: 'usb0', kind: 'usb', driver: 'rndis_host', vid: '1e0e', pid: '9011', port: '1-1.3', ifnum: 0 },
  { name: 'veth9', kind: 'virtual' },
];

async function link(at: string, target: string): Promise<void> {
  await mkdir(dirname(at), { recursive: true });
  await symlink(relative(dirname(at), target), at);
}

/** Builds the tree under `root` (created if needed); returns root. */
export async function buildFakeSysNet(devs: readonly FakeNetdev[], root?: string): Promise<string> {
  const sys = root ?? (await mkdtemp(join(tmpdir(), 'simhat-sysnet-')));
  for (const d of devs) {
    let netParent: string;
    if (d.kind === 'virtual') {
      netParent = join(sys, 'devices/virtual');
    } else if (d.kind === 'sdio') {
      const fn = join(sys, 'devices/platform/soc/3f300000.mmcnr/mmc_host/mmc1/mmc1:0001/mmc1:0001:1');
      await mkdir(fn, { recursive: true });
      await mkdir(join(sys, 'bus/sdio/drivers', d.driver), { recursive: true });
      await link(join(fn, 'driver'), join(sys, 'bus/sdio/drivers', d.driver));
      netParent = fn;
    } else {
      const usbDev = join(sys, 'devices/platform/soc/3f980000.usb/usb1', d.port);
      const intf = join(usbDev, `${d.port}:1.${d.ifnum}`);
      await mkdir(intf, { recursive: true });
      await writeFile(join(usbDev, 'idVendor'), `${d.vid}\n`);
      await writeFile(join(usbDev, 'idProduct'), `${d.pid}\n`);
      await writeFile(join(intf, 'bInterfaceNumber'), `${String(d.ifnum).padStart(2, '0')}\n`);
      await mkdir(join(sys, 'bus/usb/drivers', d.driver), { recursive: true });
      await link(join(intf, 'driver'), join(sys, 'bus/usb/drivers', d.driver));
      netParent = intf;
    }
    const netdev = join(netParent, 'net', d.name);
    await mkdir(netdev, { recursive: true });
    await writeFile(join(netdev, 'ifindex'), '2\n');
    if (d.kind !== 'virtual') await link(join(netdev, 'device'), netParent);
    await link(join(sys, 'class/net', d.name), netdev);
  }
  return sys;
}
