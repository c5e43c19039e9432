// Settings of staying online (issue 11), pure: their defaults (as the service applies them while unset:
// STAY_ONLINE_DEFAULTS of src-main/api/settings-rules.ts, kept in step by a test) and the words for the
// "Keep me online" switch's state.
import type { KeepOnlineState, Settings } from '../../../src-main/api/contract.js';

export type StayOnlineKey = 'checkIntervalS' | 'maxResetsPerHour' | 'hubPowerCycle' | 'historyRetentionDays' | 'historyMaxMiB';

export const STAY_ONLINE_DEFAULTS: Required<Pick<Settings, StayOnlineKey>> = {
  checkIntervalS: 30,
  maxResetsPerHour: 4,
  hubPowerCycle: false,
  historyRetentionDays: 30,
  historyMaxMiB: 64,
};

/** The value in effect: the saved one, else the default. */
export function effective<K extends StayOnlineKey>(s: Partial<Settings> | null | undefined, key: K): Required<Settings>[K] {
  return (s?.[key] ?? STAY_ONLINE_DEFAULTS[key]) as Required<Settings>[K];
}

/** One sentence on the switch's state: what happens at boot and now. */
export function keepOnlineText(s: KeepOnlineState): string {
  if (!s.available) return `Not available: ${s.hint ?? `${s.unit} cannot be switched here.`}`;
  if (s.enabled && s.active) return `On: ${s.unit} starts at boot and keeps the link online now.`;
  if (s.enabled) return `On at boot, but not running now (it stopped or failed: journalctl -u ${s.unit} tells why).`;
  if (s.active) return `Off at boot; the daemon runs now because someone started it by hand.`;
  return 'Off: nothing watches the link, and after a reboot the Pi stays offline until someone connects.';
}
