// One WebSocket client of `simhat serve`: its frames go to the transport-neutral wire handling
// (api/wire-server.ts, api/wire-connection.ts), answers and events come back as text frames.
// Protocol errors in a client's frames (bad UTF-8, unmasked, RSV bits, reserved opcodes, sizes) are
// reported by ws on the socket's `error` event, after which ws closes that socket with RFC 6455's
// code; the listener here is what keeps such a frame from ending the process (issue 15 item 1).
import type { WebSocket } from 'ws';
import type { Api } from '../api/contract.js';
import { openWireConnection, type WireCloseReason } from '../api/wire-connection.js';
import { createWireServer, type WireLog } from '../api/wire-server.js';

/** RFC 6455 §7.4.1 close codes for the reasons we close a connection ourselves. */
const CLOSE_CODES: Record<WireCloseReason, number> = {
  'slow-consumer': 1008,
  flood: 1008,
  'too-large': 1009,
  'bad-frame': 1007,
  binary: 1003,
};

export function serveApiSocket(ws: WebSocket, opts: { api: Api; log: WireLog; peer: string; onClose: () => void }): void {
  const peer = `web ${opts.peer}`;
  const connection = openWireConnection({
    server: createWireServer({ api: opts.api, log: opts.log, peer }),
    events: opts.api,
    log: opts.log,
    peer,
    transport: {
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
      buffered: () => ws.bufferedAmount,
      pause: () => ws.pause(),
      resume: () => ws.resume(),
      close: (reason, message) => {
        // A client that does not read would not read a close frame either.
        if (reason === 'slow-consumer') ws.terminate();
        else ws.close(CLOSE_CODES[reason], message.slice(0, 120));
      },
    },
  });
  // The first screen needs the modem list: push it at once instead of waiting for the request.
  void opts.api.listModems({}).then((modems) => connection.sendEvent({ type: 'modems', modems, change: 'initial' }), () => {});
  ws.on('error', (err: Error & { code?: string }) => opts.log('warn', `${peer}: connection closed: ${err.code ?? 'error'}: ${err.message}`));
  ws.on('close', () => {
    connection.dispose();
    opts.onClose();
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return connection.close('binary', 'text frames only');
    // Text frames: ws has checked the UTF-8 already (RFC 6455 §8.1; 1007 otherwise).
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    connection.receive(bytes.toString('utf8'));
  });
}
