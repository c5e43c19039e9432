// How a face gets the service (issue 10): in this process, on real hardware or on the simulated modem.
// (Issue 11 adds the daemon: a face then talks to the one service over its socket instead.)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resourcesDir } from '../platform/files/resource-path.js';
import { createService, type Service } from '../service/service.js';
import type { ServiceEnv } from '../service/env.js';

export { createService };

export interface OpenOptions {
  /** Demo scenario (the twin), or null for real hardware. */
  demo: string | null;
  /** The demo's SIM profile (twin/sim-profiles.ts); ignored on real hardware. */
  sim?: string;
  version?: string;
  /** false for the one-shot CLI: no AT probing of modems nobody asked about. */
  identifyOnArrival?: boolean;
  pollMs?: number;
  netRoot?: string;
}

/** The environment for a face: the twin in demo mode, the real platform otherwise. */
export async function createEnv(options: OpenOptions): Promise<ServiceEnv> {
  const version = options.version ?? (await packageVersion());
  if (options.demo !== null) {
    const { createDemoEnv } = await import('./twin-root.js');
    return createDemoEnv({ scenario: options.demo, version, ...(options.sim !== undefined ? { sim: options.sim } : {}), ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}) });
  }
  const { createRealEnv } = await import('./real-root.js');
  return createRealEnv({
    version,
    ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
  });
}

export async function openService(options: OpenOptions): Promise<Service> {
  return createService(await createEnv(options));
}

export async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(resourcesDir(), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
