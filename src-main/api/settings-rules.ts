// What a settings value must be (issue 7 Settings screen), judged by the service for validateSettings
// and updateSettings. Messages start with the field's label as the Settings screen shows it, so an
// inline error says which field is wrong even when read out of context (a screen reader, a log).
// Pure: the same rules the network layer applies before a ping/DNS command line (core/net/validate.ts).
import type { FieldError, Settings } from './contract.js';
import { isIpv4, validateDnsName } from '../core/net/validate.js';

export const SETTING_LABELS: Record<keyof Settings, string> = {
  pingTargets: 'Ping targets',
  dnsName: 'DNS name to resolve',
  policy: 'Default route policy',
  theme: 'Theme',
  checkIntervalS: 'Check interval',
  maxResetsPerHour: 'Modem resets per hour',
  hubPowerCycle: 'Hub port power cycle',
  historyRetentionDays: 'Keep history for',
  historyMaxMiB: 'History size cap',
};

/** Every key settings.json may hold (the file store keeps only these). */
export const SETTING_KEYS = Object.keys(SETTING_LABELS) as (keyof Settings)[];

/** The settings of staying online (issue 11) when unset: the watchdog's (core/watchdog/settings.ts) and the history store's defaults. */
export const STAY_ONLINE_DEFAULTS = {
  checkIntervalS: 30,
  maxResetsPerHour: 4,
  hubPowerCycle: false,
  historyRetentionDays: 30,
  historyMaxMiB: 64,
} as const satisfies Required<Pick<Settings, 'checkIntervalS' | 'maxResetsPerHour' | 'hubPowerCycle' | 'historyRetentionDays' | 'historyMaxMiB'>>;

/**
 * The numeric settings of staying online (issue 11): whole numbers within these bounds, with the unit the
 * message names. Bounds as the watchdog takes them (core/watchdog/settings.ts) and what a Pi's card holds.
 */
export const NUMBER_RULES = {
  checkIntervalS: { min: 1, max: 86_400, unit: 'seconds' },
  maxResetsPerHour: { min: 0, max: 60, unit: 'resets' },
  historyRetentionDays: { min: 1, max: 3650, unit: 'days' },
  historyMaxMiB: { min: 1, max: 4096, unit: 'MiB' },
} as const satisfies Partial<Record<keyof Settings, { min: number; max: number; unit: string }>>;

/** At most this many ping targets: each costs a probe in every check (the transport caps it too). */
export const MAX_PING_TARGETS = 8;

export function settingsErrors(patch: Partial<Settings>): FieldError<keyof Settings>[] {
  const errors: FieldError<keyof Settings>[] = [];
  const bad = (field: keyof Settings, message: string) => errors.push({ field, message: `${SETTING_LABELS[field]}: ${message}` });
  if (patch.pingTargets !== undefined) {
    const seen = new Set<string>();
    if (patch.pingTargets.length > MAX_PING_TARGETS) bad('pingTargets', `at most ${MAX_PING_TARGETS} addresses`);
    for (const t of patch.pingTargets) {
      // The check pings IPv4 only (core/net/check-targets.ts): an IPv6 or a name would fail there later.
      if (!isIpv4(t)) {
        bad('pingTargets', `"${t}" is not an IPv4 address (e.g. 1.1.1.1)`);
        break;
      }
      if (seen.has(t)) {
        bad('pingTargets', `${t} is listed twice`);
        break;
      }
      seen.add(t);
    }
  }
  if (patch.dnsName !== undefined && patch.dnsName !== '') {
    let ok = true;
    try {
      validateDnsName(patch.dnsName);
    } catch {
      ok = false;
      bad('dnsName', `"${patch.dnsName}" is not a host name (letters, digits and hyphens between dots, e.g. example.com)`);
    }
    // An address "resolves" without asking any DNS server: the check would prove nothing.
    if (ok && /^[0-9.]+$/.test(patch.dnsName)) bad('dnsName', `"${patch.dnsName}" is an address; give a host name (e.g. example.com)`);
  }
  if (patch.policy !== undefined && patch.policy !== 'failover' && patch.policy !== 'primary') bad('policy', 'choose LTE as backup or LTE as primary');
  if (patch.theme !== undefined && !['system', 'light', 'dark'].includes(patch.theme)) bad('theme', 'choose system, light or dark');
  for (const [key, r] of Object.entries(NUMBER_RULES) as [keyof typeof NUMBER_RULES, (typeof NUMBER_RULES)[keyof typeof NUMBER_RULES]][]) {
    const v = patch[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < r.min || v > r.max) bad(key, `a whole number from ${r.min} to ${r.max} ${r.unit}`);
  }
  if (patch.hubPowerCycle !== undefined && typeof patch.hubPowerCycle !== 'boolean') bad('hubPowerCycle', 'on or off');
  return errors;
}
