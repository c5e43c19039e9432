// The daemon's Unix socket (issue 11): the typed Api for every face, newline-delimited JSON through the same
// wire handling as the WebSocket and the IPC (api/stream-server.ts: caps, validation, a bad client ends only
// its own connection). Never TCP. Access is the file system's: the socket is 0660 in a 0750 folder of the
// configured group (root) or 0600 in the user's own runtime folder; a stale socket file is replaced, and a
// second daemon on the same socket refuses to start, naming the running one.
import { chmod, chown, lstat, mkdir, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { basename, dirname } from 'node:path';
import type { Api } from '../api/contract.js';
import { serveStreamClient } from '../api/stream-server.js';
import type { WireLog } from '../api/wire-server.js';
import { LineSplitter, decodeUtf8Line } from '../api/line-framing.js';

export interface DaemonSocketOptions {
  path: string;
  api: Api;
  /** Group allowed to connect (gid); null: only the daemon's own user. */
  gid: number | null;
  log?: WireLog;
}

export interface DaemonSocket {
  path: string;
  clients(): number;
  close(): Promise<void>;
}

/** Another daemon answers on the socket: this one must not start. */
export class DaemonRunningError extends Error {
  override name = 'DaemonRunningError';
  readonly code = 'daemon-running';
  constructor(
    readonly path: string,
    readonly pid: number | null,
  ) {
    super(`a simhat daemon${pid ? ` (pid ${pid})` : ''} already listens on ${path}`);
  }
}

/** Asks whoever listens on `path` who it is; null when nobody does (no file, or a stale one). */
export async function whoListens(path: string, timeoutMs = 1500): Promise<{ pid: number | null } | null> {
  return new Promise((resolve) => {
    const sock = createConnection(path);
    const splitter = new LineSplitter(1024 * 1024);
    const done = (v: { pid: number | null } | null) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    // Something accepted the connection but never answered: it is there, name unknown.
    const timer = setTimeout(() => done({ pid: null }), timeoutMs);
    sock.on('connect', () => sock.write(JSON.stringify({ id: 1, method: 'appInfo', params: {} }) + '\n'));
    sock.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(chunk).lines) {
        try {
          const msg = JSON.parse(decodeUtf8Line(line) ?? 'null') as { id?: unknown; result?: { daemon?: { pid?: unknown } | null } };
          if (msg?.id === 1) return done({ pid: typeof msg.result?.daemon?.pid === 'number' ? msg.result.daemon.pid : null });
        } catch {
          // not ours to judge: keep reading until the timeout
        }
      }
    });
    sock.on('error', () => done(null));
  });
}

/** A folder that is the daemon's own (created for it): its mode and group are set; a shared one is left alone. */
function ownFolder(path: string): boolean {
  return basename(dirname(path)).startsWith('simhat');
}

export async function listenDaemonSocket(o: DaemonSocketOptions): Promise<DaemonSocket> {
  const dir = dirname(o.path);
  await mkdir(dir, { recursive: true, mode: o.gid !== null ? 0o750 : 0o700 });
  if (ownFolder(o.path)) {
    await chmod(dir, o.gid !== null ? 0o750 : 0o700);
    if (o.gid !== null) await chown(dir, process.getuid?.() ?? 0, o.gid);
  }
  const existing = await lstat(o.path).catch(() => null);
  if (existing) {
    if (!existing.isSocket()) throw new Error(`${o.path} exists and is not a socket: move it away or give another --socket`);
    const other = await whoListens(o.path);
    if (other) throw new DaemonRunningError(o.path, other.pid);
    // Left by a daemon that was killed: nobody listens on it.
    await unlink(o.path);
    o.log?.('info', `replaced the stale socket ${o.path}`);
  }
  const sockets = new Set<Socket>();
  let n = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveStreamClient(socket, { api: o.api, peer: `client ${++n}`, ...(o.log ? { log: o.log } : {}) });
  });
  server.on('error', (err) => o.log?.('warn', `socket server: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(o.path, o.gid !== null ? 0o660 : 0o600);
  if (o.gid !== null) await chown(o.path, process.getuid?.() ?? 0, o.gid);
  return {
    path: o.path,
    clients: () => sockets.size,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await unlink(o.path).catch(() => {});
    },
  };
}
