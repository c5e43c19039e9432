// The daemon socket's framing (issue 15 item 1, for issue 11): newline-delimited JSON over a real Unix
// stream socket, served by src-main/api/stream-server.ts to the real service on the in-process twin.
// Garbage, bad UTF-8, half-sent lines and clients that stop reading end only their own connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStreamClient, type StreamClientOptions } from '../../../src-main/api/stream-server.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

let service: Service;
let dir: string;
const logged: string[] = [];
const servers: Server[] = [];

beforeAll(() => {
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  dir = mkdtempSync(join(tmpdir(), 'simhat-sock-'));
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function listen(opts: Partial<StreamClientOptions> = {}): Promise<string> {
  const path = join(dir, `s${n++}.sock`);
  const server = createServer((socket) => serveStreamClient(socket, { api: service, log: (_l, m) => logged.push(m), peer: 'unix', ...opts }));
  servers.push(server);
  await new Promise<void>((r) => server.listen(path, r));
  return path;
}

interface Client {
  socket: Socket;
  lines: unknown[];
  closed: Promise<void>;
  send(line: string | Buffer): void;
  answer(id: unknown, timeoutMs?: number): Promise<{ id: unknown; result?: unknown; error?: { code: string; message: string } }>;
}

async function client(path: string): Promise<Client> {
  const socket = connect(path);
  await new Promise((r) => socket.once('connect', r));
  const lines: unknown[] = [];
  let buf = '';
  socket.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return {
    socket,
    lines,
    closed,
    send: (line) => socket.write(line),
    async answer(id, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => (l as { id?: unknown; event?: unknown }).event === undefined && (l as { id?: unknown }).id === id);
        if (found) return found as Awaited<ReturnType<Client['answer']>>;
        if (Date.now() > deadline) throw new Error(`no answer ${String(id)}: ${JSON.stringify(lines).slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

const within = <T>(p: Promise<T>, ms = 5000) => Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('newline-delimited JSON on a Unix socket', () => {
  it('answers by id and pushes events, to two clients at once', async () => {
    const path = await listen();
    const [a, b] = await Promise.all([client(path), client(path)]);
    a.send('{"id":1,"method":"listModems"}\n{"id":2,"method":"runDoctor","params":{"modemId":"usb:1-1.3"}}\n');
    b.send('{"id":1,"method":"appInfo"}\n');
    expect((await a.answer(1)).result).toEqual([expect.objectContaining({ id: 'usb:1-1.3' })]);
    const { opId } = (await a.answer(2)).result as { opId: string };
    expect((await b.answer(1)).result).toMatchObject({ demo: 'seed' });
    // b did not start the doctor and still sees it end: every client gets the events.
    await within(
      (async () => {
        const ended = () => b.lines.some((l) => {
          const e = (l as { event?: { type: string; opId?: string } }).event;
          return e?.type === 'operation-end' && e.opId === opId;
        });
        while (!ended()) await new Promise((r) => setTimeout(r, 20));
      })(),
      10_000,
    );
    a.socket.end();
    b.socket.end();
  });

  it('a request over 64 KB gets request-too-large with its id; the connection stays', async () => {
    const c = await client(await listen());
    c.send(JSON.stringify({ id: 5, method: 'validateApn', params: { settings: { apn: 'a'.repeat(100_000), ipType: 'IP', username: '', password: '', auth: 'none' } } }) + '\n');
    expect((await c.answer(5)).error?.code).toBe('request-too-large');
    c.send('{"id":6,"method":"appInfo"}\n');
    expect((await c.answer(6)).result).toMatchObject({ demo: 'seed' });
    c.socket.end();
  });

  it('garbage without a newline: closed past the line limit with a last line saying why', async () => {
    const c = await client(await listen({ maxLineBytes: 256 * 1024 }));
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 8 && !c.socket.destroyed; i++) c.send(chunk);
    await within(c.closed);
    expect(c.lines.at(-1)).toEqual({ id: null, error: { code: 'line-too-long', message: 'a line is longer than 262144 bytes' } });
    expect(logged).toContain('unix: connection closed: a line is longer than 262144 bytes');
  });

  it('a line that is not UTF-8: closed with bad-frame', async () => {
    const c = await client(await listen());
    c.send(Buffer.concat([Buffer.from('{"id":1,"method":"appInfo","params":{"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}\n')]));
    await within(c.closed);
    expect(c.lines.at(-1)).toMatchObject({ id: null, error: { code: 'bad-frame' } });
  });

  it('the 4-byte line null and other non-requests are answered, not fatal', async () => {
    const c = await client(await listen());
    c.send('null\n[]\n"x"\n{}\n');
    c.send('{"id":9,"method":"appInfo"}\n');
    expect((await c.answer(9)).result).toMatchObject({ demo: 'seed' });
    expect(c.lines.filter((l) => (l as { id?: unknown }).id === null)).toHaveLength(4);
    c.socket.end();
  });

  it('a half-sent line is dropped when the client goes away: the command never runs', async () => {
    const c = await client(await listen());
    c.send('{"id":1,"method":"atSend","params":{"modemId":"usb:1-1.3","command":"AT+CGMR"}}');
    c.socket.end();
    await within(c.closed);
    await new Promise((r) => setTimeout(r, 100));
    expect((await service.getLogs({})).some((l) => l.message.includes('AT+CGMR'))).toBe(false);
    expect(logged.some((l) => /^unix: dropped a half-sent line of \d+ bytes$/.test(l))).toBe(true);
  });

  it('a client that stops reading is cut off once its unsent answers pass the limit', async () => {
    const c = await client(await listen({ maxBuffered: 64 * 1024 }));
    c.socket.pause(); // reads nothing from now on
    // Each answer is ~1 KB: 4 MB of answers fill the kernel's socket buffers, then ours.
    const lines = Array.from({ length: 4000 }, (_, i) => `{"id":${i},"method":"searchCarriers","params":{"query":"e","limit":500}}\n`);
    c.send(lines.join(''));
    await within(c.closed, 15_000);
    expect(logged.some((l) => /^unix: connection closed: the client does not read its messages \(\d+ bytes waiting\)$/.test(l))).toBe(true);
    // Others are served as before.
    const d = await client(await listen());
    d.send('{"id":1,"method":"appInfo"}\n');
    expect((await d.answer(1)).result).toMatchObject({ demo: 'seed' });
    d.socket.end();
  });
});
