// The twin's USB face: what a real SIM7600G-H shows on the bus in each composition, as the kernel
// presents it in sysfs (device attributes, interfaces with class triples, bound driver, tty and net
// children). Sources: transcripts.md T-12 (9001 usb-devices), T-11 (9001 ttys + qmi_wwan), T-5 and
// T-2 (9011 usb-devices / lsusb -t), sim7600.md §1 (9018 ECM without serial driver, 9003 MBIM).
// test/helpers/fake-sysfs.ts turns a layout into a fake /sys/bus/usb tree for the real `usb` library.

export type TwinNetKind = 'usb' | 'wwan';

export interface TwinUsbInterface {
  number: number;
  class: number;
  subclass: number;
  protocol: number;
  /** Driver the kernel binds; null = none (9011 ADB; 9018 serial ports without new_id). */
  driver: string | null;
  /** Gets a ttyUSBn child (usb-serial drivers: option, generic). */
  serial: boolean;
  /** Gets a net/<name> child: usb -> usbN (rndis_host, cdc_ether), wwan -> wwanN (qmi_wwan, cdc_mbim). */
  net?: TwinNetKind;
  /** Gets a usbmisc/cdc-wdmN child (QMI and MBIM control). */
  wdm?: boolean;
}

export interface TwinUsbLayout {
  vid: number;
  pid: number;
  /** sysfs strings, as read from /sys/bus/usb/devices/<port>/<attr>. */
  bcdDevice: string;
  version: string;
  deviceClass: number;
  deviceSubClass: number;
  deviceProtocol: number;
  maxPacketSize0: number;
  speed: number;
  manufacturer: string;
  product: string;
  serial: string;
  interfaces: TwinUsbInterface[];
}

export type Sim7600Pid = 0x9001 | 0x9011 | 0x9018 | 0x9003;
export const SIM7600_PIDS: readonly Sim7600Pid[] = [0x9001, 0x9011, 0x9018, 0x9003];

const vendor = (number: number, subclass: number, protocol: number, driver: string | null, serial = driver !== null): TwinUsbInterface => ({
  number,
  class: 0xff,
  subclass,
  protocol,
  driver,
  serial,
});

/** Diag (ff/ff/ff), then NMEA, AT, AT/PPP, Audio (ff/00/00), as in T-12. */
function serialBlock(first: number, driver: string | null): TwinUsbInterface[] {
  return [vendor(first, 0xff, 0xff, driver), ...[1, 2, 3, 4].map((k) => vendor(first + k, 0, 0, driver))];
}

export interface LayoutOptions {
  /** 9018 only: serial ports appear when generic new_id was written (sim7600.md §1); default false. */
  newIdWritten?: boolean;
}

/** The SIM7600G-H layout for one PID (CUSBPIDSWITCH composition, vendor manual §4.23). */
export function sim7600UsbLayout(pid: Sim7600Pid, options: LayoutOptions = {}): TwinUsbLayout {
  const base = {
    vid: 0x1e0e,
    pid,
    bcdDevice: '0318',
    version: ' 2.00',
    deviceClass: 0,
    deviceSubClass: 0,
    deviceProtocol: 0,
    maxPacketSize0: 64,
    speed: 480,
    // sim7600.md §1: both strings are "SimTech, Incorporated" and every unit has the same serial.
    manufacturer: 'SimTech, Incorporated',
    product: 'SimTech, Incorporated',
    serial: '0123456789ABCDEF',
  };
  switch (pid) {
    case 0x9001:
      return { ...base, interfaces: [...serialBlock(0, 'option'), { ...vendor(5, 0xff, 0xff, 'qmi_wwan', false), net: 'wwan', wdm: true }] };
    case 0x9011:
      return {
        ...base,
        interfaces: [
          { number: 0, class: 0x02, subclass: 0x02, protocol: 0xff, driver: 'rndis_host', serial: false, net: 'usb' },
          { number: 1, class: 0x0a, subclass: 0, protocol: 0, driver: 'rndis_host', serial: false },
          ...serialBlock(2, 'option'),
          vendor(7, 0x42, 0x01, null), // ADB, no driver (T-5)
        ],
      };
    case 0x9018: {
      const driver = options.newIdWritten ? 'usbserial_generic' : null;
      return {
        ...base,
        interfaces: [
          ...serialBlock(0, driver),
          { number: 5, class: 0x02, subclass: 0x06, protocol: 0, driver: 'cdc_ether', serial: false, net: 'usb' },
          { number: 6, class: 0x0a, subclass: 0, protocol: 0, driver: 'cdc_ether', serial: false },
        ],
      };
    }
    case 0x9003:
      return {
        ...base,
        interfaces: [
          ...serialBlock(0, 'option'),
          { number: 5, class: 0x02, subclass: 0x0e, protocol: 0, driver: 'cdc_mbim', serial: false, net: 'wwan', wdm: true },
          { number: 6, class: 0x0a, subclass: 0, protocol: 0x02, driver: 'cdc_mbim', serial: false },
        ],
      };
  }
}

/** Other USB-serial adapters that shift ttyUSB numbers on a real desk (sim7600.md §1). */
export function usbSerialAdapterLayout(kind: 'ftdi' | 'cp210x' | 'ch341'): TwinUsbLayout {
  const ids = { ftdi: [0x0403, 0x6001, 'ftdi_sio', 'FTDI', 'FT232R USB UART'], cp210x: [0x10c4, 0xea60, 'cp210x', 'Silicon Labs', 'CP2102 USB to UART Bridge Controller'], ch341: [0x1a86, 0x7523, 'ch341', '', 'USB Serial'] } as const;
  const [vid, pid, driver, manufacturer, product] = ids[kind];
  return {
    vid,
    pid,
    bcdDevice: '0600',
    version: ' 2.00',
    deviceClass: 0,
    deviceSubClass: 0,
    deviceProtocol: 0,
    maxPacketSize0: 8,
    speed: 12,
    manufacturer,
    product,
    serial: `${kind.toUpperCase()}0001`,
    interfaces: [{ number: 0, class: 0xff, subclass: 0xff, protocol: 0xff, driver, serial: true }],
  };
}

/** The twin keeps its PID as the number written in AT+CUSBPIDSWITCH (9001 means 0x9001). */
export function usbPidOfTwin(pid: number): Sim7600Pid {
  const value = parseInt(String(pid), 16);
  if (!(SIM7600_PIDS as readonly number[]).includes(value)) throw new Error(`no USB layout for twin PID ${pid}`);
  return value as Sim7600Pid;
}
