// A DeviceSource built from the twin's USB layout for its current PID (src-main/twin/usb-descriptors.ts)
// and the detection layer's own describeModem(): the USB view of the twin without a fake sysfs.
// The AT port is the twin's stable PTY link (the role /dev/serial/by-id/... plays).
import { describeModem } from '../../../src-main/core/devices/describe.js';
import type { DeviceSource, RawUsbDevice } from '../../../src-main/core/devices/types.js';
import { sim7600UsbLayout, usbPidOfTwin } from '../../../src-main/twin/usb-descriptors.js';
import type { Twin } from '../../../src-main/twin/twin.js';

export function twinDeviceSource(twin: Twin, atPort: string, portPath = '1-1.3'): DeviceSource {
  const list = async () => {
    if (!twin.present) return { modems: [] };
    const layout = sim7600UsbLayout(usbPidOfTwin(twin.pid));
    let usbN = 0;
    const raw: RawUsbDevice = {
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
        ttys: i.serial ? [`ttyUSB${i.number}`] : [],
        netdevs: i.net ? [i.net === 'usb' ? `usb${usbN++}` : 'wwan0'] : [],
      })),
    };
    const d = describeModem(raw)!;
    return { modems: [{ ...d, atPort: d.atPort ? atPort : null }] };
  };
  return { list, watch: () => () => {} };
}
