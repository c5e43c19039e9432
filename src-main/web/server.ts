// The web face (`simhat serve`, issue 7): serves the renderer build and the Api over one WebSocket.
// Security model: bound to 127.0.0.1 unless told; a random token is required on every HTTP and WebSocket
// request (query `?token=`, the HttpOnly cookie set from it, `Authorization: Bearer`, or the WebSocket
// subprotocol `simhat.token.<t>`); Host checked against the bound name (DNS rebinding) when bound to
// loopback; Origin must match Host on the WebSocket (cross-site pages cannot drive the modem);
// every payload is validated against the contract before the service sees it (api/wire-server.ts).
// The checks live in ./access.ts, the HTTP answers in ./http-handler.ts, the WebSocket in ./api-upgrade.ts.
// Hardening (issue 15): no frame a client sends can end the process (protocol errors close that one
// socket with RFC 6455's code and a log line); only regular files inside the static root are served
// (./static-files.ts); the session cookie is named per port.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Api } from '../api/contract.js';
import type { WireLog } from '../api/wire-server.js';
import { Access } from './access.js';
import { ApiSockets } from './api-upgrade.js';
import { handleHttp } from './http-handler.js';
import { staticRootOf } from './static-files.js';

export { TOKEN_COOKIE, presentedTokens, tokenCookieName } from './access.js';
export { WS_PATH, WS_PROTOCOL } from './api-upgrade.js';

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

const defaultLog: WireLog = (_level, message) => {
  process.stderr.write(`simhat serve: ${message}\n`);
};

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticRoot = await staticRootOf(opts.staticDir);
  const log = opts.log ?? defaultLog;
  let port = 0;
  const access = new Access(host, token, () => port);

  const server = createServer((req, res) => {
    void handleHttp(access, staticRoot, req, res).catch((err: unknown) => {
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
  const sockets = new ApiSockets(opts.api, access, log);
  server.on('upgrade', (req, socket, head) => sockets.onUpgrade(req, socket, head));

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
      sockets.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
