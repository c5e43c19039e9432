// Linux DeviceSource: the `usb` package (v3, nusb-based) enumerates, sysfs maps interfaces to
// drivers, ttys and netdevs.
// - usb.getDevices() lists devices without opening them: nusb reads /sys/bus/usb/devices/<port>/
//   {busnum, devnum, devpath, idVendor, idProduct, bcdDevice, version, bDeviceClass, bDeviceSubClass,
//   bDeviceProtocol, bMaxPacketSize0, speed, manufacturer, product, serial}. We do NOT use
//   device.configuration: in v3 it opens /dev/bus/usb/BBB/DDD (root-only by default, and it touches
//   the device); sysfs has the interface facts without opening anything.
// - Hotplug: the library's connect/disconnect events come from the kernel uevent netlink socket.
//   They trigger an immediate rescan, but drivers bind (ttys, netdevs appear) after the USB event,
//   and containers/namespaces see no events at all — so we also poll (default 500 ms, issue 3: ≤ 1 s).
// - No /sys/bus/usb (containers): an empty list with a reason, never a crash. The library's event
//   registration rethrows a failed device listing asynchronously (uncaught), so it is only
//   registered when the sysfs directory exists.
import { access } from 'node:fs/promises';
import { busyInfo } from '../../core/devices/contention.js';
import { describeModem } from '../../core/devices/describe.js';
import { isModemVendor } from '../../core/devices/catalog.js';
import type { DeviceList, DeviceSource, ModemDescription } from '../../core/devices/types.js';
import { findPortHolders } from './port-holders.js';
import { listPortPaths, readUsbDevice, usbDevicesDir } from './sysfs.js';

export interface LinuxSourceOptions {
  /** Root of sysfs; default /sys. Only enumeration through the usb library ignores it (nusb reads /sys). */
  sysRoot?: string;
  /** Where tty nodes live; default /dev. */
  devRoot?: string;
  /** Polling interval of watch(); default 500 ms. */
  pollMs?: number;
  /** Scan /proc for holders of each AT port; default true. */
  checkBusy?: boolean;
  /** Enumerate with the `usb` library (default true); false reads the sysfs directory listing only. */
  useUsbLib?: boolean;
}

interface UsbLib {
  getDevices(): Promise<{ vendorId: number; productId: number; bus: string; ports: number[] }[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: () => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: () => void): void;
}

let usbLibPromise: Promise<UsbLib | undefined> | undefined;
/** Loaded lazily: the native addon is only needed on Linux enumeration. */
function loadUsbLib(): Promise<UsbLib | undefined> {
  usbLibPromise ??= import('usb').then(
    (m) => m.usb as unknown as UsbLib,
    () => undefined,
  );
  return usbLibPromise;
}

export const NO_SYSFS_REASON = 'No /sys/bus/usb on this system (a container without USB access?): no USB devices can be seen';

export class LinuxDeviceSource implements DeviceSource {
  private readonly sysRoot: string;
  private readonly devRoot: string;
  private readonly pollMs: number;
  private readonly checkBusy: boolean;
  private readonly useUsbLib: boolean;

  constructor(options: LinuxSourceOptions = {}) {
    this.sysRoot = options.sysRoot ?? '/sys';
    this.devRoot = options.devRoot ?? '/dev';
    this.pollMs = options.pollMs ?? 500;
    this.checkBusy = options.checkBusy ?? true;
    this.useUsbLib = options.useUsbLib ?? this.sysRoot === '/sys';
  }

  private async hasSysfs(): Promise<boolean> {
    try {
      await access(usbDevicesDir(this.sysRoot));
      return true;
    } catch {
      return false;
    }
  }

  /** Port paths of modem-vendor devices, by the usb library (or the sysfs listing). */
  private async modemPorts(): Promise<{ ports: string[]; reason?: string }> {
    if (!this.useUsbLib) {
      return { ports: await listPortPaths(this.sysRoot) };
    }
    const lib = await loadUsbLib();
    if (!lib) return { ports: await listPortPaths(this.sysRoot), reason: 'the usb library could not be loaded; listed from sysfs' };
    try {
      const devices = await lib.getDevices();
      const ports = devices
        .filter((d) => isModemVendor(d.vendorId))
        .map((d) => `${Number(d.bus)}-${d.ports.join('.')}`)
        .sort();
      return { ports };
    } catch (err) {
      return { ports: [], reason: `USB enumeration failed: ${(err as Error).message}` };
    }
  }

  async list(): Promise<DeviceList> {
    return this.scan(this.checkBusy);
  }

  private async scan(withBusy: boolean): Promise<DeviceList> {
    if (!(await this.hasSysfs())) return { modems: [], reason: NO_SYSFS_REASON };
    const { ports, reason } = await this.modemPorts();
    const raws = await Promise.all(ports.map((port) => readUsbDevice(port, this.sysRoot)));
    const modems: ModemDescription[] = [];
    for (const raw of raws) {
      if (!raw) continue; // vanished mid-read
      const desc = describeModem(raw, this.devRoot);
      if (desc) modems.push(desc);
    }
    if (withBusy) await this.addBusy(modems);
    return reason ? { modems, reason } : { modems };
  }

  private async addBusy(modems: ModemDescription[]): Promise<void> {
    await Promise.all(
      modems.map(async (m) => {
        if (m.atPort) m.busy = busyInfo(m.vid, m.pid, await findPortHolders(m.atPort));
      }),
    );
  }

  watch(listener: (snapshot: DeviceList) => void): () => void {
    let stopped = false;
    let last = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | undefined;
    let again = false;

    const tick = async (): Promise<void> => {
      const snap = await this.scan(false);
      if (stopped) return;
      const key = JSON.stringify(snap);
      if (key === last) return;
      last = key;
      // Busy holders only when something changed: a /proc scan per poll would cost too much.
      if (this.checkBusy) await this.addBusy(snap.modems);
      if (!stopped) listener(snap);
    };
    const run = (): void => {
      if (stopped) return;
      if (running) {
        again = true; // a hotplug event arrived during a scan: scan once more right after
        return;
      }
      if (timer) clearTimeout(timer);
      running = tick()
        .catch(() => {})
        .finally(() => {
          running = undefined;
          if (stopped) return;
          if (again) {
            again = false;
            run();
          } else {
            timer = setTimeout(run, this.pollMs);
          }
        });
    };
    const onHotplug = (): void => run();
    let lib: UsbLib | undefined;
    void (async () => {
      if (!this.useUsbLib || !(await this.hasSysfs())) return;
      lib = await loadUsbLib();
      if (stopped || !lib) return;
      lib.addEventListener('connect', onHotplug);
      lib.addEventListener('disconnect', onHotplug);
    })();
    run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (lib) {
        lib.removeEventListener('connect', onHotplug);
        lib.removeEventListener('disconnect', onHotplug);
      }
    };
  }
}
