// Serves the Api to one client of a stream socket (the daemon's Unix socket, issue 11) in
// newline-delimited JSON: each line a request `{ id, method, params }`, each answer or event one line.
// Everything a client can do wrong ends at most its own connection: a line over the frame limit, bytes
// that are not UTF-8, a client that stops reading; errors on the socket are logged, never thrown.
import type { Duplex } from 'node:stream';
import type { Api } from './contract.js';
import { decodeUtf8Line, LineSplitter } from './line-framing.js';
import { openWireConnection, type WireCloseReason, type WireConnection } from './wire-connection.js';
import { createWireServer, MAX_FRAME_BYTES, MAX_REQUEST_BYTES, type WireLog } from './wire-server.js';

export interface StreamClientOptions {
  api: Api;
  /** Longest line read at all (default MAX_FRAME_BYTES); longer closes the connection. */
  maxLineBytes?: number;
  /** Longest request run (default MAX_REQUEST_BYTES); longer gets a `request-too-large` answer. */
  maxRequestBytes?: number;
  /** Unsent bytes before a client that does not read is dropped (default 4 MiB). */
  maxBuffered?: number;
  maxInFlight?: number;
  /** Push every Api event to the client (default true). */
  events?: boolean;
  log?: WireLog;
  /** Named in log lines. */
  peer?: string;
}

/** Only what a stream socket needs to offer (net.Socket does). */
export type StreamSocket = Duplex & { readonly writableLength: number };

const CLOSE_MESSAGES: Record<WireCloseReason, string> = {
  'slow-consumer': 'slow-consumer',
  flood: 'flood',
  'too-large': 'line-too-long',
  'bad-frame': 'bad-frame',
  binary: 'bad-frame',
};

export function serveStreamClient(socket: StreamSocket, opts: StreamClientOptions): WireConnection {
  const log: WireLog = opts.log ?? (() => {});
  const who = opts.peer ? `${opts.peer}: ` : '';
  const maxLineBytes = opts.maxLineBytes ?? MAX_FRAME_BYTES;
  const splitter = new LineSplitter(maxLineBytes);
  const server = createWireServer({ api: opts.api, maxRequestBytes: opts.maxRequestBytes ?? MAX_REQUEST_BYTES, log, ...(opts.peer ? { peer: opts.peer } : {}) });
  let ended = false;

  const write = (text: string) => {
    if (!ended && socket.writable) socket.write(text + '\n');
  };

  const connection = openWireConnection({
    server,
    events: opts.events === false ? undefined : opts.api,
    log,
    ...(opts.peer ? { peer: opts.peer } : {}),
    ...(opts.maxBuffered !== undefined ? { maxBuffered: opts.maxBuffered } : {}),
    ...(opts.maxInFlight !== undefined ? { maxInFlight: opts.maxInFlight } : {}),
    transport: {
      send: write,
      buffered: () => socket.writableLength,
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      close: (reason, message) => {
        // A last line says why (a client that still reads learns it), then the socket ends; a client
        // that reads nothing is cut off instead of being waited for.
        if (reason !== 'slow-consumer') write(JSON.stringify({ id: null, error: { code: CLOSE_MESSAGES[reason], message } }));
        ended = true;
        socket.end();
        const timer = setTimeout(() => socket.destroy(), 1000);
        timer.unref();
        if (reason === 'slow-consumer') socket.destroy();
      },
    },
  });

  socket.on('data', (chunk: Buffer) => {
    if (ended) return;
    const { lines, overflow } = splitter.push(chunk);
    for (const line of lines) {
      const text = decodeUtf8Line(line);
      if (text === null) return connection.close('bad-frame', 'a line is not valid UTF-8');
      connection.receive(text);
    }
    if (overflow) connection.close('too-large', `a line is longer than ${maxLineBytes} bytes`);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    // ECONNRESET and friends: the client went away; nothing to answer.
    log('info', `${who}socket error: ${err.code ?? err.message}`);
  });
  socket.on('close', () => {
    ended = true;
    const dropped = splitter.end();
    if (dropped > 0) log('info', `${who}dropped a half-sent line of ${dropped} bytes`);
    connection.dispose();
  });
  return connection;
}
