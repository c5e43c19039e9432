// The CLI as a face of the one service (issue 10): every command gets the typed Api here and calls it —
// in this process today (the composition roots build the service), over the daemon's socket once one
// runs (issue 11). Long operations are started, followed through their progress events and awaited.
import type { Api, ApiError, OperationEndEvent, OperationStarted, ProgressEvent } from '../api/contract.js';
import { ApiCallError, toApiError, validateCall } from '../api/validate.js';
import { API_METHODS } from '../api/wire.js';
import { UsageError } from './command.js';
import { AUTO_PORT, foundModem, requireFoundModem } from './find-port.js';

export interface CliApi {
  api: Api;
  /** How this run reaches the service. */
  via: 'in-process' | 'daemon';
  close(): Promise<void>;
}

export interface OpenApiOptions {
  /** Demo scenario: the simulated modem instead of hardware. */
  demo?: string | null;
  /** Prefix for the network layer's config and state paths (tests' --root). */
  netRoot?: string;
  /** USB polling for --watch. */
  pollMs?: number;
  /** Identify modems on arrival (watching); default false for one-shot commands. */
  identify?: boolean;
  /** In-process: read the history database (a path, or true for the default one) when it exists. */
  history?: string | true;
}

/**
 * The daemon's Api when one answers (SIMHAT_SOCKET, the system socket, the user's own): one owner of the
 * port, so no EBUSY and no stolen answers (issue 11). Else, or in demo mode, the service in this process.
 * A daemon that refuses this user (not in its group) is said plainly, never bypassed.
 */
export async function openApi(options: OpenApiOptions = {}): Promise<CliApi> {
  if (!options.demo) {
    const [{ connectDaemon }, { clientSocketPaths }] = await Promise.all([import('../daemon/socket-client.js'), import('../core/daemon-socket-path.js')]);
    const client = await connectDaemon(clientSocketPaths({ uid: process.getuid?.() ?? 1000, env: process.env }));
    if (client) return { api: client.api, via: 'daemon', close: () => client.close() };
  }
  const { openService } = await import('../compose/open-service.js');
  const service = await openService({
    demo: options.demo ?? null,
    identifyOnArrival: options.identify ?? false,
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.history ? { history: options.history } : {}),
  });
  return { api: validating(service), via: 'in-process', close: () => service.close() };
}

/** The in-process Api checks every call as the other transports do (src-main/api/validate.ts). */
function validating(service: Api): Api {
  const api = { onEvent: (l: Parameters<Api['onEvent']>[0]) => service.onEvent(l) } as Record<string, unknown>;
  for (const method of API_METHODS) {
    api[method] = async (params: unknown) => {
      let v;
      try {
        v = validateCall(method, params);
      } catch (err) {
        throw new ApiCallError(toApiError(err));
      }
      return (service[method] as (p: unknown) => Promise<unknown>)(v.params);
    };
  }
  return api as unknown as Api;
}

/** A call refused for its arguments is the user's usage mistake (exit 2), said in the service's words. */
export async function asUsage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if ((err as { code?: string } | null)?.code === 'invalid-argument') throw new UsageError((err as Error).message);
    throw err;
  }
}

/** Runs `fn` with an Api, closing it after (so the process can end). */
export async function withApi<T>(options: OpenApiOptions, fn: (c: CliApi) => Promise<T>): Promise<T> {
  const c = await openApi(options);
  try {
    return await fn(c);
  } finally {
    await c.close().catch(() => {});
  }
}

export interface OpOutcome<R> {
  ok: boolean;
  result: R | undefined;
  error: ApiError | undefined;
}

/**
 * Starts an operation and follows it to its end: progress goes to `onProgress`; Ctrl-C (signal) cancels it.
 * Events are subscribed before the start, so none is missed.
 */
export async function runOperation<R>(api: Api, start: () => Promise<OperationStarted>, onProgress: (e: ProgressEvent) => void, signal?: AbortSignal): Promise<OpOutcome<R>> {
  let opId: string | undefined;
  const early: (ProgressEvent | OperationEndEvent)[] = [];
  let finish: ((e: OperationEndEvent) => void) | undefined;
  const ended = new Promise<OperationEndEvent>((resolve) => (finish = resolve));
  const off = api.onEvent((e) => {
    if (e.type !== 'progress' && e.type !== 'operation-end') return;
    if (opId === undefined) return void early.push(e);
    if (e.opId !== opId) return;
    if (e.type === 'progress') onProgress(e);
    else finish!(e);
  });
  const onAbort = () => {
    if (opId) void api.cancel({ opId }).catch(() => {});
  };
  try {
    const started = await start();
    opId = started.opId;
    for (const e of early.filter((x) => x.opId === opId)) {
      if (e.type === 'progress') onProgress(e);
      else finish!(e);
    }
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const end = await ended;
    return { ok: end.ok, result: end.result as R | undefined, error: end.error };
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The operation's result, or its error thrown as ApiCallError (for commands that print nothing special on failure). */
export async function runOperationOrThrow<R>(api: Api, start: () => Promise<OperationStarted>, onProgress: (e: ProgressEvent) => void = () => {}, signal?: AbortSignal): Promise<R> {
  const r = await runOperation<R>(api, start, onProgress, signal);
  if (!r.ok) throw new ApiCallError(r.error ?? { code: 'internal', message: 'the operation failed' });
  return r.result as R;
}

/**
 * The modem a command means: the one on --port (attached by its port), else the first one found;
 * undefined when none. `--port auto` (find-port.ts) insists on finding one: none is a usage error.
 */
export async function modemFor(api: Api, flags: { port?: string | undefined; iface?: string | undefined; baudRate?: number | undefined }): Promise<string | undefined> {
  if (flags.port === AUTO_PORT) return requireFoundModem(api);
  if (flags.port) return (await api.attachPort({ port: flags.port, ...(flags.iface ? { iface: flags.iface } : {}), ...(flags.baudRate ? { baudRate: flags.baudRate } : {}) })).id;
  return foundModem(api);
}
