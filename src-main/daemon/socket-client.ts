// A face's end of the daemon's socket (issue 11): the typed Api over newline-delimited JSON, the same
// methods, events and errors as in-process. Faces use it when a daemon answers, else build the service
// themselves (src-main/cli/api-session.ts, the web and desktop faces).
import { createConnection, type Socket } from 'node:net';
import type { Api, ApiError, ApiEvent, MethodName } from '../api/contract.js';
import { LineSplitter, decodeUtf8Line } from '../api/line-framing.js';
import { ApiCallError } from '../api/validate.js';
import { API_METHODS } from '../api/wire.js';

/** The daemon runs but this user may not use its socket. */
export class DaemonAccessError extends Error {
  override name = 'DaemonAccessError';
  readonly code = 'daemon-refused';
  readonly hint: string;
  constructor(readonly path: string) {
    super(`the simhat daemon's socket ${path} refuses you (permission denied)`);
    this.hint = 'Its users are the members of its group (default dialout): sudo usermod -aG dialout $USER, then log in again.';
  }
}

export interface DaemonClient {
  api: Api;
  path: string;
  close(): Promise<void>;
}

const GONE: ApiError = { code: 'daemon-gone', message: 'the simhat daemon went away', hint: 'Start it again (systemctl start simhat, or simhat daemon).' };

function open(path: string, timeoutMs: number): Promise<Socket | null> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(null);
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      sock.destroy();
      if (err.code === 'EACCES' || err.code === 'EPERM') reject(new DaemonAccessError(path));
      else resolve(null); // ENOENT, ECONNREFUSED (stale file), ENOTSOCK: no daemon there
    });
  });
}

/** The first daemon answering at one of `paths`, or null when none does. Throws DaemonAccessError when one refuses. */
export async function connectDaemon(paths: readonly string[], options: { timeoutMs?: number } = {}): Promise<DaemonClient | null> {
  for (const path of paths) {
    const sock = await open(path, options.timeoutMs ?? 2000);
    if (!sock) continue;
    const client = clientOn(sock, path);
    try {
      await withTimeout(client.api.appInfo({}), options.timeoutMs ?? 2000);
      return client;
    } catch {
      await client.close();
    }
  }
  return null;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the daemon did not answer')), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

function clientOn(sock: Socket, path: string): DaemonClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(e: ApiEvent) => void>();
  const splitter = new LineSplitter(16 * 1024 * 1024);
  let closed = false;
  const fail = (error: ApiError) => {
    closed = true;
    for (const p of pending.values()) p.reject(new ApiCallError(error));
    pending.clear();
  };
  sock.on('data', (chunk: Buffer) => {
    const { lines, overflow } = splitter.push(chunk);
    for (const line of lines) {
      let msg: { id?: unknown; result?: unknown; error?: ApiError; event?: ApiEvent };
      try {
        msg = JSON.parse(decodeUtf8Line(line) ?? 'null') as typeof msg;
      } catch {
        continue;
      }
      if (!msg || typeof msg !== 'object') continue;
      if (msg.event) {
        for (const l of listeners) l(msg.event);
        continue;
      }
      const p = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
      if (!p) continue;
      pending.delete(msg.id as number);
      if (msg.error) p.reject(new ApiCallError(msg.error));
      else p.resolve(msg.result);
    }
    if (overflow) sock.destroy();
  });
  sock.on('close', () => fail(GONE));
  sock.on('error', () => {});
  const call = (method: MethodName, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) return reject(new ApiCallError(GONE));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      sock.write(JSON.stringify({ id, method, params: params ?? {} }) + '\n');
    });
  const api = {
    onEvent(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  } as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (params: unknown) => call(method, params);
  return {
    api: api as unknown as Api,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        if (sock.destroyed) return resolve();
        sock.once('close', () => resolve());
        sock.end();
        setTimeout(() => sock.destroy(), 500).unref();
      }),
  };
}
