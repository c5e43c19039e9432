// Issue 15 item 1: one WebSocket frame used to kill `simhat serve` (exit 1): no `error` listener on the
// server-side socket, and the 4-byte text `null` threw on `msg.id`. Here every malformed frame is written
// by hand on the wire (test/helpers/raw-ws.ts) to the real `simhat serve --demo` process: each one closes
// only its own connection with RFC 6455's close code (or gets an error answer), is logged, and the
// process keeps answering other clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayload, OP, openRawWs, type FrameSpec, type RawWs } from '../../helpers/raw-ws.js';

let child: ChildProcess;
let port = 0;
let token = '';
let stderr = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['bin/simhat.js', 'serve', '--demo', 'seed', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed nothing in 15 s: ${stderr}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const url = new URL(first);
  port = Number(url.port);
  token = url.searchParams.get('token') ?? '';
});

afterAll(async () => {
  if (child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
});

const open = () => openRawWs({ port, token });

/** The server is alive and answers a fresh client. */
async function stillAnswers(): Promise<void> {
  expect(child.exitCode, `serve exited; stderr:\n${stderr}`).toBeNull();
  const ws = await open();
  try {
    ws.sendText(JSON.stringify({ id: 1, method: 'appInfo', params: {} }));
    expect((await ws.reply(1)).result).toMatchObject({ demo: 'seed' });
  } finally {
    ws.end();
  }
}

async function expectClosedWith(ws: RawWs, code: number): Promise<void> {
  const closed = await Promise.race([ws.closed, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('not closed within 5 s')), 5000))]);
  expect(closed.code).toBe(code);
}

const text = (payload: string | Uint8Array, extra: Partial<FrameSpec> = {}): FrameSpec => ({ opcode: OP.text, payload, ...extra });

describe('malformed frames close only their own connection, with the RFC 6455 code', () => {
  it.each<[string, FrameSpec[], number]>([
    ['a frame over the 1 MiB frame limit (length announced in the header)', [text('x', { announcedLength: 2n * 1024n * 1024n })], 1009],
    ['a 64-bit length with the top bit set', [text('x', { announcedLength: 0x8000000000000000n })], 1009],
    ['invalid UTF-8 in a text frame', [text(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]))], 1007],
    ['an overlong UTF-8 encoding', [text(Uint8Array.from([0xc0, 0xaf]))], 1007],
    ['an unmasked client frame', [text('{"id":1,"method":"appInfo"}', { mask: false })], 1002],
    ['RSV1 set without a negotiated extension', [text('{}', { rsv1: true })], 1002],
    ['RSV2 set', [text('{}', { rsv2: true })], 1002],
    ['RSV3 set', [text('{}', { rsv3: true })], 1002],
    ['reserved data opcode 0x3', [{ opcode: 0x3, payload: 'x' }], 1002],
    ['reserved control opcode 0xB', [{ opcode: 0xb, payload: 'x' }], 1002],
    ['a ping over 125 bytes', [{ opcode: OP.ping, payload: 'p'.repeat(126) }], 1002],
    ['a fragmented ping', [{ opcode: OP.ping, payload: 'p', fin: false }], 1002],
    ['a continuation frame without a start', [{ opcode: OP.continuation, payload: 'x' }], 1002],
    ['a new text frame inside a fragmented message', [text('{"id":', { fin: false }), text('1}')], 1002],
    ['a close frame with a reserved code', [{ opcode: OP.close, payload: closePayload(999) }], 1002],
    ['a close frame whose reason is not UTF-8', [{ opcode: OP.close, payload: closePayload(1000, Uint8Array.from([0xff, 0xfe])) }], 1007],
    ['a binary frame', [{ opcode: OP.binary, payload: Uint8Array.from([1, 2, 3]) }], 1003],
  ])('%s', async (_name, frames, code) => {
    const ws = await open();
    for (const f of frames) ws.send(f);
    await expectClosedWith(ws, code);
    await stillAnswers();
  });

  it('a frame cut off by the client closing mid-payload', async () => {
    const ws = await open();
    ws.writeRaw(Buffer.from([0x81, 0xfe, 0x10, 0x00, 1, 2, 3, 4, 5, 6]));
    ws.end();
    await ws.closed;
    await stillAnswers();
  });

  it('logs each refused frame on stderr', async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(stderr).toMatch(/connection closed: WS_ERR_INVALID_UTF8/);
    expect(stderr).toMatch(/connection closed: WS_ERR_EXPECTED_MASK/);
    expect(stderr).toMatch(/connection closed: WS_ERR_UNEXPECTED_RSV_1/);
    expect(stderr).toMatch(/connection closed: WS_ERR_UNSUPPORTED_MESSAGE_LENGTH/);
  });
});

