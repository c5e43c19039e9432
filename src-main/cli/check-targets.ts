// The connectivity check's targets given on the command line (`--ping-target`, `--dns-name`): checked
// here so a bad value is a usage error naming the flag (exit 2). The service then decides the targets
// (flags > saved settings > SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME > defaults: core/net/check-targets.ts),
// so every face probes the same addresses.
import { resolveCheckTargets } from '../core/net/check-targets.js';
import { UsageError } from './command.js';

/** The `--ping-target` (repeatable) and `--dns-name` flags as node:util parseArgs gives them. */
export interface TargetFlags {
  'ping-target'?: string[] | undefined;
  'dns-name'?: string | undefined;
}

/** The flags as an Api request ({} when none was given); refused as a usage error when malformed. */
export function targetRequest(flags: TargetFlags): { pingTargets?: string[]; dnsName?: string } {
  const request = { pingTargets: flags['ping-target'], dnsName: flags['dns-name'] };
  try {
    resolveCheckTargets({ request });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { ...(request.pingTargets?.length ? { pingTargets: request.pingTargets } : {}), ...(request.dnsName ? { dnsName: request.dnsName } : {}) };
}
