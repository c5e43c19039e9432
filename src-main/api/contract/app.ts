// Api contract types (re-exported by ../contract.ts, types only). The AT console, settings, logs, app info, and staying online (issue 11).
import type { DataAttribution } from '../../core/apn/attribution.js';
import type { FinalResult } from '../../core/at/final-result.js';
import type { HistoryEvent, Outage, Sample } from '../../core/history/types.js';
import type { ConnectionStatus } from '../../core/watchdog/types.js';
import type { RoutePolicy } from './network.js';

// ---------- AT console ----------

export interface AtExchange {
  command: string;
  lines: string[];
  /** The final result line (OK, ERROR, +CME ERROR: ...). */
  final: string;
  /** The classified final result (kind, CME/CMS code and text). */
  finalResult?: FinalResult;
  /** What to do about an error final, when simhat knows. */
  hint?: string;
  ok: boolean;
  elapsedMs: number;
  at: number;
}

// ---------- settings and logs ----------

export interface Settings {
  /** Route policy used by Connect (default 'failover'). */
  policy: RoutePolicy;
  /**
   * IPv4 addresses pinged by the connectivity check (check, connect, doctor). Precedence: the request's
   * own targets > this setting > env SIMHAT_PING_TARGETS > default ['1.1.1.1', '8.8.8.8']. An empty list
   * in updateSettings clears the setting (falls back to the environment or the default).
   */
  pingTargets: string[];
  /** Host name resolved by the DNS check; same precedence with SIMHAT_DNS_NAME (default 'example.com'); '' clears it. */
  dnsName: string;
  /** Follow the system theme unless set (default 'system'). */
  theme: 'system' | 'light' | 'dark';
  // Staying online (issue 11): what the daemon's watchdog and history use, read at its start and on change.
  // Present once saved; unset, the default applies (STAY_ONLINE_DEFAULTS in api/settings-rules.ts).
  /** Seconds between the watchdog's link checks (default 30, at least 1; `simhat daemon --interval` wins). */
  checkIntervalS?: number;
  /** Modem resets (reset and USB stages) the watchdog may do per hour (default 4; 0: never reset). */
  maxResetsPerHour?: number;
  /** Let the watchdog power-cycle the modem's USB hub port with uhubctl (default false: it cuts every device on that port). */
  hubPowerCycle?: boolean;
  /** Days the history keeps samples and events (default 30). */
  historyRetentionDays?: number;
  /** Size cap of the history database in MiB; the oldest rows go first (default 64). */
  historyMaxMiB?: number;
}

/** Where an effective check target came from (the Settings screen says so). */
export type SettingSource = 'settings' | 'env' | 'default';

/** getSettings/updateSettings answer: the effective values, and where the check targets came from. */
export interface SettingsInfo extends Settings {
  sources: { pingTargets: SettingSource; dnsName: SettingSource };
}

export interface FieldError<F extends string = string> {
  field: F;
  message: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  at: number;
  level: LogLevel;
  source: string;
  message: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  demo: string | null;
  /** Set when this service is the daemon (`simhat daemon`): who it is and where it listens. */
  daemon?: { pid: number; socket: string; startedAt: string } | null;
  transport?: 'electron' | 'web' | 'direct';
  /** Where the APN data comes from and under which license (issue 13: the About text). */
  apnData?: DataAttribution[];
}

// ---------- staying online (issue 11) ----------

/**
 * The link as every face shows it: online | offline | connecting | recovering | degraded, since when, the
 * last check and the last recovery. `kept`: a daemon's watchdog keeps it (else a one-time look).
 */
export interface ConnectionInfo extends ConnectionStatus {
  kept: boolean;
  /** The last recovery in the words `simhat history` uses: what set it off, and the stage that fixed it. */
  lastRecoveryWords?: { cause: string; fixedBy?: string };
  modemId?: string | null;
  iface?: string | null;
}

/**
 * "Keep me online" (issue 11 Boot): the daemon's systemd unit, enabled so the Pi comes up online after a
 * reboot. Enabling and disabling go through the privileged helper; reading needs no privileges.
 */
export interface KeepOnlineState {
  /** The unit is installed (the .deb ships it; an npm install gets it from `sudo simhat daemon --enable`). */
  available: boolean;
  /** Started at boot. */
  enabled: boolean;
  /** Running now. */
  active: boolean;
  /** The unit's name, 'simhat.service'. */
  unit: string;
  /** Why it is not available, or what changes next, in the user's words (e.g. how to install the unit). */
  hint?: string;
  /** True on the simulated modem (demo): nothing on this computer changes. */
  simulated?: boolean;
}

export interface HistoryWindow {
  from: number;
  to: number;
  samples: Sample[];
  events: (HistoryEvent & { id?: number })[];
  outages: Outage[];
  uptimePercent: number | null;
  /** Where the history lives; null when there is none (no daemon has recorded yet). */
  file: string | null;
}
