// Types of the link watchdog (issue 11): the connection states every face shows, the recovery
// stages in the order they are tried, what a check and a recovery report. Pure: no IO.
import type { CheckClass } from '../net/types.js';

/** What `simhat status --json` reports under "connection.state" (issue 11). */
export type ConnectionState = 'online' | 'offline' | 'connecting' | 'recovering' | 'degraded';
export const CONNECTION_STATES: readonly ConnectionState[] = ['online', 'offline', 'connecting', 'recovering', 'degraded'];

/**
 * Recovery stages, cheapest first (issue 11 "staged recovery"):
 * - host: interface down / lease lost / route off policy -> bring up, renew DHCP, re-apply policy;
 * - modem-data: not registered or no PDP address -> re-attach (vendor: CGACT or CFUN=0/1), DHCP again;
 * - modem-reset: CFUN=1,1 / CRESET, wait for re-enumeration, re-find by IMEI, reopen, DHCP again;
 * - usb: USB re-bind through the privileged helper, then a hub port power cycle when allowed.
 */
export type RecoveryStage = 'host' | 'modem-data' | 'modem-reset' | 'usb';
export const RECOVERY_STAGES: readonly RecoveryStage[] = ['host', 'modem-data', 'modem-reset', 'usb'];

/** Why a check ran: the timer, a fast-path event, or the start. */
export type CheckTrigger =
  | 'start'
  | 'interval'
  | 'retry'
  | 'manual'
  | 'resume'
  | 'pdn-deactivated'
  | 'registration-changed'
  | 'sim-not-ready'
  | 'port-vanished'
  | 'interface-gone';
export const FAST_PATH_TRIGGERS: readonly CheckTrigger[] = ['pdn-deactivated', 'registration-changed', 'sim-not-ready', 'port-vanished', 'interface-gone'];

/** One connectivity check through the interface (the existing classifier, core/net/classify.ts). */
export interface LinkCheck {
  classification: CheckClass;
  summary: string;
  /** Round trip of the first answering ping target, when one answered. */
  latencyMs?: number | undefined;
  /** Epoch ms. */
  at: number;
}

/** What the modem says about itself (AT), gathered when a check fails. */
export interface ModemFacts {
  /** The AT port exists (the device is on the bus). */
  portPresent: boolean;
  /** It answers AT. */
  answers: boolean;
  /** Registered home or roaming (CEREG/CGREG stat 1 or 5); undefined when unknown. */
  registered?: boolean | undefined;
  /** The data context the composition needs has an address (CGPADDR); undefined when unknown. */
  pdpAddress?: boolean | undefined;
  /**
   * The USB composition the user chose has a network interface (RNDIS/ECM/...). False means the user
   * put the modem in a mode without one: the watchdog never undoes that choice.
   */
  netCapable?: boolean | undefined;
  /**
   * An interface is known for the modem (its USB view names one, or the daemon was given --iface). False: the
   * link cannot be checked or brought up, and resetting the modem would not tell which interface is its.
   */
  ifaceKnown?: boolean | undefined;
}

/** The doctor's verdict, as much of it as a recovery record keeps. */
export interface Verdict {
  checkId: string;
  summary: string;
  fixId?: string | null | undefined;
}

export interface StageAttempt {
  stage: RecoveryStage;
  /** The steps the stage ran, in order (e.g. ['renew-dhcp'], ['radio-cycle', 'dhcp']). */
  steps: string[];
  ok: boolean;
  durationMs: number;
  /** Why it did not help (the check after it, or the action's error). */
  detail?: string | undefined;
}

export type RecoveryOutcome = 'recovered' | 'failed' | 'interrupted';

/** One recovery, as an event and a history row (issue 11: trigger, stages tried, duration, outcome, verdict). */
export interface RecoveryRecord {
  trigger: CheckTrigger;
  /** What the check that started it said. */
  symptom: CheckClass | 'modem-unresponsive' | 'port-missing';
  startedAt: number;
  durationMs: number;
  stages: StageAttempt[];
  outcome: RecoveryOutcome;
  /** The stage whose verification passed (outcome 'recovered'). */
  fixedBy?: RecoveryStage | undefined;
  /** The doctor's verdict when it failed. */
  verdict?: Verdict | null | undefined;
  /** Stages left out and why (reset cap, hub power cycle not allowed). */
  skipped?: { stage: RecoveryStage; reason: string }[] | undefined;
}

export interface ConnectionStatus {
  state: ConnectionState;
  /** ISO time the state was entered. */
  since: string;
  /** Why, in one sentence (degraded: the doctor's verdict; offline: what is missing). */
  reason?: string | undefined;
  lastCheck?: (LinkCheck & { trigger: CheckTrigger }) | undefined;
  lastRecovery?: RecoveryRecord | undefined;
}
