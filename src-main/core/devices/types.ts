// Shapes of modem detection (issue 3). Hardware identity is (VID, PID, interface number), never a
// tty or netdev name (architecture.md); names are derived per enumeration and may change.
import type { KnownFamily } from '../vendors/index.js';

/** What an interface is for (sim7600.md §1 composition table). */
export type InterfaceRole =
  | 'at'
  | 'ppp'
  | 'nmea'
  | 'diag'
  | 'audio'
  | 'net-control'
  | 'net-data'
  | 'adb'
  | 'mass-storage'
  | 'unknown';

/** The USB composition ("mode") by its network function; 'serial' = AT/serial ports only. */
export type Composition = 'qmi' | 'rndis' | 'ecm' | 'mbim' | 'serial' | 'unknown';

/**
 * How the composition is changed: the name of a vendor profile's mode switch, e.g.
 * 'simcom-cusbpidswitch', 'simcom-cusbcfg', 'quectel-qcfg-usbnet', 'none' (core/vendors/<vendor>/).
 */
export type ModeSwitchStrategy = string;

/** Every family of every vendor profile (core/vendors/<vendor>/families.ts), or 'unknown'. */
export type ModemFamily = KnownFamily | 'unknown';

/** bInterfaceClass / bInterfaceSubClass / bInterfaceProtocol. */
export interface ClassTriple {
  class: number;
  subclass: number;
  protocol: number;
}

/** USB facts about one interface as read from sysfs (or a recorded dump), before interpretation. */
export interface RawUsbInterface {
  number: number;
  classTriple: ClassTriple;
  /** Bound kernel driver, null when none is bound. */
  driver: string | null;
  /** tty children, e.g. ['ttyUSB2'] (option) or ['ttyACM0'] (cdc_acm). */
  ttys: string[];
  /** net children, e.g. ['usb0'] or ['wwan0']. */
  netdevs: string[];
}

/** USB facts about one device, before interpretation. */
export interface RawUsbDevice {
  /** USB port path (sysfs name), e.g. "1-1.3". */
  portPath: string;
  vid: number;
  pid: number;
  busnum?: number;
  devnum?: number;
  manufacturer?: string;
  product?: string;
  serial?: string;
  interfaces: RawUsbInterface[];
}

export interface InterfaceDescription extends RawUsbInterface {
  role: InterfaceRole;
  /** Drivers the catalog expects on this interface (empty: none expected, e.g. ADB). */
  expectedDrivers: string[];
}

/** A process holding a modem port open (fuser-style scan of /proc/<pid>/fd). */
export interface PortHolder {
  pid: number;
  /** /proc/<pid>/comm, e.g. "ModemManager". */
  command: string;
  /** The port it holds, e.g. /dev/ttyUSB2. */
  port: string;
}

export interface BusyInfo {
  holders: PortHolder[];
  /** What the user can do about it (udev rule ID_MM_DEVICE_IGNORE, pausing ModemManager...). */
  fix: string;
}

export interface ModemDescription {
  /** "imei:<IMEI>" once AT+CGSN answered; before that "usb:<port path>:<vid>:<pid>". */
  id: string;
  /** USB port path, e.g. "1-1.3": what survives a mode switch (sim7600.md §1: serials are all alike). */
  portPath: string;
  /** Lower-case 4-digit hex. */
  vid: string;
  pid: string;
  manufacturer: string | null;
  product: string | null;
  /** Composition ("mode") and the catalog's name for it, e.g. "RNDIS (9011)". */
  mode: Composition;
  modeName: string;
  /** Families this VID:PID can be; `family` is the best guess until AT+CGMM confirms it. */
  familyCandidates: ModemFamily[];
  family: ModemFamily;
  familyConfirmed: boolean;
  /** Model string from AT+CGMM / ATI once the AT port answered, e.g. "SIMCOM_SIM7600G-H". */
  model: string | null;
  imei: string | null;
  strategy: ModeSwitchStrategy;
  /** False for compositions that strand the user without an AT port: never offer them. */
  keepsAtPort: boolean;
  /** PDP contexts the APN must go to (SIM7600 RNDIS/ECM: [1, 6], sim7600.md §2). */
  apnContexts: number[];
  interfaces: InterfaceDescription[];
  /** /dev path of the AT interface's tty, null when it has none (no driver bound...). */
  atPort: string | null;
  atInterface: number | null;
  pppPort: string | null;
  /** Network interface of the composition (usb0, wwan0, enx..., wwp...), null if none. */
  netIface: string | null;
  busy: BusyInfo | null;
  warnings: string[];
}

export interface DeviceList {
  modems: ModemDescription[];
  /** Why the list is empty or partial (no /sys/bus/usb in a container, udevadm missing...). */
  reason?: string;
}

/**
 * Where modems come from (Linux: usb + sysfs; Windows/macOS: serialport list()).
 * - list() never rejects for environmental reasons: it resolves with `reason` instead.
 * - watch(listener) calls listener with a full snapshot whenever the set or any description changes
 *   (at most once per change, at least once initially); returns the unsubscribe function.
 */
export interface DeviceSource {
  list(): Promise<DeviceList>;
  watch(listener: (snapshot: DeviceList) => void): () => void;
}
