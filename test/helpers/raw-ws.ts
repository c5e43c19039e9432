// A WebSocket client that writes frames by hand (RFC 6455 §5.2) over a plain net.Socket after the HTTP
// upgrade, so tests can send what no WebSocket library would: unmasked frames, RSV bits, reserved
// opcodes, lying lengths, invalid UTF-8. It reads the server's frames back (text, close code, reason).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  /** Clients must mask (§5.3); false sends the payload in clear. Default true. */
  mask?: boolean;
  /** Length to announce instead of the payload's (a lie, or a huge 64-bit value). */
  announcedLength?: bigint;
}

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export function buildFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : Buffer.from(spec.payload ?? []);
  const mask = spec.mask ?? true;
  const len = spec.announcedLength ?? BigInt(payload.length);
  const b0 = ((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | (spec.opcode & 0x0f);
  let header: Buffer;
  if (len < 126n) header = Buffer.from([b0, (mask ? 0x80 : 0) | Number(len)]);
  else if (len < 65536n) {
    header = Buffer.alloc(4);
    header[0] = b0;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(len), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(len, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, masked]);
}

/** A close frame's payload: 2-byte code then the reason. */
export function closePayload(code: number, reason: Uint8Array | string = ''): Buffer {
  const r = typeof reason === 'string' ? Buffer.from(reason) : Buffer.from(reason);
  const b = Buffer.alloc(2 + r.length);
  b.writeUInt16BE(code, 0);
  r.copy(b, 2);
  return b;
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawWs {
  socket: Socket;
  send(spec: FrameSpec): void;
  sendText(text: string): void;
  writeRaw(bytes: Uint8Array): void;
  /** Next text message from the server (events included), or rejects when the socket closes first. */
  nextText(timeoutMs?: number): Promise<string>;
  /** Next text message that is not a pushed event (an answer, whatever its id), as text. */
  nextAnswer(timeoutMs?: number): Promise<string>;
  /** Next text message that parses to an object with this id. */
  reply(id: number | string | null, timeoutMs?: number): Promise<{ id: unknown; result?: unknown; error?: { code: string; message: string; hint?: string } }>;
  /** Resolves when the server closed (its close frame, or the socket): the code it sent, if any. */
  closed: Promise<{ code: number | undefined; reason: string }>;
  end(): void;
}

export interface RawWsOptions {
  port: number;
  token: string;
  host?: string;
  path?: string;
}

export function openRawWs(opts: RawWsOptions): Promise<RawWs> {
  const socket = connect({ host: opts.host ?? '127.0.0.1', port: opts.port });
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const frames: ServerFrame[] = [];
    const waiters: (() => void)[] = [];
    let closeInfo: { code: number | undefined; reason: string } | undefined;
    let resolveClosed!: (v: { code: number | undefined; reason: string }) => void;
    const closed = new Promise<{ code: number | undefined; reason: string }>((r) => (resolveClosed = r));
    const wake = () => {
      for (const w of waiters.splice(0)) w();
    };

    const parseFrames = () => {
      for (;;) {
        if (buf.length < 2) return;
        const opcode = (buf[0] as number) & 0x0f;
        let len = (buf[1] as number) & 0x7f;
        let at = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          at = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          at = 10;
        }
        if (buf.length < at + len) return;
        const payload = buf.subarray(at, at + len);
        buf = buf.subarray(at + len);
        if (opcode === OP.close && !closeInfo) {
          closeInfo = { code: payload.length >= 2 ? payload.readUInt16BE(0) : undefined, reason: payload.subarray(2).toString() };
          // Answer the closing handshake as a client must (§5.5.1), then the close is complete.
          if (socket.writable) socket.write(buildFrame({ opcode: OP.close, payload: payload.subarray(0, 2) }));
          resolveClosed(closeInfo);
        }
        frames.push({ opcode, payload: Buffer.from(payload) });
        wake();
      }
    };

    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        buf = buf.subarray(end + 4);
        if (!/^HTTP\/1\.1 101/.test(head)) {
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        resolve(api);
      }
      parseFrames();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      resolveClosed(closeInfo ?? { code: undefined, reason: '' });
      wake();
      if (!upgraded) reject(new Error('closed before the upgrade'));
    });

    let sockClosed = false;
    void closed.then(() => (sockClosed = true));

    const nextFrame = async (timeoutMs: number): Promise<ServerFrame> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = frames.shift();
        if (f) return f;
        if (sockClosed) throw new Error('socket closed');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no frame in time');
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    };

    const api: RawWs = {
      socket,
      send: (spec) => socket.write(buildFrame(spec)),
      sendText: (text) => socket.write(buildFrame({ opcode: OP.text, payload: text })),
      writeRaw: (bytes) => socket.write(bytes),
      async nextText(timeoutMs = 5000) {
        for (;;) {
          const f = await nextFrame(timeoutMs);
          if (f.opcode === OP.text) return f.payload.toString('utf8');
          if (f.opcode === OP.close) throw new Error(`closed by the server: ${closeInfo?.code}`);
        }
      },
      async nextAnswer(timeoutMs = 5000) {
        for (;;) {
          const t = await api.nextText(timeoutMs);
          const msg = JSON.parse(t) as { event?: unknown } | null;
          if (msg === null || typeof msg !== 'object' || msg.event === undefined) return t;
        }
      },
      async reply(id, timeoutMs = 5000) {
        for (;;) {
          const msg = JSON.parse(await api.nextText(timeoutMs)) as { id?: unknown; event?: unknown };
          if (msg.event === undefined && msg.id === id) return msg as Awaited<ReturnType<RawWs['reply']>>;
        }
      },
      closed,
      end: () => socket.destroy(),
    };

    const host = `${opts.host ?? '127.0.0.1'}:${opts.port}`;
    socket.write(
      [
        `GET ${opts.path ?? '/api'} HTTP/1.1`,
        `Host: ${host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Protocol: simhat.v1, simhat.token.${opts.token}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}
