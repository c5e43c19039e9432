// Parsers of recorded USB listings into RawUsbDevice (the shape sysfs gives), so captured output
// from users (transcripts.md) can be run through the same mapping as a live system:
// - `usb-devices` (T-5, T-6, T-12, T-25): T/P/S/C/I lines;
// - kernel log lines attaching ttys (T-11, T-27): "option 1-2.1:1.2: GSM modem ... detected" then
//   "usb 1-2.1: GSM modem (1-port) converter now attached to ttyUSB4", and net registration
//   "qmi_wwan 1-2.1:1.5 wwan0: register" / "... wwp0s20f0u2u1i5: renamed from wwan0".
import type { RawUsbDevice, RawUsbInterface } from './types.js';

/** Parses `usb-devices` output; one RawUsbDevice per T: line. Port path from Bus/Port is not exact (see below). */
export function parseUsbDevices(text: string): RawUsbDevice[] {
  const devices: RawUsbDevice[] = [];
  let cur: RawUsbDevice | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const kind = line.slice(0, 2);
    if (kind === 'T:') {
      const bus = Number(/Bus=\s*(\d+)/.exec(line)?.[1] ?? NaN);
      const lev = Number(/Lev=\s*(\d+)/.exec(line)?.[1] ?? NaN);
      const port = Number(/Port=\s*(\d+)/.exec(line)?.[1] ?? NaN);
      const dev = Number(/Dev#=\s*(\d+)/.exec(line)?.[1] ?? NaN);
      // usb-devices prints the 0-based port on the parent; for a level-1 device the sysfs name is bus-(port+1).
      // Deeper levels need the parent chain, which the dump only gives indirectly: mark them with the device number.
      const portPath = lev === 1 ? `${bus}-${port + 1}` : `${bus}-?dev${dev}`;
      cur = { portPath, vid: NaN, pid: NaN, busnum: bus, devnum: dev, interfaces: [] };
      devices.push(cur);
    } else if (!cur) {
      continue;
    } else if (kind === 'P:') {
      cur.vid = parseInt(/Vendor=([0-9a-fA-F]{4})/.exec(line)?.[1] ?? '', 16);
      cur.pid = parseInt(/ProdID=([0-9a-fA-F]{4})/.exec(line)?.[1] ?? '', 16);
    } else if (kind === 'S:') {
      const m = /^S:\s*(Manufacturer|Product|SerialNumber)=(.*)$/.exec(line);
      if (m?.[1] === 'Manufacturer') cur.manufacturer = m[2];
      else if (m?.[1] === 'Product') cur.product = m[2];
      else if (m?.[1] === 'SerialNumber') cur.serial = m[2];
    } else if (kind === 'I:') {
      // "I:* If#= 5 Alt= 0 ..." (active alt) vs "I:  If#= 5 Alt= 1" (other alt settings): keep one per number.
      const num = /If#=\s*(0x[0-9a-fA-F]+|\d+)/.exec(line)?.[1];
      const cls = /Cls=([0-9a-fA-F]{2})/.exec(line)?.[1];
      const sub = /Sub=([0-9a-fA-F]{2})/.exec(line)?.[1];
      const prot = /Prot=([0-9a-fA-F]{2})/.exec(line)?.[1];
      const drv = /Driver=(\S+)/.exec(line)?.[1];
      if (num === undefined || cls === undefined || sub === undefined || prot === undefined) continue;
      const number = num.startsWith('0x') ? parseInt(num, 16) : Number(num);
      if (cur.interfaces.some((i) => i.number === number)) continue;
      const iface: RawUsbInterface = {
        number,
        classTriple: { class: parseInt(cls, 16), subclass: parseInt(sub, 16), protocol: parseInt(prot, 16) },
        driver: drv === undefined || drv === '(none)' ? null : drv,
        ttys: [],
        netdevs: [],
      };
      cur.interfaces.push(iface);
    }
  }
  return devices.filter((d) => Number.isFinite(d.vid) && Number.isFinite(d.pid));
}

export interface KernelLogFacts {
  /** Per device port path: VID/PID and interface -> tty / netdev. */
  devices: Map<string, { vid?: number; pid?: number; ttys: Map<number, string[]>; netdevs: Map<number, string[]>; drivers: Map<number, string> }>;
}