describe('malformed requests get an error answer and the connection stays open', () => {
  it.each<[string, string, string]>([
    ['the 4-byte text null', 'null', 'invalid-argument'],
    ['a list', '[]', 'invalid-argument'],
    ['a number', '42', 'invalid-argument'],
    ['a string', '"appInfo"', 'invalid-argument'],
    ['not JSON', '{"id":1,', 'invalid-argument'],
    ['an object without id', '{"method":"appInfo"}', 'invalid-argument'],
    ['an object as id', '{"id":{},"method":"appInfo"}', 'invalid-argument'],
    ['an unknown request field', '{"id":1,"method":"appInfo","then":"x"}', 'invalid-argument'],
    ['a prototype name as method', '{"id":1,"method":"toString"}', 'invalid-argument'],
    ['__proto__ as method', '{"id":1,"method":"__proto__"}', 'invalid-argument'],
    ['an own __proto__ in params', '{"id":1,"method":"getStatus","params":{"__proto__":{"modemId":"usb:1-1.3"}}}', 'invalid-argument'],
    ['constructor in params', '{"id":1,"method":"listModems","params":{"constructor":{}}}', 'invalid-argument'],
    ['params nested 10000 deep', `{"id":1,"method":"getLogs","params":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'invalid-argument'],
  ])('%s', async (_name, message, code) => {
    const ws = await open();
    try {
      ws.sendText(message);
      const answer = JSON.parse(await ws.nextAnswer()) as { error?: { code: string } };
      expect(answer.error?.code).toBe(code);
      ws.sendText(JSON.stringify({ id: 2, method: 'appInfo' }));
      expect((await ws.reply(2)).result).toMatchObject({ demo: 'seed' });
    } finally {
      ws.end();
    }
  });

  it('a request over 64 KB (a paste into a field) gets a clear error with its id, and the socket stays usable', async () => {
    const ws = await open();
    try {
      const settings = { apn: 'x'.repeat(70_000), ipType: 'IP', username: '', password: '', auth: 'none' };
      ws.sendText(JSON.stringify({ id: 7, method: 'validateApn', params: { settings } }));
      const r = await ws.reply(7);
      expect(r.error).toMatchObject({ code: 'request-too-large', message: expect.stringMatching(/^The request is 68 KB; simhat accepts at most 64 KB/), hint: expect.stringContaining('shorten') });
      // Fragmented the way a browser may send it: the same answer.
      const body = JSON.stringify({ id: 8, method: 'validateApn', params: { settings } });
      ws.send({ opcode: OP.text, payload: body.slice(0, 30_000), fin: false });
      ws.send({ opcode: OP.continuation, payload: body.slice(30_000) });
      expect((await ws.reply(8)).error?.code).toBe('request-too-large');
      ws.sendText(JSON.stringify({ id: 9, method: 'listModems', params: {} }));
      expect((await ws.reply(9)).result).toEqual([expect.objectContaining({ id: 'usb:1-1.3' })]);
    } finally {
      ws.end();
    }
    expect(stderr).toMatch(/refused a request of 68 KB \(limit 64 KB\)/);
  });

  it('a thousand requests at once are all answered (in-flight cap, no loss)', async () => {
    const ws = await open();
    try {
      for (let i = 0; i < 1000; i++) ws.sendText(JSON.stringify({ id: 100 + i, method: 'appInfo' }));
      const seen = new Set<number>();
      while (seen.size < 1000) {
        const msg = JSON.parse(await ws.nextText(10_000)) as { id?: number; result?: unknown };
        if (typeof msg.id === 'number') {
          expect(msg.result).toMatchObject({ demo: 'seed' });
          seen.add(msg.id);
        }
      }
    } finally {
      ws.end();
    }
    await stillAnswers();
  });
});

describe('after every attack', () => {
  it('the process is still running and serving', async () => {
    await stillAnswers();
    expect(child.exitCode).toBeNull();
  });
});
