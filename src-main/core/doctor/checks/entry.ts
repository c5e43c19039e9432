// One doctor check as a registry entry (issue 10, item 4): its id, its title, the checks it requires,
// what it gathers (AT queries, the vendor's mode query, host facts), the fixes it can point at and
// how it judges. ./registry.ts lists them; ../evaluate.ts walks them in dependency order.
import type { ResolvedProfile } from '../../vendors/index.js';
import type { UsbMode } from '../../vendors/profile.js';
import type { DoctorFacts } from '../facts.js';
import { fixEntry, type FixId } from '../fix-registry.js';
import type { CheckStatus, Evidence, Fix } from '../report.js';

/** A check's outcome before the registry adds its id and title. */
export interface Judgement {
  status: CheckStatus;
  detail: string;
  evidence: Evidence[];
  fix: Fix | null;
}

/** Host-side facts a check reads (gathered by the network layer or detection). */
export type HostFact = 'usb-view' | 'port-holders' | 'link' | 'address' | 'routes' | 'dns-probe' | 'ping-probe';

export interface Gathers {
  /** AT queries it reads, exactly as sent. */
  at?: readonly string[];
  /** The vendor profile's query of the current USB composition (AT+CUSBPIDSWITCH?, AT+QCFG="usbnet"...). */
  vendorModeQuery?: true;
  host?: readonly HostFact[];
}

/** The current composition as best known: the USB view, else what the firmware says. */
export interface CurrentMode {
  mode: UsbMode;
  /** How it was read over AT (`AT+CUSBPIDSWITCH? says 9011`); null when the USB view told it. */
  via: string | null;
  /** The AT query that told it; null when the USB view told it. */
  command: string | null;
}

export interface JudgeInput {
  facts: DoctorFacts;
  /** Results of the checks before this one. */
  results: ReadonlyMap<string, Judgement>;
  /** The modem's vendor profile and family. */
  vendor: ResolvedProfile;
  mode: CurrentMode | null;
  /** The PDP contexts the APN must be in: the vendor profile's rule for this family and mode. */
  contexts: readonly number[];
}

export interface CheckEntry<Id extends string = string> {
  id: Id;
  title: string;
  /** The check runs only when all of these passed (or warned); else it is `skip` naming the first that did not. */
  requires: readonly string[];
  gathers: Gathers;
  /** Every fix id its judgement may carry (docs/doctor-json.md lists them). */
  fixes: readonly FixId[];
  judge(input: JudgeInput): Judgement;
  /** Consulted before the prerequisites; a result ends the check there (usb.mode with only a port). */
  first?(input: JudgeInput): Judgement | undefined;
}

export function check<const Id extends string>(e: CheckEntry<Id>): CheckEntry<Id> {
  return e;
}

export function pass(detail: string, evidence: Evidence[] = []): Judgement {
  return { status: 'pass', detail, evidence, fix: null };
}
export function fail(detail: string, evidence: Evidence[] = [], f: Fix | null = null): Judgement {
  return { status: 'fail', detail, evidence, fix: f };
}
export function warn(detail: string, evidence: Evidence[] = [], f: Fix | null = null): Judgement {
  return { status: 'warn', detail, evidence, fix: f };
}
export function skip(detail: string): Judgement {
  return { status: 'skip', detail, evidence: [], fix: null };
}

/** A fix of the registry, with its default label unless the check knows better. */
export function fix(id: FixId, label?: string): Fix {
  return { id, label: label ?? fixEntry(id).label };
}

/** The evidence of these commands (as sent, case-insensitive). */
export function pick(evidence: Evidence[] | undefined, ...commands: string[]): Evidence[] {
  if (!evidence) return [];
  const want = commands.map((c) => c.toUpperCase());
  return evidence.filter((e) => want.includes(e.command.toUpperCase()));
}

export const MODE_NAMES: Record<string, string> = { rndis: 'RNDIS', ecm: 'ECM', qmi: 'QMI', mbim: 'MBIM', other: 'a vendor composition' };

export const NO_USB_VIEW = 'No USB view: only a port was given (or USB detection is unavailable on this system), so the USB checks were not run.';