/** Reads device ids, tty attachments and net device names (with renames) from kernel log lines. */
export function parseKernelLog(text: string): KernelLogFacts {
  const devices: KernelLogFacts['devices'] = new Map();
  const get = (port: string) => {
    let d = devices.get(port);
    if (!d) devices.set(port, (d = { ttys: new Map(), netdevs: new Map(), drivers: new Map() }));
    return d;
  };
  let pendingIf: { port: string; ifnum: number } | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    // dmesg with or without `[ 12.345]`, journalctl -k (`Mon DD hh:mm:ss host kernel: `), bare `kernel: ` (issue 12).
    const line = rawLine
      .replace(/^\s*[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\S+\s+kernel:\s*/, '')
      .replace(/^\s*kernel:\s*/, '')
      .replace(/^\s*\[\s*[\d.]+\]\s*/, '')
      .trim();
    let m = /^usb (\d+-[\d.]+): New USB device found, idVendor=([0-9a-f]{4}), idProduct=([0-9a-f]{4})/.exec(line);
    if (m?.[1] && m[2] && m[3]) {
      const d = get(m[1]);
      d.vid = parseInt(m[2], 16);
      d.pid = parseInt(m[3], 16);
      continue;
    }
    m = /^(\S+) (\d+-[\d.]+):\d+\.(\d+): .*converter detected$/.exec(line);
    if (m?.[1] && m[2] && m[3]) {
      pendingIf = { port: m[2], ifnum: Number(m[3]) };
      get(m[2]).drivers.set(Number(m[3]), m[1]);
      continue;
    }
    m = /^usb (\d+-[\d.]+): .*converter now attached to (tty\w+)$/.exec(line);
    if (m?.[1] && m[2]) {
      // `dmesg | grep ttyUSB` keeps this line without the "converter detected" one: the tty is
      // known, its interface is not (-1).
      const ifnum = pendingIf && pendingIf.port === m[1] ? pendingIf.ifnum : -1;
      const d = get(m[1]);
      d.ttys.set(ifnum, [...(d.ttys.get(ifnum) ?? []), m[2]]);
      pendingIf = undefined;
      continue;
    }
    m = /^(\S+) (\d+-[\d.]+):\d+\.(\d+) (\S+): (register|renamed from (\S+))/.exec(line);
    if (m?.[1] && m[2] && m[3] && m[4]) {
      const d = get(m[2]);
      const ifnum = Number(m[3]);
      d.drivers.set(ifnum, m[1]);
      const list = (d.netdevs.get(ifnum) ?? []).filter((n) => n !== m?.[6]);
      if (!list.includes(m[4])) list.push(m[4]);
      d.netdevs.set(ifnum, list);
    }
  }
  return { devices };
}

/**
 * Merges kernel-log tty/netdev facts into a device from a dump (same interface numbers).
 * The log names the port path, so it replaces the dump's approximate one.
 */
export function withKernelLog(raw: RawUsbDevice, log: KernelLogFacts, portPath: string): RawUsbDevice {
  const facts = log.devices.get(portPath);
  if (!facts) return raw;
  return {
    ...raw,
    portPath,
    interfaces: raw.interfaces.map((i) => ({
      ...i,
      ttys: facts.ttys.get(i.number) ?? i.ttys,
      netdevs: facts.netdevs.get(i.number) ?? i.netdevs,
    })),
  };
}

// `lsusb -t` names the interface class only (no subclass/protocol): map the names it prints.
const LSUSB_CLASS: Record<string, number> = {
  Communications: 0x02,
  'CDC Data': 0x0a,
  'Vendor Specific Class': 0xff,
  'Mass Storage': 0x08,
  Hub: 0x09,
  'Human Interface Device': 0x03,
  'Wireless': 0xe0,
  'Miscellaneous Device': 0xef,
};

/**
 * Parses `lsusb -t` (T-2, T-7) into devices with port paths from the tree ("1-1.1"). Subclass and
 * protocol are not printed: they are 0 here, which is enough for PIDs with a single layout.
 */
export function parseLsusbTree(text: string): RawUsbDevice[] {
  const byKey = new Map<string, RawUsbDevice>();
  const stack: { indent: number; port: string }[] = []; // port path of each open tree level
  let bus = 0;
  for (const line of text.split(/\r?\n/)) {
    const root = /^\/:\s+Bus (\d+)\.Port \d+: Dev \d+/.exec(line);
    if (root?.[1]) {
      bus = Number(root[1]);
      stack.length = 0;
      continue;
    }
    const m = /^(\s*)\|__ Port (\d+): Dev (\d+), If (\d+), Class=([^,]+), Driver=([^,]*),/.exec(line);
    if (!m || m[1] === undefined || !m[2] || !m[3] || !m[4] || !m[5] || m[6] === undefined) continue;
    const indent = m[1].length;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.port;
    const port = parent ? `${parent}.${m[2]}` : `${bus}-${m[2]}`;
    stack.push({ indent, port });
    const key = `${port}#${m[3]}`;
    let dev = byKey.get(key);
    if (!dev) byKey.set(key, (dev = { portPath: port, vid: NaN, pid: NaN, busnum: bus, devnum: Number(m[3]), interfaces: [] }));
    const driver = m[6].replace(/\/\d+p$/, '');
    dev.interfaces.push({
      number: Number(m[4]),
      classTriple: { class: LSUSB_CLASS[m[5].trim()] ?? 0, subclass: 0, protocol: 0 },
      driver: driver === '' ? null : driver,
      ttys: [],
      netdevs: [],
    });
  }
  // Sibling interfaces of one device sit at the same indent: the stack pops and re-pushes the same port.
  return [...byKey.values()];
}

/** VID:PID per bus/device number from plain `lsusb` lines ("Bus 001 Device 004: ID 1e0e:9011 ..."). */
export function parseLsusb(text: string): { bus: number; devnum: number; vid: number; pid: number; name: string }[] {
  const out: { bus: number; devnum: number; vid: number; pid: number; name: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^Bus (\d+) Device (\d+): ID ([0-9a-f]{4}):([0-9a-f]{4})\s?(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] && m[3] && m[4]) out.push({ bus: Number(m[1]), devnum: Number(m[2]), vid: parseInt(m[3], 16), pid: parseInt(m[4], 16), name: (m[5] ?? '').trim() });
  }
  return out;
}
