// What sysfs says about a network interface, for the helper's own decision whether it is a modem's
// (core/net/modem-iface.ts). On Linux /sys/class/net/<if> links to the device tree; for a USB netdev,
// `device` is the USB interface (e.g. .../1-1.3/1-1.3:1.0, with bInterfaceNumber and a `driver` link such
// as rndis_host) and its parent folder the USB device (idVendor, idProduct). A veth, bridge or lo has no
// `device`. The sysfs root is a parameter so a test root can declare its own tree; the installed helper
// always reads /sys.
import { readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { NetdevFacts } from '../../core/net/modem-iface.js';
import { validateIfaceName } from '../../core/net/validate.js';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readHex(path: string): Promise<number | null> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return /^[0-9a-fA-F]{4}$/.test(text) ? parseInt(text, 16) : null;
  } catch {
    return null;
  }
}

export async function readNetdevFacts(iface: string, sysfsRoot = '/sys'): Promise<NetdevFacts> {
  const name = validateIfaceName(iface);
  const netdev = join(sysfsRoot, 'class', 'net', name);
  if (!(await exists(netdev))) return { exists: false, driver: null, usb: null };
  let device: string;
  try {
    device = await realpath(join(netdev, 'device'));
  } catch {
    return { exists: true, driver: null, usb: null };
  }
  let driver: string | null = null;
  try {
    driver = basename(await readlink(join(device, 'driver')));
  } catch {
    driver = null;
  }
  // A USB interface folder holds bInterfaceNumber; its parent is the USB device with the IDs.
  if (!(await exists(join(device, 'bInterfaceNumber')))) return { exists: true, driver, usb: null };
  const usbDevice = dirname(device);
  const [vid, pid] = await Promise.all([readHex(join(usbDevice, 'idVendor')), readHex(join(usbDevice, 'idProduct'))]);
  return { exists: true, driver, usb: vid !== null && pid !== null ? { vid, pid } : null };
}
