// Where the connectivity check sends traffic. Product defaults are public anycast resolvers;
// precedence: flag > environment (SIMHAT_PING_TARGETS, SIMHAT_DNS_NAME) > settings > default.
// Tests always override them (COMMON rules: traffic only to namespaces the test created).
import { validateDnsName, validateIpv4 } from './validate.js';

export const DEFAULT_PING_TARGETS: readonly string[] = ['1.1.1.1', '8.8.8.8'];
export const DEFAULT_DNS_NAME = 'example.com';

export interface TargetSources {
  flagTargets?: string[];
  flagDnsName?: string;
  env?: Record<string, string | undefined>;
  settings?: { pingTargets?: string[]; dnsName?: string };
}

export function resolveCheckTargets(src: TargetSources): { pingTargets: string[]; dnsName: string } {
  const envTargets = src.env?.SIMHAT_PING_TARGETS?.split(/[,\s]+/).filter(Boolean);
  const pick = <T>(...vals: (T[] | undefined)[]): T[] | undefined => vals.find((v) => v !== undefined && v.length > 0);
  const pingTargets = (pick(src.flagTargets, envTargets, src.settings?.pingTargets) ?? [...DEFAULT_PING_TARGETS]).map((t) => validateIpv4(t, 'ping target'));
  const dnsName = validateDnsName(src.flagDnsName ?? (src.env?.SIMHAT_DNS_NAME || undefined) ?? src.settings?.dnsName ?? DEFAULT_DNS_NAME);
  return { pingTargets, dnsName };
}
