// Issue 15 (Low, Web): malformed percent-encoding answered 500; symlinks inside the static root were
// followed; the session cookie was one name for every port. Each attack is performed on a real server.
import { request } from 'node:http';
import { connect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, tokenCookieName, type WebServer } from '../../../src-main/web/server.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

let server: WebServer;
let service: Service;
let base: string;
let staticDir: string;
const logged: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'simhat-web-h-'));
  staticDir = join(base, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>simhat</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  const secret = join(base, 'secret.txt');
  writeFileSync(secret, 'the secret');
  mkdirSync(join(base, 'private'));
  writeFileSync(join(base, 'private', 'key.txt'), 'private key');
  symlinkSync(secret, join(staticDir, 'leak.txt'));
  symlinkSync(join(base, 'private'), join(staticDir, 'linked'));
  symlinkSync(join(staticDir, 'index.html'), join(staticDir, 'alias.html'));
  symlinkSync('/dev/zero', join(staticDir, 'zero.js'));
  execFileSync('mkfifo', [join(staticDir, 'pipe.js')]);
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  server = await startWebServer({ staticDir, api: service, log: (_l, m) => logged.push(m) });
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(base, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.end();
  });
}

/** Sends raw bytes as the request and returns the status line. */
function rawStatus(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n')) {
        resolve(got.split('\r\n')[0] as string);
        s.destroy();
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

const t = () => `token=${server.token}`;

describe('percent-encoding', () => {
  it.each(['/%', '/%zz', '/%E0%A4%A', '/index%2.html', '/%C0%AF', '/%00index.html', '/..%5C..%5Cetc%5Cpasswd'])('%s is a 400, not a 500', async (path) => {
    expect((await get(`${path}?${t()}`)).status).toBe(400);
  });
  it('a request target that is no URL at all is a 400, for HTTP and for the upgrade', async () => {
    expect(await rawStatus(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawStatus(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    expect((await get(`/?${t()}`)).status).toBe(200);
  });
});

describe('only regular files inside the static root', () => {
  it.each([
    ['a symlink to a file outside', '/leak.txt'],
    ['a file under a symlinked folder', '/linked/key.txt'],
    ['a symlink to a file inside', '/alias.html'],
    ['a symlink to /dev/zero', '/zero.js'],
    ['a FIFO (must not hang)', '/pipe.js'],
    ['a folder', '/assets'],
    ['a folder with a slash', '/assets/'],
    ['traversal, encoded', '/..%2fsecret.txt'],
  ])('%s is a 404', async (_name, path) => {
    const r = await get(`${path}?${t()}`);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('private key');
  });
  it('regular files are served', async () => {
    expect((await get(`/assets/app.js?${t()}`)).body).toBe('console.log(1)');
    expect((await get(`/?${t()}`)).body).toContain('<title>simhat</title>');
  });
});

describe('the session cookie', () => {
  it('is named for this port, SameSite=Strict, HttpOnly, Path=/', async () => {
    const cookie = String((await get(`/?${t()}`)).headers['set-cookie']);
    expect(cookie).toBe(`${tokenCookieName(server.port)}=${server.token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(tokenCookieName(server.port)).toBe(`simhat_token_${server.port}`);
  });
  it('only its own name counts: the token under another port\'s or the old generic name is refused', async () => {
    expect((await get('/index.html', { Cookie: `${tokenCookieName(server.port)}=${server.token}` })).status).toBe(200);
    expect((await get('/index.html', { Cookie: `${tokenCookieName(server.port + 1)}=${server.token}` })).status).toBe(401);
    expect((await get('/index.html', { Cookie: `simhat_token=${server.token}` })).status).toBe(401);
  });
  it('two servers on two ports keep separate sessions', async () => {
    const other = await startWebServer({ staticDir, api: service, log: () => {} });
    try {
      const a = String((await get(`/?${t()}`)).headers['set-cookie']).split(';')[0];
      const b = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: other.port, path: `/?token=${other.token}` }, (res) => {
          res.resume();
          resolve(String(res.headers['set-cookie']).split(';')[0] as string);
        })
          .on('error', reject)
          .end();
      });
      expect(a?.split('=')[0]).not.toBe(b.split('=')[0]);
    } finally {
      await other.close();
    }
  });
});
