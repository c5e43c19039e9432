// Reads one USB device's interfaces from Linux sysfs: /sys/bus/usb/devices/<port>/<port>:<cfg>.<if>/
// with bInterfaceNumber, bInterfaceClass/SubClass/Protocol, the `driver` link, tty children
// (usb-serial: ttyUSBn directly below the interface; cdc_acm: tty/ttyACMn) and net/<ifname>.
// A device can vanish at any point (unplug, mode switch re-enumeration): it is then simply gone.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RawUsbDevice, RawUsbInterface } from '../../core/devices/types.js';

const PORT_PATH = /^\d+-\d+(\.\d+)*$/;
const TTY = /^tty(USB|ACM)\d+$/;

export function usbDevicesDir(sysRoot = '/sys'): string {
  return join(sysRoot, 'bus', 'usb', 'devices');
}

async function attr(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function readInterface(dir: string): Promise<RawUsbInterface | undefined> {
  const [num, cls, sub, prot] = await Promise.all(['bInterfaceNumber', 'bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol'].map((a) => attr(dir, a)));
  if (num === undefined || cls === undefined || sub === undefined || prot === undefined) return undefined;
  let driver: string | null = null;
  try {
    driver = basename(await readlink(join(dir, 'driver')));
  } catch {
    driver = null; // no driver bound (or the interface vanished: the caller re-checks the device)
  }
  const children = await list(dir);
  const ttys = children.filter((c) => TTY.test(c));
  if (children.includes('tty')) ttys.push(...(await list(join(dir, 'tty'))).filter((c) => TTY.test(c)));
  const netdevs = children.includes('net') ? await list(join(dir, 'net')) : [];
  return {
    number: parseInt(num, 16),
    classTriple: { class: parseInt(cls, 16), subclass: parseInt(sub, 16), protocol: parseInt(prot, 16) },
    driver,
    ttys,
    netdevs,
  };
}

/** The device at /sys/bus/usb/devices/<portPath>, or undefined when it is not (or no longer) there. */
export async function readUsbDevice(portPath: string, sysRoot = '/sys'): Promise<RawUsbDevice | undefined> {
  if (!PORT_PATH.test(portPath)) throw new Error(`not a USB port path: ${portPath}`);
  const dir = join(usbDevicesDir(sysRoot), portPath);
  const [vid, pid, busnum, devnum, manufacturer, product, serial] = await Promise.all(
    ['idVendor', 'idProduct', 'busnum', 'devnum', 'manufacturer', 'product', 'serial'].map((a) => attr(dir, a)),
  );
  if (vid === undefined || pid === undefined) return undefined;
  const ifNames = (await list(dir)).filter((n) => n.startsWith(`${portPath}:`));
  const interfaces = (await Promise.all(ifNames.map((n) => readInterface(join(dir, n))))).filter((i): i is RawUsbInterface => i !== undefined);
  // Gone while we read (re-enumeration after AT+CUSBPIDSWITCH): report nothing rather than half a device.
  if ((await attr(dir, 'idProduct')) !== pid) return undefined;
  interfaces.sort((a, b) => a.number - b.number);
  return {
    portPath,
    vid: parseInt(vid, 16),
    pid: parseInt(pid, 16),
    ...(busnum !== undefined ? { busnum: Number(busnum) } : {}),
    ...(devnum !== undefined ? { devnum: Number(devnum) } : {}),
    ...(manufacturer !== undefined ? { manufacturer } : {}),
    ...(product !== undefined ? { product } : {}),
    ...(serial !== undefined ? { serial } : {}),
    interfaces,
  };
}

/** Port paths of USB devices in sysfs (root hubs "usbN" and interfaces "1-1:1.0" excluded), as the usb library filters. */
export async function listPortPaths(sysRoot = '/sys'): Promise<string[]> {
  return (await list(usbDevicesDir(sysRoot))).filter((n) => PORT_PATH.test(n)).sort();
}
