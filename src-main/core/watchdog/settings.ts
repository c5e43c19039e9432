// Watchdog settings with their defaults (issue 11). One line each: name, meaning, default.
export interface WatchdogSettings {
  /** Seconds between link checks; default 30, minimum 1 (`simhat daemon --interval`). */
  intervalS: number;
  /** First wait after a failed recovery, seconds; default 30. Doubles per failure up to backoffCapS. */
  backoffBaseS: number;
  /** Longest wait between recoveries, seconds (degraded retries at this pace); default 600. */
  backoffCapS: number;
  /** Modem resets (stages modem-reset and usb) allowed per hour; default 4. */
  maxResetsPerHour: number;
  /** Power-cycle the hub port with uhubctl when installed; default false (it cuts every device on that port). */
  hubPowerCycle: boolean;
  /** How long a stage's result is re-checked before escalating, seconds; default 20. */
  verifyTimeoutS: number;
}

export const DEFAULT_WATCHDOG_SETTINGS: Readonly<WatchdogSettings> = {
  intervalS: 30,
  backoffBaseS: 30,
  backoffCapS: 600,
  maxResetsPerHour: 4,
  hubPowerCycle: false,
  verifyTimeoutS: 20,
};

const LIMITS: Record<Exclude<keyof WatchdogSettings, 'hubPowerCycle'>, [min: number, max: number]> = {
  intervalS: [1, 86_400],
  backoffBaseS: [1, 86_400],
  backoffCapS: [1, 86_400],
  maxResetsPerHour: [0, 60],
  verifyTimeoutS: [1, 3_600],
};

/** Defaults filled in and every value checked; throws a RangeError naming the bad setting. */
export function watchdogSettings(partial: Partial<WatchdogSettings> = {}): WatchdogSettings {
  const s: WatchdogSettings = { ...DEFAULT_WATCHDOG_SETTINGS, ...partial };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, [number, number]][]) {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RangeError(`watchdog setting ${key} must be a number from ${min} to ${max}, got ${String(v)}`);
  }
  if (typeof s.hubPowerCycle !== 'boolean') throw new RangeError('watchdog setting hubPowerCycle must be true or false');
  if (s.backoffCapS < s.backoffBaseS) throw new RangeError('watchdog setting backoffCapS must not be below backoffBaseS');
  return s;
}
