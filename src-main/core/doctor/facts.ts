// What the doctor gathered before judging: three independent views, each null when that layer
// is unavailable (no USB view with only --port, no AT port, no interface known). The rules in
// ./rules.ts are pure functions of these facts; src-main/service/doctor.ts fills them in.
import type { ModeReading, UsbMode } from '../vendors/profile.js';
import type { Evidence } from './report.js';

export type { UsbMode };

export interface UsbInterfaceFact {
  number: number;
  /** Kernel driver bound to it; null when none (e.g. 9018 without `new_id`, T-7). */
  driver: string | null;
  /** What simhat expects this interface to be for this composition. */
  role: 'at' | 'net' | 'other';
  /** tty or netdev names found under the interface. */
  ttys: string[];
  netdevs: string[];
}

export interface UsbFacts {
  /** The modem was found on the bus. */
  present: boolean;
  vid: string | null;
  pid: string | null;
  /** Vendor profile and catalog family, e.g. 'simcom-sim7600', 'quectel-ec25', 'telit-le910cx'; null when unknown. */
  family: string | null;
  /** Marketing name from the catalog, e.g. 'SIMCom SIM7600'. */
  name: string | null;
  mode: UsbMode | null;
  /** The composition keeps an AT port (compositions without one are never offered). */
  hasAtPort: boolean;
  interfaces: UsbInterfaceFact[];
  evidence: Evidence[];
}

export type SimState = 'ready' | 'pin' | 'puk' | 'ph-pin' | 'not-inserted' | 'busy' | 'failure' | 'other';

export interface RegistrationFact {
  /** Which command answered: 'CEREG' (LTE), 'CGREG' (packet), 'CREG' (circuit). */
  kind: 'CEREG' | 'CGREG' | 'CREG';
  /** 27.007 stat: 0 not searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming. */
  stat: number;
}

export interface ContextFact {
  cid: number;
  type: string;
  apn: string;
}

export interface AtOpenFailure {
  /** TransportError/AtError code: busy | denied | not-found | open-failed | timeout | port-closed ... */
  code: string;
  message: string;
}

export interface AtFacts {
  /** The port that was (or was to be) opened. */
  port: string | null;
  /** Set when the port could not be opened or did not answer `AT`. */
  openFailure: AtOpenFailure | null;
  /** `AT` answered OK. */
  answered: boolean;
  /** Other processes holding the port, when the platform could tell (e.g. ModemManager). */
  holders: { pid: number; command: string }[] | null;
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  imsi: string | null;
  iccid: string | null;
  sim: { state: SimState; raw: string } | null;
  /** AT+CFUN? value. */
  functionality: number | null;
  registrations: RegistrationFact[];
  operator: string | null;
  /** Radio access technology from +COPS <AcT>: 'LTE', 'WCDMA', 'GSM'...; null when unknown. */
  rat: string | null;
  /** +CSQ rssi (0-31, 99 unknown) and derived dBm (null when unknown). */
  signal: { rssi: number; dbm: number | null } | null;
  /** USB PID the firmware reports (AT+CUSBPIDSWITCH?), e.g. '9011'. */
  usbPid: string | null;
  /** Quectel AT+QCFG="usbnet" value (0 QMI, 1 ECM, 2 MBIM, 3 RNDIS); absent when not asked. */
  usbnet?: number | null;
  /** The composition the vendor's own query reported (AT+CUSBPIDSWITCH?, AT+QCFG="usbnet"...); absent when not asked. */
  usbMode?: ModeReading | null;
  /** The port vanished during this command (unplug, reset): what came after it was never asked. */
  portLost?: { command: string; message: string } | null;
  /** The ICCID (digits, padding F removed) when it fails its E.118 Luhn check digit: do not trust it as the SIM's identity. */
  iccidInvalid?: string | null;
  contexts: ContextFact[] | null;
  /** +CGACT states by cid. */
  active: { cid: number; active: boolean }[] | null;
  /** +CGPADDR IPv4/IPv6 by cid; '0.0.0.0' and empty mean none. */
  addresses: { cid: number; address: string }[] | null;
  /** AT+CGATT? */
  attached: boolean | null;
  /** All AT exchanges, command as sent and the raw answer. */
  evidence: Evidence[];
}

/** The carrier the SIM belongs to (from the IMSI through the APN database) and its presets. */
export interface CarrierFacts {
  name: string;
  /** Internet APN values of this carrier's presets, best first. */
  apns: string[];
  /** The preset `apply-apn` would use. */
  suggested: { apn: string; label: string } | null;
}

export interface HostRoute {
  dev: string;
  via: string | null;
  metric: number;
}

export interface HostFacts {
  iface: string | null;
  exists: boolean;
  up: boolean;
  /** IPv4 address with prefix on the iface, e.g. '192.168.225.44/24'; null when none. */
  address: string | null;
  gateway: string | null;
  dnsServers: string[];
  /** Default routes of the whole host, every interface. */
  defaultRoutes: HostRoute[];
  /** The chosen policy when the user gave or configured one; null when none. */
  policy: 'failover' | 'primary' | null;
  /** The modem's own gateway answered ping through the iface; null when not tried. */
  gatewayReachable: boolean | null;
  /** Name resolution through the lease's DNS; null when not tried. `server`: the server asked. */
  dns: { name: string; ok: boolean; answer: string | null; server?: string } | null;
  /** Pings past the gateway, through the iface. */
  pings: { target: string; ok: boolean }[];
  evidence: Evidence[];
}

export interface DoctorFacts {
  /** 'linux' | 'win32' | 'darwin' ...: decides the target composition. */
  platform: string;
  usb: UsbFacts | null;
  at: AtFacts | null;
  carrier: CarrierFacts | null;
  host: HostFacts | null;
}
