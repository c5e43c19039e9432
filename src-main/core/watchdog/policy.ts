// The watchdog's recovery policy (issue 11), pure and table-tested: which stage a failed check
// starts at (cheapest first: a stage is only tried when its symptoms can be its fault), what each
// stage runs, which stages the reset cap and the settings allow, and the retry backoff.
// The runner (service/watchdog.ts) carries it out and verifies every stage before escalating.
import type { CheckClass } from '../net/types.js';
import { RECOVERY_STAGES, type LinkCheck, type ModemFacts, type RecoveryStage } from './types.js';

/** Host-side repairs, in the order the host stage runs them. */
export type HostStep = 'wait-interface' | 'link-up' | 'renew-dhcp' | 'reapply-policy';
/** USB-level steps: sysfs unbind/bind through the privileged helper, then a hub port power cycle (uhubctl). */
export type UsbStep = 'rebind' | 'hub-power-cycle';

/** Where a failed check starts the ladder, or why it does not start one. */
export type RecoveryStart =
  | { kind: 'none' }
  | { kind: 'user-choice'; reason: string }
  | { kind: 'stage'; stage: RecoveryStage; symptom: CheckClass | 'modem-unresponsive' | 'port-missing' };

const HOST_CLASSES = new Set<CheckClass>(['interface-missing', 'link-down', 'no-lease', 'no-default-route', 'route-elsewhere', 'gateway-unreachable', 'dns-broken']);

/**
 * The cheapest stage that can fix what the check and the modem show. `modem` is undefined when the
 * service could not ask (then the link check alone decides).
 */
export function recoveryStart(check: LinkCheck, modem: ModemFacts | undefined): RecoveryStart {
  if (check.classification === 'ok') return { kind: 'none' };
  // Never undo a user's choice (issue 11): a mode without a network interface is left alone.
  if (modem?.netCapable === false) {
    return { kind: 'user-choice', reason: 'the modem is in a USB mode without a network interface (chosen by the user): not recovering' };
  }
  if (modem?.ifaceKnown === false) {
    return { kind: 'user-choice', reason: 'no network interface is known for the modem (give --iface): not recovering' };
  }
  if (modem && !modem.portPresent) return { kind: 'stage', stage: 'modem-reset', symptom: 'port-missing' };
  if (modem && !modem.answers) return { kind: 'stage', stage: 'modem-reset', symptom: 'modem-unresponsive' };
  if (HOST_CLASSES.has(check.classification)) return { kind: 'stage', stage: 'host', symptom: check.classification };
  // 'no-data-session': the gateway answers, nothing beyond it; DHCP cannot fix that, a re-attach can.
  return { kind: 'stage', stage: 'modem-data', symptom: check.classification };
}

/** The host stage's steps for a symptom (each one is idempotent, so a retry does no harm). */
export function hostSteps(symptom: CheckClass | 'modem-unresponsive' | 'port-missing'): HostStep[] {
  switch (symptom) {
    case 'interface-missing':
      return ['wait-interface', 'link-up', 'renew-dhcp', 'reapply-policy'];
    case 'link-down':
      return ['link-up', 'renew-dhcp', 'reapply-policy'];
    case 'no-lease':
    case 'gateway-unreachable':
      return ['renew-dhcp', 'reapply-policy'];
    case 'no-default-route':
    case 'route-elsewhere':
      return ['reapply-policy'];
    case 'dns-broken':
      return ['renew-dhcp'];
    default:
      return ['link-up', 'renew-dhcp', 'reapply-policy'];
  }
}

/** Stages that power-cycle or re-enumerate the modem count against the per-hour reset cap. */
export function isReset(stage: RecoveryStage): boolean {
  return stage === 'modem-reset' || stage === 'usb';
}

export interface StageLimits {
  now: number;
  /** Epoch ms of every reset stage run so far (the runner keeps the last hour). */
  resetTimes: readonly number[];
  /** Setting: at most this many resets per hour (0 disables resets). */
  maxResetsPerHour: number;
  /** uhubctl is installed and the settings allow the hub port power cycle. */
  hubPowerCycle: boolean;
}

export const HOUR_MS = 3_600_000;

export function resetsInLastHour(resetTimes: readonly number[], now: number): number {
  return resetTimes.filter((t) => now - t < HOUR_MS && t <= now).length;
}

/** Undefined when the stage may run now, else why not. */
export function stageBlocked(stage: RecoveryStage, limits: StageLimits): string | undefined {
  if (!isReset(stage)) return undefined;
  const used = resetsInLastHour(limits.resetTimes, limits.now);
  if (used >= limits.maxResetsPerHour) return `reset cap reached (${used} of ${limits.maxResetsPerHour} per hour)`;
  return undefined;
}

export function usbSteps(limits: Pick<StageLimits, 'hubPowerCycle'>): UsbStep[] {
  return limits.hubPowerCycle ? ['rebind', 'hub-power-cycle'] : ['rebind'];
}

/** The stages to try, in order, from `start` to the last one. */
export function ladderFrom(start: RecoveryStage): RecoveryStage[] {
  return RECOVERY_STAGES.slice(RECOVERY_STAGES.indexOf(start));
}

/**
 * Wait before the next recovery after `failures` failed ones in a row: base, 2 base, 4 base, ...
 * never more than cap. 0 failures: no wait.
 */
export function backoffDelay(failures: number, baseMs: number, capMs: number): number {
  if (failures <= 0) return 0;
  const exp = Math.min(failures - 1, 30); // 2^30 x base is far past any cap
  return Math.min(capMs, baseMs * 2 ** exp);
}

/** Words for a stage in outage lines and the UI ("back after radio cycle in 8.4 s"). */
export function stageLabel(stage: RecoveryStage, steps: readonly string[] = []): string {
  switch (stage) {
    case 'host':
      if (steps.includes('link-up') || steps.includes('wait-interface')) return 'interface brought up';
      if (steps.includes('renew-dhcp')) return 'DHCP renewal';
      return 'route policy re-applied';
    case 'modem-data':
      return steps.includes('radio-cycle') ? 'radio cycle' : 're-attach';
    case 'modem-reset':
      return 'modem reset';
    case 'usb':
      return steps.includes('hub-power-cycle') ? 'USB power cycle' : 'USB re-bind';
  }
}
