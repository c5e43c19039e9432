// Where the connectivity check (check, connect, doctor; every face) sends traffic. Decided here
// only. Precedence: the request (a CLI flag, an Api call's own targets) > the user's saved settings
// (settings.json) > the environment (SIMHAT_PING_TARGETS, SIMHAT_DNS_NAME: a deployment's default)
// > the product defaults. A flag wins for that run; a saved choice beats a deployment-wide default.
// Product defaults are public anycast resolvers, so tests always override them (COMMON rules:
// traffic only to namespaces the test created).
import { NetError } from './types.js';
import { validateDnsName, validateIpv4 } from './validate.js';

export const DEFAULT_PING_TARGETS: readonly string[] = ['1.1.1.1', '8.8.8.8'];
export const DEFAULT_DNS_NAME = 'example.com';

export type TargetSource = 'request' | 'settings' | 'env' | 'default';

/** Targets one source gives; an empty list or name means "not set here" (the next source decides). */
export interface TargetChoice {
  pingTargets?: readonly string[] | undefined;
  dnsName?: string | undefined;
}

export interface TargetSources {
  request?: TargetChoice;
  settings?: TargetChoice;
  /** Read for SIMHAT_PING_TARGETS (comma or space separated) and SIMHAT_DNS_NAME. */
  env?: Record<string, string | undefined>;
}

export interface CheckTargets {
  pingTargets: string[];
  dnsName: string;
  sources: { pingTargets: TargetSource; dnsName: TargetSource };
}

/** Said with a bad value, so the user knows which place to fix. */
const FROM: Record<TargetSource, string> = {
  request: 'given for this run',
  settings: 'saved in the settings (settings.json)',
  env: 'from the environment',
  default: 'product default',
};

function firstSet<T extends { length: number }>(candidates: [TargetSource, T | undefined][], fallback: T): [TargetSource, T] {
  for (const [source, value] of candidates) if (value !== undefined && value.length > 0) return [source, value];
  return ['default', fallback];
}

export function resolveCheckTargets(src: TargetSources): CheckTargets {
  const envTargets = src.env?.['SIMHAT_PING_TARGETS']?.split(/[,\s]+/).filter(Boolean);
  const envDnsName = src.env?.['SIMHAT_DNS_NAME']?.trim();
  const [pingSource, ping] = firstSet<readonly string[]>(
    [
      ['request', src.request?.pingTargets],
      ['settings', src.settings?.pingTargets],
      ['env', envTargets],
    ],
    DEFAULT_PING_TARGETS,
  );
  const [dnsSource, dns] = firstSet<string>(
    [
      ['request', src.request?.dnsName],
      ['settings', src.settings?.dnsName],
      ['env', envDnsName],
    ],
    DEFAULT_DNS_NAME,
  );
  const pingTargets = ping.map((t) => validateIpv4(t, `ping target (${FROM[pingSource]})`));
  let dnsName: string;
  try {
    dnsName = validateDnsName(dns);
  } catch (err) {
    throw new NetError('invalid-argument', `${(err as Error).message} (${FROM[dnsSource]})`);
  }
  return { pingTargets, dnsName, sources: { pingTargets: pingSource, dnsName: dnsSource } };
}
