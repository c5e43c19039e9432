// The composition of `simhat daemon` (issue 11): the one owner of the modem. Real hardware, the history
// database, the watchdog keeping the link online, and the Api served on a Unix socket to every face.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { defaultHistoryPath } from '../core/history/paths.js';
import { DEFAULT_SOCKET_GROUP, listenSocketPath } from '../core/daemon-socket-path.js';
import type { PolicyName } from '../core/net/types.js';
import type { WatchdogSettings } from '../core/watchdog/settings.js';
import { DaemonRunningError, listenDaemonSocket, whoListens, type DaemonSocket } from '../daemon/socket-server.js';
import { HistoryStore } from '../platform/history/store.js';
import { findProgram, run } from '../platform/net/run.js';
import type { LinkKeeper } from '../service/link-keeper.js';
import { createService, type Service } from '../service/service.js';
import { packageVersion } from './open-service.js';
import { createRealEnv } from './real-root.js';

export interface DaemonOptions {
  socket?: string;
  /** Group allowed on the socket (root only); default dialout. */
  group?: string;
  port?: string;
  iface?: string;
  policy?: PolicyName;
  pingTargets?: string[];
  dnsName?: string;
  intervalS?: number;
  db?: string;
  /** Watchdog settings beyond the interval (tests shorten the waits). */
  watchdog?: Partial<WatchdogSettings>;
  comebackMs?: number;
  /** Prefix for the network layer's paths and the sysfs tree the helper judges interfaces by (tests). */
  netRoot?: string;
  log?: (line: string) => void;
}

export interface RunningDaemon {
  service: Service;
  keeper: LinkKeeper;
  socket: DaemonSocket;
  history: HistoryStore;
  stop(): Promise<void>;
}

/** The gid of a group from /etc/group; null when there is none. */
async function groupId(name: string): Promise<number | null> {
  const text = await readFile('/etc/group', 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [n, , gid] = line.split(':');
    if (n === name && gid && /^\d+$/.test(gid)) return Number(gid);
  }
  return null;
}

async function ifaceCounters(iface: string): Promise<{ rx: number; tx: number } | null> {
  if (!/^[A-Za-z0-9_.:-]{1,15}$/.test(iface)) return null;
  const read = (f: string) => readFile(`/sys/class/net/${iface}/statistics/${f}`, 'utf8').then((t) => Number(t.trim()));
  const [rx, tx] = await Promise.all([read('rx_bytes'), read('tx_bytes')]).catch(() => [NaN, NaN]);
  return Number.isFinite(rx) && Number.isFinite(tx) ? { rx: rx!, tx: tx! } : null;
}

/** uhubctl cycles the power of the hub port a device hangs on (`1-1.3`: hub 1-1, port 3). */
async function hubPowerCycle(usbPath: string): Promise<void> {
  const uhubctl = findProgram('uhubctl');
  if (!uhubctl) throw new Error('uhubctl is not installed');
  const m = /^(\d+-[\d.]+)\.(\d+)$|^(\d+)-(\d+)$/.exec(usbPath);
  if (!m) throw new Error(`cannot tell the hub port of ${usbPath}`);
  const [hub, port] = m[1] ? [m[1], m[2]!] : [m[3]!, m[4]!];
  const r = await run(uhubctl, ['-l', hub, '-p', port, '-a', 'cycle', '-d', '2'], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`uhubctl exited ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`);
}

export async function startDaemon(o: DaemonOptions): Promise<RunningDaemon> {
  const log = o.log ?? ((line: string) => process.stderr.write(`simhat daemon: ${line}\n`));
  const isRoot = process.getuid?.() === 0;
  const socketPath = o.socket ?? listenSocketPath({ uid: process.getuid?.() ?? 1000, env: process.env });
  // Before anything opens the modem or the history: a second daemon must not fight the first for them.
  const other = await whoListens(socketPath);
  if (other) throw new DaemonRunningError(socketPath, other.pid);
  const gid = isRoot ? await groupId(o.group ?? DEFAULT_SOCKET_GROUP) : null;
  if (isRoot && gid === null) log(`group ${o.group ?? DEFAULT_SOCKET_GROUP} does not exist: only root may use the socket`);
  const history = HistoryStore.open({ path: o.db ?? defaultHistoryPath({ isRoot, env: process.env, home: homedir() }), log });
  const env = createRealEnv({
    version: await packageVersion(),
    // Acting for every user of the socket, the helper touches only a modem's interfaces and devices (issue 15).
    modemOnlySysfs: `${o.netRoot ?? ''}/sys`,
    ...(o.netRoot !== undefined ? { netRoot: o.netRoot } : {}),
  });
  const startedAt = new Date().toISOString();
  const service = createService({ ...env, history, ifaceCounters, hubPowerCycle, daemon: { pid: process.pid, socket: socketPath, startedAt } });
  let socket: DaemonSocket | undefined;
  try {
    const modemId = o.port ? (await service.attachPort({ port: o.port, ...(o.iface ? { iface: o.iface } : {}) })).id : undefined;
    const keeper = await service.keepOnline({
      ...(modemId ? { modemId } : {}),
      ...(o.iface ? { iface: o.iface } : {}),
      ...(o.policy ? { policy: o.policy } : {}),
      ...(o.pingTargets?.length ? { pingTargets: o.pingTargets } : {}),
      ...(o.dnsName ? { dnsName: o.dnsName } : {}),
      watchdog: { ...o.watchdog, ...(o.intervalS ? { intervalS: o.intervalS } : {}) },
      ...(o.comebackMs ? { comebackMs: o.comebackMs } : {}),
    });
    socket = await listenDaemonSocket({ path: socketPath, api: service, gid, log: (level, m) => log(`${level}: ${m}`) });
    service.onEvent((e) => {
      if (e.type === 'log' && (e.entry.source === 'watchdog' || e.entry.level !== 'info')) log(`${e.entry.source}: ${e.entry.message}`);
    });
    log(`listening on ${socketPath}${gid !== null ? ` (group ${o.group ?? DEFAULT_SOCKET_GROUP})` : ''}; history ${history.path}`);
    const s = socket;
    return {
      service,
      keeper,
      socket: s,
      history,
      async stop() {
        await s.close();
        await service.close();
        history.close();
      },
    };
  } catch (err) {
    await socket?.close();
    await service.close();
    history.close();
    throw err;
  }
}

/** `simhat daemon --enable`: the unit for THIS install (packaged runtime or npm global install), enabled and started. */
export async function enableDaemonUnit(args: string[] = []): Promise<string[]> {
  const [{ enableDaemon }, { detectInstall }] = await Promise.all([import('../platform/system/systemd-service.js'), import('../platform/system/install-kind.js')]);
  const steps = await enableDaemon(detectInstall(), args.length ? { args } : {});
  return steps.map(describeStep);
}

/** `simhat daemon --disable`: stopped and disabled; a unit --enable wrote is removed. */
export async function disableDaemonUnit(): Promise<string[]> {
  const { disableDaemon } = await import('../platform/system/systemd-service.js');
  return (await disableDaemon()).map(describeStep);
}

function describeStep(s: { kind: string; path?: string; args?: string[] }): string {
  return s.kind === 'write-unit' ? `wrote ${s.path}` : s.kind === 'remove-unit' ? `removed ${s.path}` : `systemctl ${(s.args ?? []).join(' ')}`;
}
