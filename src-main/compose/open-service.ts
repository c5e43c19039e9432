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
  /** Read the history database here when it exists (`simhat history` without a daemon); true: the default path. */
  history?: string | true;
}

/** The environment for a face: the twin in demo mode, the real platform otherwise. */
export async function createEnv(options: OpenOptions): Promise<ServiceEnv> {
  const version = options.version ?? (await packageVersion());
  if (options.demo !== null) {
    const { createDemoEnv } = await import('./twin-root.js');
    return createDemoEnv({ scenario: options.demo, version, ...(options.sim !== undefined ? { sim: options.sim } : {}), ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}) });
  }
  const { createRealEnv } = await import('./real-root.js');
  const env = createRealEnv({
    version,
    ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
  });
  return options.history ? withHistory(env, options.history) : env;
}

/** The environment with the history database opened, when there is one (no daemon records into it now). */
async function withHistory(env: ServiceEnv, given: string | true): Promise<ServiceEnv> {
  const [{ existsSync }, { homedir }, { defaultHistoryPath }, { HistoryStore }] = await Promise.all([
    import('node:fs'),
    import('node:os'),
    import('../core/history/paths.js'),
    import('../platform/history/store.js'),
  ]);
  const path = given === true ? defaultHistoryPath({ isRoot: process.getuid?.() === 0, env: process.env, home: homedir() }) : given;
  if (!existsSync(path)) return env;
  const history = HistoryStore.open({ path });
  return { ...env, history, dispose: async () => (await env.dispose?.(), history.close()) };
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

export interface FaceApi {
  api: import('../api/contract.js').Api;
  via: 'daemon' | 'in-process';
  /** The daemon's pid and socket when attached. */
  daemon?: { socket: string } | undefined;
  close(): Promise<void>;
}

/** The daemon's Api when one answers for this user (issue 11: one owner of the modem), else null. */
export async function attachDaemon(): Promise<FaceApi | null> {
  const [{ connectDaemon }, { clientSocketPaths }] = await Promise.all([import('../daemon/socket-client.js'), import('../core/daemon-socket-path.js')]);
  const client = await connectDaemon(clientSocketPaths({ uid: process.getuid?.() ?? 1000, env: process.env }));
  return client ? { api: client.api, via: 'daemon', daemon: { socket: client.path }, close: () => client.close() } : null;
}

/** How `simhat serve` and the desktop app get the Api: the daemon's when it runs, else their own service. */
export async function attachOrOpen(options: OpenOptions): Promise<FaceApi> {
  if (options.demo === null) {
    const attached = await attachDaemon();
    if (attached) return attached;
  }
  const service = createService(await createEnv(options));
  return { api: service, via: 'in-process', close: () => service.close() };
}
