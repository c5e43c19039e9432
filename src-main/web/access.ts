// Who may use `simhat serve` (issue 7): the token a request presents (query `?token=`, the per-port
// HttpOnly cookie, `Authorization: Bearer`, or the WebSocket subprotocol `simhat.token.<t>`), compared in
// constant time, and the Host header checked against the bound name when bound to loopback (DNS rebinding).
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** Prefix of the session cookie; the full name carries the port (tokenCookieName). */
export const TOKEN_COOKIE = 'simhat_token';
const TOKEN_PROTOCOL_PREFIX = 'simhat.token.';

/**
 * Cookies are not scoped to a port: every server on 127.0.0.1 receives them. A name per port keeps two
 * `simhat serve` (or a restart on another port) from overwriting or presenting each other's token.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
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
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

/** The checks every HTTP request and WebSocket upgrade passes; the port is known once the server listens. */
export class Access {
  constructor(
    readonly host: string,
    readonly token: string,
    private readonly portOf: () => number,
  ) {}

  get port(): number {
    return this.portOf();
  }

  authorized(req: IncomingMessage, url: URL): boolean {
    return presentedTokens(req, url, this.port).some((t) => sameToken(t, this.token));
  }

  /** DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example. */
  hostAllowed(req: IncomingMessage): boolean {
    if (!isLoopback(this.host)) return true; // bound to a LAN address: names are unknown, the token guards.
    const h = req.headers.host ?? '';
    const port = this.port;
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());
  }
}
