// The user's settings (settings.json in the config folder; every face reads the same file) and the one
// decision of the connectivity check's targets: request > settings > env > defaults (core/net/check-targets.ts).
import type { Settings, SettingsInfo } from '../api/contract.js';
import { settingsErrors } from '../api/settings-rules.js';
import { ApiCallError } from '../api/validate.js';
import { DEFAULT_DNS_NAME, DEFAULT_PING_TARGETS, resolveCheckTargets, type CheckTargets } from '../core/net/check-targets.js';
import { loadSettings, saveSettings } from '../platform/files/settings-store.js';

export const DEFAULT_SETTINGS: Settings = { policy: 'failover', pingTargets: [...DEFAULT_PING_TARGETS], dnsName: DEFAULT_DNS_NAME, theme: 'system' };

export interface TargetRequest {
  pingTargets?: string[] | undefined;
  dnsName?: string | undefined;
}

export class SettingsState {
  /** What the user chose (settings.json holds only these keys): unset check targets fall back to env/defaults. */
  private stored: Partial<Settings> = {};
  /** Effective values but the check targets (resolved per call). */
  private effective: Settings = { ...DEFAULT_SETTINGS };
  readonly loaded: Promise<void>;
  /** Told after every saved change (the daemon's watchdog and history follow the settings, issue 11). */
  private listeners = new Set<() => void>();

  constructor(
    private readonly configDir: string | null,
    private readonly targetEnv: Record<string, string | undefined>,
    /** Where a settings file that could not be used is reported (moved aside): the service's log. */
    warn?: (line: string) => void,
  ) {
    this.loaded = configDir ? loadSettings(configDir, warn ? { warn } : {}).then((s) => this.set(s)) : Promise.resolve();
  }

  private set(next: Partial<Settings>): void {
    this.stored = next;
    // Every saved value but the check targets (resolved per call, with the environment in between). The
    // settings of staying online appear only once saved (their defaults: STAY_ONLINE_DEFAULTS).
    const { pingTargets: _t, dnsName: _d, ...rest } = next;
    this.effective = { ...DEFAULT_SETTINGS, ...rest };
  }

  /** Calls `listener` after each saved change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get policy(): Settings['policy'] {
    return this.effective.policy;
  }

  /** The route policy the user saved, null when they never chose one (the doctor then only warns). */
  get savedPolicy(): Settings['policy'] | null {
    return this.stored.policy ?? null;
  }

  /** The connectivity check's targets: the request's own > settings > env > defaults. */
  checkTargets(req: TargetRequest = {}): CheckTargets {
    const errors = settingsErrors({ ...(req.pingTargets ? { pingTargets: req.pingTargets } : {}), ...(req.dnsName ? { dnsName: req.dnsName } : {}) });
    if (errors[0]) throw new ApiCallError({ code: 'invalid-argument', message: errors[0].message, field: errors[0].field });
    try {
      return resolveCheckTargets({ request: req, settings: this.stored, env: this.targetEnv });
    } catch (err) {
      throw new ApiCallError({ code: 'invalid-argument', message: (err as Error).message, hint: 'Fix SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME, or set the targets on the Settings screen.' });
    }
  }

  info(): SettingsInfo {
    let targets: CheckTargets;
    try {
      targets = this.checkTargets();
    } catch {
      // A bad environment value must not hide the screen that can override it.
      targets = resolveCheckTargets({ settings: this.stored });
    }
    const { sources, ...values } = targets;
    // No request here, so every source is settings, env or default.
    return { ...this.effective, ...values, sources: sources as SettingsInfo['sources'] };
  }

  /** Validates, merges and saves (atomically) a patch; returns the keys that changed. */
  async update(patch: Partial<Settings>): Promise<SettingsInfo> {
    await this.loaded;
    const errors = settingsErrors(patch);
    if (errors[0]) throw new ApiCallError({ code: 'invalid-argument', message: errors[0].message, field: errors[0].field });
    const next: Partial<Settings> = { ...this.stored };
    for (const [key, v] of Object.entries(patch) as [keyof Settings, unknown][]) {
      if (v === undefined) continue;
      // An empty list / name clears the setting: the check falls back to the environment or the default.
      if ((key === 'pingTargets' && (v as string[]).length === 0) || (key === 'dnsName' && v === '')) delete next[key];
      else Object.assign(next, { [key]: key === 'pingTargets' ? [...(v as string[])] : v });
    }
    if (this.configDir) await saveSettings(this.configDir, next);
    this.set(next);
    for (const l of this.listeners) l();
    return this.info();
  }
}
