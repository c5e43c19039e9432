// The web transport of the Api (used by `simhat serve`): JSON requests by id over one WebSocket, events
// pushed on the same socket. Implements exactly the Api interface the Electron preload exposes, plus the
// link state the UI shows as a banner (issue 14 "Live connection"): a dropped socket (server stopped,
// SSH tunnel gone) is noticed at once or by the heartbeat, every waiting call fails with 'disconnected',
// and the client reconnects by itself. No call waits forever: each has a timeout.
import type { Api, ApiError, ApiEvent, MethodName } from '../../../src-main/api/contract.js';
import { ApiCallError, METHODS } from './wire.js';

const TOKEN_KEY = 'simhat.token';

/**
 * Takes the token from the page URL once, keeps it in sessionStorage (reloads keep working) and removes
 * it from the address bar so it does not end up in history, bookmarks or screenshots.
 */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

/** 'connecting' before the first open, 'open', or 'lost' (reconnecting in the background). */
export type LinkState = 'connecting' | 'open' | 'lost';

/** Calls that legitimately take long (the AT console's AT+COPS=?, a report with a doctor run inside). */
// setKeepOnline: the system may ask an administrator's password (pkexec, 120 s), then systemctl waits for the daemon (60 s).
const CALL_TIMEOUT_MS: Partial<Record<MethodName, number>> = { atSend: 200_000, exportReport: 120_000, checkConnectivity: 60_000, enterPin: 60_000, setKeepOnline: 200_000 };

export interface WebClientOptions {
  url?: string;
  token?: string | null;
  /** Timeout of a call without its own entry in CALL_TIMEOUT_MS; default 30 s. */
  callTimeoutMs?: number;
  /** A silent socket (dead tunnel) is given up after this long without an answer to a ping; default 10 s. */
  heartbeatMs?: number;
  /** First wait before reconnecting, doubled up to 5 s; default 500 ms. */
  retryMs?: number;
}

interface Pending {
  method: MethodName;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WebClient extends Api {
  close(): void;
  /** Resolves once the socket is open (calls made before are queued). */
  ready: Promise<void>;
  readonly link: LinkState;
  onLink(listener: (state: LinkState) => void): () => void;
}

export function createWebClient(opts: WebClientOptions = {}): WebClient {
  const token = opts.token === undefined ? takeToken() : opts.token;
  const wsUrl = opts.url ?? `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? 10_000;
  const firstRetryMs = opts.retryMs ?? 500;
  const listeners = new Set<(e: ApiEvent) => void>();
  const linkListeners = new Set<(s: LinkState) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let closedByUs = false;
  let link: LinkState = 'connecting';
  let retryMs = firstRetryMs;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let opened!: () => void;
  let ready = new Promise<void>((r) => (opened = r));

  const setLink = (s: LinkState) => {
    if (s === link) return;
    link = s;
    for (const l of linkListeners) l(s);
  };

  const failAll = (error: ApiError) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ApiCallError(error));
    }
    pending.clear();
  };

  /** The socket is gone (closed, or silent past the heartbeat): fail what waits, reconnect. */
  const lost = (socket: WebSocket) => {
    if (socket !== ws) return; // an old socket closing late
    ws = null;
    clearInterval(heartbeat);
    try {
      socket.close();
    } catch {
      // already closed
    }
    failAll({ code: 'disconnected', message: 'Lost the connection to simhat', hint: 'Is `simhat serve` (or its SSH tunnel) still running? Reconnecting…' });
    if (closedByUs) return;
    setLink('lost');
    ready = new Promise<void>((r) => (opened = r));
    setTimeout(connect, retryMs);
    retryMs = Math.min(5000, retryMs * 2);
  };

  const connect = () => {
    if (closedByUs) return;
    // The token rides in a subprotocol (not in the URL, so it stays out of server and proxy logs);
    // the HttpOnly cookie set with the page covers browsers where that is not allowed.
    const protocols = ['simhat.v1', ...(token ? [`simhat.token.${token}`] : [])];
    const socket = new WebSocket(wsUrl, protocols);
    ws = socket;
    socket.addEventListener('open', () => {
      if (socket !== ws) return;
      performance.mark('simhat:ws-open'); // read by bench/ui.bench.ts
      retryMs = firstRetryMs;
      setLink('open');
      opened();
      clearInterval(heartbeat);
      heartbeat = setInterval(() => {
        // An SSH tunnel can die without a close: a ping that gets no answer in time means the same.
        if (ws === socket) call('appInfo', {}, heartbeatMs).catch((err: unknown) => (err as ApiCallError).code === 'timeout' && lost(socket));
      }, heartbeatMs);
    });
    socket.addEventListener('message', (ev) => {
      let msg: { id?: number; result?: unknown; error?: ApiError; event?: ApiEvent };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.event) {
        for (const l of listeners) l(msg.event);
        return;
      }
      if (typeof msg.id !== 'number') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new ApiCallError(msg.error));
      else p.resolve(msg.result);
    });
    socket.addEventListener('close', () => lost(socket));
  };
  connect();

  async function call(method: MethodName, params: unknown, timeoutMs = CALL_TIMEOUT_MS[method] ?? callTimeoutMs): Promise<unknown> {
    await ready;
    const socket = ws;
    if (!socket) throw new ApiCallError({ code: 'disconnected', message: 'Lost the connection to simhat' });
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiCallError({ code: 'timeout', message: `simhat did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`, hint: 'Try again; if it keeps happening, check the simhat log.' }));
      }, timeoutMs);
      pending.set(id, { method, resolve, reject, timer });
      socket.send(JSON.stringify({ id, method, params: params ?? {} }));
    });
  }

  const client = {
    onEvent(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLink(listener: (s: LinkState) => void) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      clearInterval(heartbeat);
      ws?.close();
    },
    get ready() {
      return ready;
    },
    get link() {
      return link;
    },
  } as Record<string, unknown>;
  for (const m of METHODS) client[m] = (params: unknown) => call(m, params);
  return client as unknown as WebClient;
}
