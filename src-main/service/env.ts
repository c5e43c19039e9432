// What the service runs on (architecture.md "composition roots"): the real platform
// (src-main/compose/real-root.ts) or the twin (src-main/compose/twin-root.ts). The service itself only
// sees these interfaces; only the roots import concrete adapters.
import type { KeepOnlineState } from '../api/contract.js';
import type { ApnLookup } from '../core/apn/lookup.js';
import type { Transport } from '../core/at/transport.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { HistoryBook } from '../core/history/types.js';
import type { NetworkOps } from '../core/net/types.js';

/** "Keep me online" (issue 11 Boot): the daemon's systemd unit, read without privileges, switched through the helper. */
export interface KeepOnlineControl {
  state(): Promise<KeepOnlineState>;
  set(enabled: boolean): Promise<KeepOnlineState>;
}

/** The privileged helper's host-changing verbs the doctor's fixes use (platform/privileged). */
export type PrivilegedVerb = 'udev-rule' | 'usb-serial-new-id' | 'usb-rebind';

export interface ServiceEnv {
  version: string;
  /** process.platform of the host (chooses RNDIS vs ECM, issue 6). */
  platform: string;
  /** Demo scenario name, null on real hardware. */
  demo: string | null;
  devices: DeviceSource;
  /** A transport to an AT port path (real: serialport; demo: the twin's in-process stream). */
  openTransport(path: string, options?: { baudRate?: number }): Transport;
  network: NetworkOps;
  apn: () => ApnLookup;
  /** Folder of settings.json, presets, journals and the mode-switch memory; null keeps them in memory. */
  configDir: string | null;
  /** Environment the check targets fall back to (SIMHAT_PING_TARGETS, SIMHAT_DNS_NAME); default process.env. */
  targetEnv?: Record<string, string | undefined>;
  /** Whether a network interface exists (mode switch waits for it); default: the workflow's own check. */
  ifaceExists?: (name: string) => Promise<boolean>;
  /** The privileged helper (real) or its simulation (demo); absent = host fixes are explained, not applied. */
  privileged?: (verb: PrivilegedVerb, args: Record<string, string>) => Promise<void>;
  /** Demo-only host fixes that have no helper verb (free-port on the simulated host). */
  hostFixes?: Partial<Record<string, () => Promise<unknown>>>;
  /** Host listings for the report bundle (ip route, lsusb...); default: the report's own runner. */
  hostListing?: ((program: string, args: string[]) => Promise<string>) | null;
  /** Processes holding a port (doctor's port.conflict). */
  portHolders?: (path: string) => Promise<{ pid: number; command: string }[]>;
  /**
   * A known vendor's modem whose layout names no AT port: probes its serial ports for AT (issue 12) and
   * returns the description with the port that answered; absent = no probing.
   */
  findAtPort?: (desc: ModemDescription) => Promise<ModemDescription>;
  /** Identify new modems on their AT port (AT+CGMM, AT+CGSN) as they arrive; default true. */
  identifyOnArrival?: boolean;
  /** Prefix for the network layer's config and state paths (tests); default none. */
  netRoot?: string;
  /** The history database (the daemon's); absent = nothing recorded. */
  history?: HistoryBook;
  /** An interface's byte counters (/sys/class/net/<if>/statistics); absent or null = unknown. */
  ifaceCounters?: (iface: string) => Promise<{ rx: number; tx: number } | null>;
  /** Power-cycles the USB hub port of a device (uhubctl); absent = not installed. */
  hubPowerCycle?: (usbPath: string) => Promise<void>;
  /** The daemon's systemd unit (real: systemctl + the helper; demo: simulated); absent = not offered here. */
  keepOnline?: KeepOnlineControl;
  /** Set when this service is the daemon: its pid, socket and start time (appInfo tells clients). */
  daemon?: { pid: number; socket: string; startedAt: string };
  /** Extra teardown (demo: stop the twin). */
  dispose?: () => Promise<void>;
}
