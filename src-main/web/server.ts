// The web face (`simhat serve`, issue 7): serves the renderer build and the Api over one WebSocket.
// Security model: bound to 127.0.0.1 unless told; a random token is required on every HTTP and WebSocket
// request (query `?token=`, the HttpOnly cookie set from it, `Authorization: Bearer`, or the WebSocket
// subprotocol `simhat.token.<t>`); Host checked against the bound name (DNS rebinding) when bound to
// loopback; Origin must match Host on the WebSocket (cross-site pages cannot drive the modem);
// every payload is validated against the contract before the service sees it (api/wire-server.ts).
// Hardening (issue 15): no frame a client sends can end the process (protocol errors close that one
// socket with RFC 6455's code and a log line); only regular files inside the static root are served
// (./static-files.ts); the session cookie is named per port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../api/contract.js';
import { MAX_FRAME_BYTES, type WireLog } from '../api/wire-server.js';
import { serveApiSocket } from './api-socket.js';
import { readStaticFile, staticRootOf } from './static-files.js';

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
  /** Where refused frames and requests are reported, one line each (default: stderr). */
  log?: WireLog;
}

export interface WebServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

/** Prefix of the session cookie; the full name carries the port (tokenCookieName). */
export const TOKEN_COOKIE = 'simhat_token';
export const WS_PATH = '/api';
export const WS_PROTOCOL = 'simhat.v1';
const TOKEN_PROTOCOL_PREFIX = 'simhat.token.';

/**
 * Cookies are not scoped to a port: every server on 127.0.0.1 receives them. A name per port keeps two
 * `simhat serve` (or a restart on another port) from overwriting or presenting each other's token.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

const defaultLog: WireLog = (_level, message) => {
  process.stderr.write(`simhat serve: ${message}\n`);
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

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Every place a client may put the token; first match wins. `port`: whose session cookie counts. */
export function presentedTokens(req: IncomingMessage, url: URL, port = 0): string[] {
  const out: string[] = [];
  const q = url.searchParams.get('token');
  if (q) out.push(q);
  const c = cookieToken(req, tokenCookieName(port));
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

/** The request target as a URL, or null when it cannot be one (an absolute-form target like `http://[`). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticRoot = await staticRootOf(opts.staticDir);
  const log = opts.log ?? defaultLog;
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL) => presentedTokens(req, url, port).some((t) => sameToken(t, token));

  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (!isLoopback(host)) return true; // bound to a LAN address: names are unknown, the token guards.
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      log('warn', `HTTP ${req.method ?? '?'} failed: ${(err as Error)?.message ?? String(err)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // A client resetting mid-request must not surface as an unhandled error.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    const url = requestUrl(req);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request\n');
      return;
    }
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
    res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    const file = await readStaticFile(staticRoot, url.pathname);
    if (file.status !== 200) {
      res.writeHead(file.status, { 'Content-Type': 'text/plain' }).end(file.status === 400 ? 'bad request\n' : 'not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({
    noServer: true,
    // Frames up to MAX_FRAME_BYTES are read; requests over MAX_REQUEST_BYTES inside them get a clear
    // error (api/wire-server.ts); a bigger frame closes the socket with 1009.
    maxPayload: MAX_FRAME_BYTES,
    // No compression: an RSV1 frame is a protocol error (1002), and no deflate bomb can be sent.
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  wss.on('wsClientError', (err, socket) => {
    log('info', `WebSocket handshake refused: ${err.message}`);
    socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    // Until ws owns the socket, a reset on it is ours to swallow.
    socket.on('error', (err: NodeJS.ErrnoException) => log('info', `upgrade socket error: ${err.code ?? err.message}`));
    try {
      upgrade(req, socket as Socket, head);
    } catch (err) {
      log('warn', `WebSocket upgrade failed: ${(err as Error)?.message ?? String(err)}`);
      socket.destroy();
    }
  });

  function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = requestUrl(req);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!authorized(req, url)) return refuse(401, 'Unauthorized');
    // Browsers always send Origin on WebSocket: it must be this very server (no cross-site driving).
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`));
  }

  const sockets = new Set<WebSocket>();
  function serveSocket(ws: WebSocket, peer: string): void {
    sockets.add(ws);
    serveApiSocket(ws, { api: opts.api, log, peer, onClose: () => sockets.delete(ws) });
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
