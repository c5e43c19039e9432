// Api contract types (re-exported by ../contract.ts, types only). Modems as the faces see them: detection, status and the USB mode.
import type { SimIdentityView } from '../../core/apn/sim-facts.js';
import type { ModemDescription } from '../../core/devices/types.js';
import type { ModeSwitchResult } from '../../service/mode-switch.js';
import type { FixRef } from './doctor.js';
import type { Lease } from './network.js';

// ---------- modems ----------

export type UsbMode = 'rndis' | 'ecm' | 'qmi' | 'mbim' | 'ppp-only' | 'unknown';

/** Why a modem cannot be talked to yet (the Modem screen shows the matching explanation and fix). */
export type ModemState = 'ready' | 'port-busy' | 'no-at-port' | 'no-driver' | 'switching' | 'gone';

export interface ModemSummary {
  /** Stable within a session: derived from VID:PID:bus path (or the port path when given by hand). */
  id: string;
  vid: string;
  pid: string;
  model: string;
  manufacturer?: string;
  revision?: string;
  imei?: string;
  mode: UsbMode;
  /** Kernel drivers bound to the interfaces, e.g. ['rndis_host', 'option']. */
  drivers: string[];
  atPort?: string;
  iface?: string;
  state: ModemState;
  /** Set when state is 'port-busy': which process holds the AT port (e.g. 'ModemManager'). */
  heldBy?: string;
  /** A fix the UI can offer for the state (e.g. 'free-port'). */
  fix?: FixRef | null;
  /** True when this modem is the simulated twin (demo mode). */
  simulated?: boolean;
  /** True when the modem was given by its AT port (attachPort), with no USB view behind it. */
  manual?: boolean;
}

/** The full detection view of one USB modem (`simhat devices --json`): catalog, interfaces, drivers, holders. */
export type DeviceDescription = ModemDescription;

export interface DeviceListing {
  modems: DeviceDescription[];
  /** Why the list may be incomplete (no USB access, no /sys/bus/usb...). */
  reason?: string;
}

// ---------- status ----------

export type RegistrationState = 'not-searching' | 'home' | 'searching' | 'denied' | 'unknown' | 'roaming';

/** The SIM as +CPIN? (or its error) tells it; one mapping for every face (core/doctor/at-facts.ts). */
export type SimState = 'ready' | 'pin' | 'puk' | 'ph-pin' | 'not-inserted' | 'busy' | 'failure' | 'other' | 'unknown';

export interface PdpContext {
  cid: number;
  type: string;
  apn: string;
  /** +CGACT state; null when not read. */
  active?: boolean | null;
  /** +CGPADDR address of this context; null when none. */
  address?: string | null;
}

/** The modem's default route as `status` judges it: its metric, gateway and whether it carries the traffic. */
export interface StatusRoute {
  metric: number;
  via: string | null;
  /** Lower metric than every other default route: this link carries the traffic. */
  wins: boolean;
}

/** One look at a modem and its link (the one status reader, service/status-reader.ts). */
export interface ModemStatus {
  /** The modem looked at; null in a report made without one (then `problem` says why). */
  modemId: string | null;
  port: string | null;
  /** `AT` answered OK. */
  answered: boolean;
  /** Why the AT side is missing, when it is. */
  problem: string | null;
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  imsi: string | null;
  iccid: string | null;
  sim: SimState;
  registration: RegistrationState;
  operator: string | null;
  /** Radio access technology, e.g. 'LTE', 'WCDMA', 'GSM' (one AcT table: core/doctor/at-facts.ts). */
  rat: string | null;
  /** Signal strength in dBm, null when unknown (CSQ 99). */
  signalDbm: number | null;
  /** +CSQ rssi as reported (0-31, 99 unknown). */
  csq: number | null;
  /** 0..4 bars derived from dBm. */
  signalBars: number;
  mode: UsbMode;
  /** VID:PID on the bus when the USB view knows the modem. */
  usbId: string | null;
  contexts: PdpContext[];
  /** Address of context 1 (else the first context's), null when none. */
  pdpAddress: string | null;
  iface: string | null;
  lease: Lease | null;
  route: StatusRoute | null;
  at: number;
  /**
   * The SIM as the APN decider reads it (issue 13): state, SPN, GID1, MNC length, IMSI and ICCID masked to
   * their last 4 digits, and what could not be read and why. null when the AT side did not answer.
   */
  simIdentity?: SimIdentityView | null;
}

export interface SignalSample {
  at: number;
  dBm: number | null;
}

// ---------- mode ----------

export interface ModeInfo {
  modemId: string;
  current: UsbMode;
  pid: string;
  /** The mode simhat recommends on this OS (RNDIS on Linux/Windows, ECM on macOS) and why. */
  recommended: UsbMode;
  reason: string;
  /** Modes offered (only compositions that keep an AT port). */
  offered: UsbMode[];
  /** What a revert would go back to, when a switch happened in this session. */
  previous?: UsbMode | null;
}

/** What a mode switch (or revert) ended with; `detail` is the workflow's own result. */
export interface ModeSwitchOutcome {
  from: UsbMode;
  to: UsbMode;
  changed: boolean;
  detail: ModeSwitchResult;
}
