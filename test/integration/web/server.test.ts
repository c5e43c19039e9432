// The web face's security and protocol (issue 7), against the real service on the in-process twin:
// token on every HTTP and WebSocket request, Host and Origin checks, payload validation, event push.
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../src-main/web/server.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import type { ApiEvent } from '../../../src-main/api/contract.js';

let server: WebServer;
let service: Service;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'simhat-web-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>simhat</title>');
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  server = await startWebServer({ staticDir, api: service });
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the Api socket; resolves with it or rejects with the HTTP status the upgrade got. */
function connect(opts: { token?: string | null; origin?: string; host?: string } = {}): Promise<WebSocket> {
  const protocols = ['simhat.v1', ...(opts.token !== null ? [`simhat.token.${opts.token ?? server.token}`] : [])];
  const headers: Record<string, string> = {};
  if (opts.host) headers['Host'] = opts.host;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, protocols, { headers, ...(opts.origin ? { origin: opts.origin } : {}) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

let nextId = 1;
function call(ws: WebSocket, method: string, params?: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { code: string; message: string } };
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('HTTP', () => {
  it('answers 401 without a token and with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('serves the page with the token and sets an HttpOnly same-site cookie that works alone', async () => {
    const r = await get(`/?token=${server.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>simhat</title>');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const pair = cookie.split(';')[0]!;
    expect((await get('/index.html', { Cookie: pair })).status).toBe(200);
    expect((await get('/index.html', { Authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('sends a strict CSP and never leaks the token in a Referer', async () => {
    const r = await get(`/?token=${server.token}`);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await get(`/?token=${server.token}`, { Host: 'evil.example' })).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await get(`/..%2f..%2fetc%2fpasswd?token=${server.token}`);
    expect(r.status).toBe(404);
    expect((await get(`/nope.js?token=${server.token}`)).status).toBe(404);
  });

  it('binds to 127.0.0.1 by default and prints the token URL', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });
});

describe('WebSocket', () => {
  it('refuses a connection without the token (401) and from another origin (403)', async () => {
    await expect(connect({ token: null })).rejects.toThrow('HTTP 401');
    await expect(connect({ token: 'wrong' })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ host: 'evil.example:80' })).rejects.toThrow('HTTP 421');
  });

  it('accepts its own origin and answers requests by id', async () => {
    const ws = await connect({ origin: `http://127.0.0.1:${server.port}` });
    try {
      const r = await call(ws, 'listModems', {});
      const modems = r.result as { id: string; pid: string; simulated: boolean }[];
      expect(modems).toHaveLength(1);
      expect(modems[0]).toMatchObject({ id: 'usb:1-1.3', pid: '9011', simulated: true });
      const at = await call(ws, 'atSend', { modemId: modems[0]!.id, command: 'AT+CGMM' });
      expect(at.result).toMatchObject({ lines: ['SIMCOM_SIM7600G-H'], final: 'OK', ok: true });
    } finally {
      ws.close();
    }
  });

  it('validates payloads against the contract before the service sees them', async () => {
    const ws = await connect();
    try {
      expect((await call(ws, 'rmRf', {})).error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('unknown method') });
      expect((await call(ws, 'getStatus', {})).error).toMatchObject({ code: 'invalid-argument', message: 'modemId is required' });
      expect((await call(ws, 'getStatus', { modemId: 'usb:1-1.3', extra: 1 })).error).toMatchObject({ code: 'invalid-argument' });
      // One command line only: a CR/LF would smuggle a second command to the modem.
      const smuggled = await call(ws, 'atSend', { modemId: 'usb:1-1.3', command: 'ATI\r\nAT+CFUN=0' });
      expect(smuggled.error).toMatchObject({ code: 'invalid-argument' });
      expect((await call(ws, 'switchMode', { modemId: 'usb:1-1.3', target: 'mass-storage' })).error).toMatchObject({ code: 'invalid-argument' });
      ws.send('not json');
      const bad = await new Promise<{ error?: { code: string } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as { error?: { code: string } })));
      expect(bad.error?.code).toBe('invalid-argument');
    } finally {
      ws.close();
    }
  });

  it('crosses service errors as { code, message, hint }', async () => {
    const ws = await connect();
    try {
      const r = await call(ws, 'getStatus', { modemId: 'usb:9-9' });
      expect(r.error).toEqual({ code: 'no-modem', message: 'No modem usb:9-9', hint: expect.stringContaining('Plug the modem in') });
    } finally {
      ws.close();
    }
  });

  it('pushes typed progress and the end of a long operation', async () => {
    const ws = await connect();
    try {
      const events: ApiEvent[] = [];
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString()) as { event?: ApiEvent };
        if (msg.event) events.push(msg.event);
      });
      const started = (await call(ws, 'runDoctor', { modemId: 'usb:1-1.3' })).result as { opId: string };
      const deadline = Date.now() + 10_000;
      while (!events.some((e) => e.type === 'operation-end' && e.opId === started.opId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const progress = events.filter((e) => e.type === 'progress' && e.opId === started.opId);
      expect(progress.length).toBeGreaterThan(0);
      const end = events.find((e) => e.type === 'operation-end' && e.opId === started.opId);
      expect(end).toMatchObject({ ok: true, kind: 'doctor' });
      const report = (end as { result: { checks: { id: string; status: string; fix: { id: string } | null }[] } }).result;
      expect(report.checks.find((c) => c.id === 'apn.set')).toMatchObject({ status: 'fail', fix: { id: 'apply-apn' } });
    } finally {
      ws.close();
    }
  });
});
