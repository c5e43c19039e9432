// What simhat knows about one modem vendor (issue 10, item 3), the way ModemManager keeps one plugin
// folder per vendor: its families and how each changes its USB composition, how the current
// composition is read over AT, the APN dialect, THE rule of which PDP contexts get the APN, vendor
// queries and quirks, the re-attach method and the reset command (the daemon's watchdog uses both),
// and the doctor's vendor rules. Pure data and functions: no IO.
import type { Judgement, JudgeInput } from '../doctor/checks/entry.js';
import type { ServingCellQuery } from '../at/modem-at.js';

/** A USB composition by its network function, as the doctor and the status report name it. */
export type UsbMode = 'rndis' | 'ecm' | 'qmi' | 'mbim' | 'other';

/** The compositions simhat switches to (all keep an AT port). */
export type ModeTarget = 'rndis' | 'ecm' | 'qmi';
export const MODE_TARGETS: readonly ModeTarget[] = ['rndis', 'ecm', 'qmi'];

/** The composition as the firmware reports it over AT, e.g. AT+CUSBPIDSWITCH? or AT+QCFG="usbnet". */
export interface ModeReading {
  mode: UsbMode;
  /** What the firmware said, e.g. "9011" or "usbnet 3". */
  id: string;
  /** The query that told it, e.g. "AT+CUSBPIDSWITCH?". */
  command: string;
  /** For messages: `AT+CUSBPIDSWITCH? says 9011`. */
  via: string;
  /** The USB PID the firmware reports (SIMCom), lower-case hex. */
  pid?: string;
  /** Quectel AT+QCFG="usbnet" value. */
  usbnet?: number;
}

/** One AT read the vendor answers in its own way, with its pure parser. */
export interface VendorQuery<T> {
  command: string;
  /** Parses the payload lines of an OK answer; null (or a throw) = not understood. */
  read(lines: readonly string[]): T | null;
}

export interface SwitchPlan {
  /** Commands in order; the last one makes the module reset. */
  commands: string[];
  /** What the mode query reads back afterwards, e.g. "9011" or "usbnet 3". */
  expect: string;
  /** The USB PID the module enumerates with afterwards, when it changes (SIMCom); null when it keeps its PID. */
  usbPid: number | null;
}

export class UnsupportedSwitch extends Error {
  override name = 'UnsupportedSwitch';
}

/** How a family changes its USB composition (sim7600.md §1/§2). */
export interface ModeSwitch {
  /** Shown by `simhat devices`, e.g. "simcom-cusbpidswitch"; "none" when simhat cannot switch it. */
  strategy: string;
  /** The commands to reach `target`; throws UnsupportedSwitch when this family cannot be switched there. */
  plan(target: ModeTarget): SwitchPlan;
}

export interface FamilyProfile {
  family: string;
  label: string;
  /** Matches the AT+CGMM / ATI model string (upper-cased, "SIMCOM_" stripped). */
  model: RegExp;
  /** Matches the USB strings "<manufacturer>|<product>" when they name the family. */
  usbStrings?: RegExp;
  modeSwitch: ModeSwitch;
}

/**
 * How the APN and its credentials are written (sim7600.md §2):
 * - `cgauth`: AT+CGDCONT + AT+CGAUTH built by `authWrite` (SIMCom swaps 27.007's order: password first);
 * - `qicsgp`: AT+CGDCONT + Quectel's AT+QICSGP (user before password).
 */
export type ApnDialect =
  | { kind: 'cgauth'; order: 'password-first' | 'user-first'; source: string }
  | { kind: 'qicsgp'; source: string };

/** How the modem is made to attach again with new PDP settings (the watchdog's stage 2, issue 11). */
export interface Reattach {
  method: 'radio-cycle' | 'cgact';
  source: string;
}

export interface Quirk {
  id: string;
  /** What it is and where it is handled, citing the source. */
  note: string;
}

/**
 * A vendor's own judgement of one doctor check; undefined = the generic check decides. Keyed by
 * check id in `VendorProfile.doctorRules`.
 */
export type VendorRule = (input: JudgeInput) => Judgement | undefined;

export interface VendorProfile {
  id: string;
  label: string;
  /** USB vendor ids of its modems: a device with one of them is a modem (detection, linux-source). */
  usbVendorIds: readonly number[];
  /** Matches AT+CGMI / ATI "Manufacturer:" lines. */
  manufacturer: RegExp;
  families: readonly FamilyProfile[];
  apn: ApnDialect;
  /**
   * THE rule of which PDP contexts get the APN (issue 10: catalog, apply, the doctor and connect all
   * ask this): for a family (undefined = not known) in a composition (null = not known).
   */
  apnContexts(family: string | undefined, mode: UsbMode | null): number[];
  /** Reads the current composition over AT; null when only the USB view tells it. */
  usbModeQuery: VendorQuery<ModeReading> | null;
  /**
   * The composition from the raw values the doctor's facts carry under their contract names
   * (AtFacts.usbPid from AT+CUSBPIDSWITCH?, AtFacts.usbnet from AT+QCFG="usbnet"); null when none is this vendor's.
   */
  modeOfRawFacts(raw: { usbPid: string | null; usbnet?: number | null | undefined }): ModeReading | null;
  /**
   * The serving cell query this vendor answers (SIMCom AT+CPSI?, Quectel AT+QENG="servingcell"); null when
   * simhat reads none. ModemAt.servingCell asks the one a modem answers, so unnamed modems work too.
   */
  servingCellQuery: ServingCellQuery | null;
  quirks: readonly Quirk[];
  reattach: Reattach;
  /** Resets the module (it drops off the bus and comes back). */
  reset: { command: string; source: string };
  /** The vendor's own doctor rules, by check id. */
  doctorRules: Readonly<Record<string, VendorRule>>;
}

/** A strategy simhat knows by name but cannot plan: it refuses instead of guessing. */
export function unsupportedSwitch(strategy: string, why: string): ModeSwitch {
  return {
    strategy,
    plan() {
      throw new UnsupportedSwitch(`simhat cannot change the USB composition of this modem (strategy ${strategy}): ${why}; use the vendor's tool.`);
    },
  };
}

export const NO_SWITCH = unsupportedSwitch('none', 'no switch command is documented for this family');
