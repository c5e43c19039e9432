// The web transport of the Api (used by `simhat serve`): JSON requests by id over one WebSocket, events
// pushed on the same socket. Implements exactly the Api interface the Electron preload exposes.
import { type Api, type ApiError, type ApiEvent, type MethodName } from '../../../src-main/api/contract.js';
import { API_METHODS } from '../../../src-main/api/wire.js';
import { ApiCallError } from '../../../src-main/api/validate.js';

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

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export interface WebClient extends Api {
  close(): void;
  /** Resolves once the socket is open (calls made before are queued). */
  ready: Promise<void>;
}

export function createWebClient(opts: { url?: string; token?: string | null } = {}): WebClient {
  const token = opts.token === undefined ? takeToken() : opts.token;
  const wsUrl = opts.url ?? `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  const listeners = new Set<(e: ApiEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WebSocket;
  let closedByUs = false;
  let opened!: () => void;
  let ready = new Promise<void>((r) => (opened = r));

  const connect = () => {
    // The token rides in a subprotocol (not in the URL, so it stays out of server and proxy logs);
    // the HttpOnly cookie set with the page covers browsers where that is not allowed.
    const protocols = ['simhat.v1', ...(token ? [`simhat.token.${token}`] : [])];
    ws = new WebSocket(wsUrl, protocols);
    ws.addEventListener('open', () => {
      performance.mark('simhat:ws-open'); // read by bench/ui.bench.ts
      opened();
    });
    ws.addEventListener('message', (ev) => {
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
      if (msg.error) p.reject(new ApiCallError(msg.error));
      else p.resolve(msg.result);
    });
    ws.addEventListener('close', () => {
      for (const p of pending.values()) p.reject(new ApiCallError({ code: 'disconnected', message: 'Connection to simhat lost', hint: 'Is `simhat serve` still running?' }));
      pending.clear();
      if (!closedByUs) {
        ready = new Promise<void>((r) => (opened = r));
        setTimeout(connect, 1000);
      }
    });
  };
  connect();

  const call = async (method: MethodName, params: unknown): Promise<unknown> => {
    await ready;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params: params ?? {} }));
    });
  };

  const client = {
    onEvent(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closedByUs = true;
      ws.close();
    },
    get ready() {
      return ready;
    },
  } as Record<string, unknown>;
  for (const m of API_METHODS) client[m] = (params: unknown) => call(m, params);
  return client as unknown as WebClient;
}
