// The web client's live connection (issue 14): a dropped server is noticed at once (banner state
// 'lost'), waiting calls fail with 'disconnected' instead of spinning, the client reconnects by itself
// when the server is back, a silent server (dead SSH tunnel) is given up by the heartbeat, and every
// call has a timeout. A real WebSocket server (the `ws` package, as `simhat serve` uses) on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { WebSocketServer as WssType, WebSocket as ServerSocket } from 'ws';

// This project resolves packages for the browser (ws's browser entry has no server): load Node's.
const { WebSocketServer } = createRequire(import.meta.url)('ws') as { WebSocketServer: typeof WssType };
type WebSocketServer = WssType;
import { createWebClient, type LinkState, type WebClient } from '../../../src-renderer/src/lib/web-client.js';
import { AppState } from '../../../src-renderer/src/lib/app.svelte.js';

const servers: WebSocketServer[] = [];
const clients: WebClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await stop(s);
});

/** Answers every request with `{ version }`; `silent` answers nothing. */
function serve(port = 0, silent = false): Promise<WebSocketServer> {
  return new Promise((resolve) => {
    const wss: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: () => 'simhat.v1' }, (): void => resolve(wss));
    wss.on('connection', (ws: ServerSocket) => {
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(String(data)) as { id: number; method: string };
        // Long operations answer with an id and then, like a server that died mid-way, never end.
        const result = msg.method === 'runDoctor' || msg.method === 'applyFix' ? { opId: `op-${msg.id}`, kind: msg.method === 'runDoctor' ? 'doctor' : 'fix' } : { version: 't', method: msg.method };
        if (!silent) ws.send(JSON.stringify({ id: msg.id, result }));
      });
    });
    servers.push(wss);
  });
}

function stop(wss: WebSocketServer): Promise<void> {
  for (const c of wss.clients) c.terminate();
  return new Promise((r) => wss.close(() => r()));
}

function until(client: WebClient, state: LinkState): Promise<void> {
  return new Promise((resolve) => {
    if (client.link === state) return resolve();
    const off = client.onLink((s) => {
      if (s === state) {
        off();
        resolve();
      }
    });
  });
}

describe('web client link', () => {
  it('reports a lost server at once, fails what waits, and reconnects when the server is back', async () => {
    const first = await serve();
    const port = (first.address() as AddressInfo).port;
    const client = createWebClient({ url: `ws://127.0.0.1:${port}/api`, token: null, retryMs: 50 });
    clients.push(client);
    await client.ready;
    expect(client.link).toBe('open');
    expect(await client.appInfo({})).toMatchObject({ method: 'appInfo' });

    // A call in flight when the server dies fails with 'disconnected', at once.
    for (const c of first.clients) c.removeAllListeners('message');
    const waiting = client.listModems({});
    const failed = expect(waiting).rejects.toMatchObject({ code: 'disconnected' });
    await stop(first);
    servers.splice(servers.indexOf(first), 1);
    await until(client, 'lost');
    await failed;

    await serve(port);
    await until(client, 'open');
    expect(await client.getSettings({})).toMatchObject({ method: 'getSettings' });
  });

  it('gives up a silent server by the heartbeat, and times a call out', async () => {
    const silent = await serve(0, true);
    const port = (silent.address() as AddressInfo).port;
    const client = createWebClient({ url: `ws://127.0.0.1:${port}/api`, token: null, heartbeatMs: 150, callTimeoutMs: 100, retryMs: 5000 });
    clients.push(client);
    await client.ready;
    await expect(client.listModems({})).rejects.toMatchObject({ code: 'timeout', message: 'simhat did not answer listModems within 0 s' });
    await until(client, 'lost');
  });
});

describe('AppState on the web client', () => {
  it('ends a running operation when the link is lost (no spinner forever), and times out one that never ends', async () => {
    const wss = await serve();
    const port = (wss.address() as AddressInfo).port;
    const client = createWebClient({ url: `ws://127.0.0.1:${port}/api`, token: null, retryMs: 5000 });
    clients.push(client);
    await client.ready;
    const app = new AppState(client);
    const slow = await app.run('fix', () => client.applyFix({ fixId: 'radio-on' }), 50);
    expect(slow).toMatchObject({ ok: false, error: { code: 'timeout', message: 'No end of the fix after 0 s' } });
    expect(app.latestOp('fix')!.end).toMatchObject({ ok: false });

    const running = app.run('doctor', () => client.runDoctor({}));
    await new Promise((r) => setTimeout(r, 50));
    await stop(wss);
    servers.splice(servers.indexOf(wss), 1);
    expect(await running).toMatchObject({ ok: false, error: { code: 'disconnected', message: 'Lost the connection to simhat during the diagnosis' } });
    expect(app.link).toBe('lost');
    app.dispose();
  });
});
