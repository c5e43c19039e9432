// The web face (`simhat serve`, issue 7): serves the renderer build and the Api over one WebSocket.
// Security model: bound to 127.0.0.1 unless told; a random token is required on every HTTP and WebSocket
// request (query `?token=`, the HttpOnly cookie set from it, `Authorization: Bearer`, or the WebSocket
// subprotocol `simhat.token.<t>`); Host checked against the bound name (DNS rebinding) when bound to
// loopback; Origin must match Host on the WebSocket (cross-site pages cannot drive the modem);
// every payload is validated against the contract before the service sees it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api, ApiEvent } from '../api/contract.js';
import { toApiError, validateCall } from '../api/validate.js';

export interface WebServerOptions {
  /** Address to bind (default '127.0.0.1'). */
  host?: string;
  /** Port (default 0 = a free one). */
  port?: number;
  /** Directory of the renderer build (dist/renderer). */
  staticDir: string;
  api: Api;
  /** Token to require (default: 32 random bytes, base64url). */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'simhat_token';
export const WS_PATH = '/api';
export const WS_PROTOCOL = 'simhat.v1';
const TOKEN_PROTOCOL_PREFIX = 'simhat.token.';
/** Largest request frame (the biggest legitimate payload is a preset, well under 4 KB). */
const MAX_PAYLOAD = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token is in the first URL: never let it leave in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

/** Every place a client may put the token; first match wins. */
export function presentedTokens(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const q = url.searchParams.get('token');
  if (q) out.push(q);
  const c = cookieToken(req);
  if (c) out.push(c);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) out.push(auth.slice(7).trim());
  const protos = req.headers['sec-websocket-protocol'];
  if (typeof protos === 'string') {
    for (const p of protos.split(',')) {
      const t = p.trim();
      if (t.startsWith(TOKEN_PROTOCOL_PREFIX)) out.push(t.slice(TOKEN_PROTOCOL_PREFIX.length));
    }
  }
  return out;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticRoot = resolve(opts.staticDir);
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL) => presentedTokens(req, url).some((t) => sameToken(t, token));

  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (!isLoopback(host)) return true; // bound to a LAN address: names are unknown, the token guards.
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostAllowed(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (!authorized(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('401 token required: open the URL printed by `simhat serve`.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // Keep the session on reloads without the token in the URL: a same-site, script-invisible cookie.
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    let path = decodeURIComponent(url.pathname);
    if (path === '/' || path === '') path = '/index.html';
    const file = resolve(join(staticRoot, path));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      body = await readFile(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!authorized(req, url)) return refuse(401, 'Unauthorized');
    // Browsers always send Origin on WebSocket: it must be this very server (no cross-site driving).
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const sockets = new Set<WebSocket>();
  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    const send = (msg: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const off = opts.api.onEvent((event: ApiEvent) => send({ event }));
    // The first screen needs the modem list: push it at once instead of waiting for the request.
    void opts.api.listModems({}).then((modems) => send({ event: { type: 'modems', modems, change: 'initial' } satisfies ApiEvent }), () => {});
    ws.on('close', () => {
      off();
      sockets.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let msg: { id?: unknown; method?: unknown; params?: unknown };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        return send({ id: null, error: { code: 'invalid-argument', message: 'not JSON' } });
      }
      const id = typeof msg.id === 'number' || typeof msg.id === 'string' ? msg.id : null;
      void (async () => {
        try {
          const { method, params } = validateCall(msg.method, msg.params);
          const fn = opts.api[method] as (p: unknown) => Promise<unknown>;
          const result = await fn.call(opts.api, params);
          send({ id, result: result ?? null });
        } catch (err) {
          send({ id, error: toApiError(err) });
        }
      })();
    });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    host,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
