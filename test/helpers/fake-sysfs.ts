// Generates a fake /sys/bus tree from twin USB layouts (src-main/twin/usb-descriptors.ts): per device
// the attributes the `usb` library (nusb) reads, and per interface bInterfaceNumber, the class triple,
// a `driver` link, ttyUSBn (usb-serial) children and net/<if> children — what sysfs shows on a real Pi.
// The directory is bind-mounted over /sys/bus inside a private mount namespace (fake-sysfs-ns.ts), so
// changes made here (a mode switch, a rename) are seen live by the process in the namespace.
// tty and net numbers are allocated lowest-free across all devices, as the kernel does, so other
// USB-serial adapters shift the modem's ttyUSB numbers.
import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TwinUsbLayout } from '../../src-main/twin/usb-descriptors.js';

export interface FakeDeviceSpec {
  /** sysfs name, e.g. "1-1.3". */
  portPath: string;
  layout: TwinUsbLayout;
}

export interface PlacedDevice {
  portPath: string;
  layout: TwinUsbLayout;
  devnum: number;
  /** interface number -> tty names / netdev names given to it. */
  ttys: Map<number, string>;
  netdevs: Map<number, string>;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export class FakeSysfs {
  private readonly placed = new Map<string, PlacedDevice>();
  private nextDevnum = 2;

  private constructor(
    /** The directory to bind over /sys/bus (holds usb/devices and usb/drivers). */
    readonly root: string,
    /** Base for temporary dirs of the test (removed by cleanup()). */
    readonly base: string,
  ) {}

  static async create(prefix = 'simhat-sysfs-'): Promise<FakeSysfs> {
    const base = await mkdtemp(join(tmpdir(), prefix));
    const root = join(base, 'bus');
    await mkdir(join(root, 'usb', 'devices'), { recursive: true });
    await mkdir(join(root, 'usb', 'drivers'), { recursive: true });
    return new FakeSysfs(root, base);
  }

  get devicesDir(): string {
    return join(this.root, 'usb', 'devices');
  }

  device(portPath: string): PlacedDevice | undefined {
    return this.placed.get(portPath);
  }

  /** /dev name of the tty on this device's interface, e.g. "ttyUSB4". */
  tty(portPath: string, ifnum: number): string | undefined {
    return this.placed.get(portPath)?.ttys.get(ifnum);
  }

  private lowestFree(prefix: string): string {
    const used = new Set<string>();
    for (const d of this.placed.values()) for (const n of [...d.ttys.values(), ...d.netdevs.values()]) used.add(n);
    for (let i = 0; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
  }

  /** Adds a device as the kernel would on plug-in (drivers bound, ttys and netdevs numbered). */
  async add(spec: FakeDeviceSpec): Promise<PlacedDevice> {
    if (this.placed.has(spec.portPath)) throw new Error(`${spec.portPath} is already present`);
    const placed: PlacedDevice = { portPath: spec.portPath, layout: spec.layout, devnum: this.nextDevnum++, ttys: new Map(), netdevs: new Map() };
    this.placed.set(spec.portPath, placed); // reserve names before allocating the next ones
    for (const i of spec.layout.interfaces) {
      if (i.serial && i.driver) placed.ttys.set(i.number, this.lowestFree('ttyUSB'));
      if (i.net && i.driver) placed.netdevs.set(i.number, this.lowestFree(i.net));
    }
    await this.writeDevice(placed);
    return placed;
  }

  /** The device leaves the bus (unplug, or the reset of a mode switch). */
  async remove(portPath: string): Promise<void> {
    if (!this.placed.delete(portPath)) return;
    const gone = join(this.devicesDir, `.gone-${portPath}-${Date.now()}`);
    await rename(join(this.devicesDir, portPath), gone); // vanishes at once, as on unplug
    await rm(gone, { recursive: true, force: true });
  }

  /** Mode switch: the same port comes back with another layout (new PID, new numbers). */
  async replace(portPath: string, layout: TwinUsbLayout): Promise<PlacedDevice> {
    await this.remove(portPath);
    return this.add({ portPath, layout });
  }

  /** Renames a netdev as systemd does (usb0 -> enx...). */
  async renameNetdev(portPath: string, ifnum: number, name: string): Promise<void> {
    const d = this.placed.get(portPath);
    const old = d?.netdevs.get(ifnum);
    if (!d || !old) throw new Error(`no netdev on ${portPath} if${ifnum}`);
    const netDir = join(this.devicesDir, portPath, `${portPath}:1.${ifnum}`, 'net');
    await rename(join(netDir, old), join(netDir, name));
    d.netdevs.set(ifnum, name);
  }

  private async writeDevice(d: PlacedDevice): Promise<void> {
    const l = d.layout;
    const staging = join(this.devicesDir, `.new-${d.portPath}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    const bus = Number(d.portPath.split('-')[0]);
    const devpath = d.portPath.split('-').slice(1).join('-');
    const attrs: Record<string, string | number> = {
      busnum: bus,
      devnum: d.devnum,
      devpath,
      idVendor: hex4(l.vid),
      idProduct: hex4(l.pid),
      bcdDevice: l.bcdDevice,
      version: l.version,
      bDeviceClass: hex2(l.deviceClass),
      bDeviceSubClass: hex2(l.deviceSubClass),
      bDeviceProtocol: hex2(l.deviceProtocol),
      bMaxPacketSize0: l.maxPacketSize0,
      bNumConfigurations: 1,
      bConfigurationValue: 1,
      bNumInterfaces: ` ${l.interfaces.length}`,
      speed: l.speed,
      ...(l.manufacturer ? { manufacturer: l.manufacturer } : {}),
      product: l.product,
      serial: l.serial,
    };
    await Promise.all(Object.entries(attrs).map(([k, v]) => writeFile(join(staging, k), `${v}\n`)));
    for (const i of l.interfaces) {
      const ifDir = join(staging, `${d.portPath}:1.${i.number}`);
      await mkdir(ifDir);
      const ifAttrs = { bInterfaceNumber: hex2(i.number), bInterfaceClass: hex2(i.class), bInterfaceSubClass: hex2(i.subclass), bInterfaceProtocol: hex2(i.protocol), bAlternateSetting: ' 0' };
      await Promise.all(Object.entries(ifAttrs).map(([k, v]) => writeFile(join(ifDir, k), `${v}\n`)));
      if (i.driver) {
        await mkdir(join(this.root, 'usb', 'drivers', i.driver), { recursive: true });
        await symlink(`/sys/bus/usb/drivers/${i.driver}`, join(ifDir, 'driver'));
      }
      const tty = d.ttys.get(i.number);
      if (tty) {
        await mkdir(join(ifDir, tty, 'tty', tty), { recursive: true });
        await writeFile(join(ifDir, tty, 'tty', tty, 'dev'), `188:${tty.replace(/\D+/, '')}\n`);
      }
      const net = d.netdevs.get(i.number);
      if (net) {
        await mkdir(join(ifDir, 'net', net), { recursive: true });
        await writeFile(join(ifDir, 'net', net, 'ifindex'), `${10 + d.devnum}\n`);
      }
      if (i.wdm) await mkdir(join(ifDir, 'usbmisc', `cdc-wdm${d.devnum}`), { recursive: true });
    }
    await rename(staging, join(this.devicesDir, d.portPath)); // appears at once, fully formed
  }

  async cleanup(): Promise<void> {
    await rm(this.base, { recursive: true, force: true });
  }
}
