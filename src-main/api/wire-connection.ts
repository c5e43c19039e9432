// One client connection of a message transport (WebSocket, the daemon's Unix socket): requests in,
// answers and pushed events out, with the limits that keep one client from costing the process
// unbounded memory (issue 15 item 1, issue 11's several clients):
// - at most `maxInFlight` requests run at once; further ones wait and the transport stops reading;
// - a client that does not read what it is sent (events pile up) is disconnected past `maxBuffered`.
import type { Api, ApiEvent } from './contract.js';
import type { WireLog, WireReply, WireServer } from './wire-server.js';

/** Why a connection is closed by us; each transport maps it to its own close code. */
export type WireCloseReason = 'slow-consumer' | 'flood' | 'too-large' | 'bad-frame' | 'binary';

export interface WireTransport {
  send(text: string): void;
  /** Bytes written but not yet taken by the peer. */
  buffered(): number;
  pause(): void;
  resume(): void;
  close(reason: WireCloseReason, message: string): void;
}

export interface WireConnectionOptions {
  server: WireServer;
  transport: WireTransport;
  /** Pushes every Api event to this client when given. */
  events?: Pick<Api, 'onEvent'>;
  /** Requests running at once (default 32). */
  maxInFlight?: number;
  /** Requests waiting beyond those before the client counts as flooding (default 1024). */
  maxQueued?: number;
  /** Unsent bytes before the client counts as not reading (default 4 MiB). */
  maxBuffered?: number;
  log?: WireLog;
  peer?: string;
}

export interface WireConnection {
  /** One decoded text message from the client. */
  receive(text: string): void;
  /** Sends an event to this client only (e.g. the first modem list). */
  sendEvent(event: ApiEvent): void;
  /** Closes with a reason (logged) and stops everything. */
  close(reason: WireCloseReason, message: string): void;
  /** The transport closed: stop sending, drop waiting requests. */
  dispose(): void;
}

export function openWireConnection(opts: WireConnectionOptions): WireConnection {
  const maxInFlight = opts.maxInFlight ?? 32;
  const maxQueued = opts.maxQueued ?? 1024;
  const maxBuffered = opts.maxBuffered ?? 4 * 1024 * 1024;
  const log: WireLog = opts.log ?? (() => {});
  const who = opts.peer ? `${opts.peer}: ` : '';
  const queue: string[] = [];
  let inFlight = 0;
  let paused = false;
  let done = false;

  const close = (reason: WireCloseReason, message: string) => {
    if (done) return;
    log('warn', `${who}connection closed: ${message}`);
    dispose();
    opts.transport.close(reason, message);
  };

  const send = (msg: WireReply | { event: ApiEvent }) => {
    if (done) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (err) {
      // A result that is not JSON is our bug; the client still gets an answer.
      log('warn', `${who}could not encode an answer: ${(err as Error).message}`);
      if (!('id' in msg)) return;
      text = JSON.stringify({ id: msg.id, error: { code: 'internal', message: 'simhat could not encode the answer' } });
    }
    opts.transport.send(text);
    if (opts.transport.buffered() > maxBuffered) close('slow-consumer', `the client does not read its messages (${opts.transport.buffered()} bytes waiting)`);
  };

  const pump = () => {
    while (!done && inFlight < maxInFlight && queue.length > 0) {
      const text = queue.shift() as string;
      inFlight++;
      void opts.server
        .handleText(text)
        .catch((): WireReply => ({ id: null, error: { code: 'internal', message: 'simhat could not handle this request' } }))
        .then((reply) => {
          inFlight--;
          send(reply);
          pump();
        });
    }
    if (done) return;
    const full = inFlight >= maxInFlight;
    if (full && !paused) {
      paused = true;
      opts.transport.pause();
    } else if (!full && paused && queue.length === 0) {
      paused = false;
      opts.transport.resume();
    }
  };

  const off = opts.events?.onEvent((event) => send({ event }));

  function dispose() {
    if (done) return;
    done = true;
    queue.length = 0;
    off?.();
  }

  return {
    receive(text) {
      if (done) return;
      if (queue.length >= maxQueued) return close('flood', `more than ${maxQueued} requests waiting`);
      queue.push(text);
      pump();
    },
    sendEvent: (event) => send({ event }),
    close,
    dispose,
  };
}
