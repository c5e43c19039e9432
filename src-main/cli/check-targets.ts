// The connectivity check's targets for `simhat net check`, `doctor` and `connect`: the flags, then
// what the user saved in the app (the service's settings.json in the config folder), then
// SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME, then the defaults — decided by core/net/check-targets.ts,
// the same function the service uses, so every face probes the same addresses.
import { resolveCheckTargets, type CheckTargets } from '../core/net/check-targets.js';
import { configDir } from '../platform/files/config-dir.js';
import { loadSettings } from '../platform/files/settings-store.js';

/** The `--ping-target` (repeatable) and `--dns-name` flags as node:util parseArgs gives them. */
export interface TargetFlags {
  'ping-target'?: string[] | undefined;
  'dns-name'?: string | undefined;
}

/** Throws NetError('invalid-argument') naming where a bad value came from. */
export async function checkTargetsForRun(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): Promise<CheckTargets> {
  const settings = await loadSettings(configDir(env));
  return resolveCheckTargets({ request: { pingTargets: flags['ping-target'], dnsName: flags['dns-name'] }, settings, env });
}
