// The WebSocket side of `simhat serve` (issue 7, hardened in issue 15): an upgrade is accepted only on
// the Api path, for the bound Host, with the token, from this very origin; a refused or failed one ends
// that socket with a log line, never the process. Accepted sockets carry the Api (./api-socket.ts).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../api/contract.js';
import { MAX_FRAME_BYTES, type WireLog } from '../api/wire-server.js';
import { requestUrl, type Access } from './access.js';
import { serveApiSocket } from './api-socket.js';

export const WS_PATH = '/api';
export const WS_PROTOCOL = 'simhat.v1';

export class ApiSockets {
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();

  constructor(
    private readonly api: Api,
    private readonly access: Access,
    private readonly log: WireLog,
  ) {
    this.#wss = new WebSocketServer({
      noServer: true,
      // Frames up to MAX_FRAME_BYTES are read; requests over MAX_REQUEST_BYTES inside them get a clear
      // error (api/wire-server.ts); a bigger frame closes the socket with 1009.
      maxPayload: MAX_FRAME_BYTES,
      // No compression: an RSV1 frame is a protocol error (1002), and no deflate bomb can be sent.
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    });
    this.#wss.on('wsClientError', (err, socket) => {
      log('info', `WebSocket handshake refused: ${err.message}`);
      socket.destroy();
    });
  }

  /** The HTTP server's 'upgrade' handler. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until ws owns the socket, a reset on it is ours to swallow.
    socket.on('error', (err: NodeJS.ErrnoException) => this.log('info', `upgrade socket error: ${err.code ?? err.message}`));
    try {
      this.#upgrade(req, socket as Socket, head);
    } catch (err) {
      this.log('warn', `WebSocket upgrade failed: ${(err as Error)?.message ?? String(err)}`);
      socket.destroy();
    }
  }

  /** Ends every open socket and the WebSocket server. */
  close(): void {
    for (const ws of this.#sockets) ws.terminate();
    this.#wss.close();
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = requestUrl(req);
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!url) return refuse(400, 'Bad Request');
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!this.access.hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!this.access.authorized(req, url)) return refuse(401, 'Unauthorized');
    // Browsers always send Origin on WebSocket: it must be this very server (no cross-site driving).
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return refuse(403, 'Forbidden');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#serve(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`));
  }

  #serve(ws: WebSocket, peer: string): void {
    this.#sockets.add(ws);
    serveApiSocket(ws, { api: this.api, log: this.log, peer, onClose: () => this.#sockets.delete(ws) });
  }
}
