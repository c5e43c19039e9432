// Demo mode's USB view: a DeviceSource over the twin. The twin's USB layout for its current PID
// (src-main/twin/usb-descriptors.ts) is turned into the same RawUsbDevice the Linux sysfs reader
// produces and described by the real catalog code (core/devices/describe.ts); a reset or an unplug
// empties the list, the twin's 'reappeared' brings the modem back in its new composition.
import type { Twin } from './twin.js';
import { sim7600UsbLayout, type Sim7600Pid, type TwinUsbLayout } from './usb-descriptors.js';
import { describeModem } from '../core/devices/describe.js';
import { busyInfo } from '../core/devices/contention.js';
import type { DeviceList, DeviceSource, PortHolder, RawUsbDevice } from '../core/devices/types.js';

/** Where the demo modem sits (a Pi's first downstream port). */
export const DEMO_PORT_PATH = '1-1.3';

/** Names the kernel would give: ttyUSB0.. in interface order, usb0 / wwan0 for the net function. */
export function rawFromLayout(layout: TwinUsbLayout, portPath = DEMO_PORT_PATH): RawUsbDevice {
  let tty = 0;
  return {
    portPath,
    vid: layout.vid,
    pid: layout.pid,
    manufacturer: layout.manufacturer,
    product: layout.product,
    serial: layout.serial,
    interfaces: layout.interfaces.map((i) => ({
      number: i.number,
      classTriple: { class: i.class, subclass: i.subclass, protocol: i.protocol },
      driver: i.driver,
      ttys: i.serial && i.driver ? [`ttyUSB${tty++}`] : [],
      netdevs: i.net === 'usb' ? ['usb0'] : i.net === 'wwan' ? ['wwan0'] : [],
    })),
  };
}

export class TwinDeviceSource implements DeviceSource {
  #holders: Omit<PortHolder, 'port'>[] = [];
  #watchers = new Set<() => void>();

  constructor(private readonly twin: Twin) {}

  /**
   * Simulates other programs holding the AT port (ModemManager probing it, sim7600.md §3): the modem
   * then shows as busy with the detection layer's own explanation and fix. [] frees it.
   */
  setHolders(holders: Omit<PortHolder, 'port'>[]): void {
    this.#holders = [...holders];
    for (const w of this.#watchers) w();
  }

  snapshot(): DeviceList {
    if (!this.twin.present) return { modems: [] };
    // The twin's PID is the decimal spelling of the hex PID (9011 means 0x9011).
    const pid = Number.parseInt(String(this.twin.pid), 16) as Sim7600Pid;
    const desc = describeModem(rawFromLayout(sim7600UsbLayout(pid)));
    if (!desc) return { modems: [] };
    if (this.#holders.length && desc.atPort) desc.busy = busyInfo(desc.vid, desc.pid, this.#holders.map((h) => ({ ...h, port: desc.atPort! })));
    return { modems: [desc] };
  }

  async list(): Promise<DeviceList> {
    return this.snapshot();
  }

  watch(listener: (snapshot: DeviceList) => void): () => void {
    const push = () => listener(this.snapshot());
    const events = ['reset-start', 'reappeared', 'unplugged', 'disposed'] as const;
    for (const e of events) this.twin.on(e, push);
    this.#watchers.add(push);
    queueMicrotask(push);
    return () => {
      for (const e of events) this.twin.off(e, push);
      this.#watchers.delete(push);
    };
  }
}
