// `simhat serve` as users run it: the built bin (npm run build first). The first stdout line is the
// token URL, exactly; binding to every address is allowed only with a warning.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

function serve(args: string[]): Promise<{ first: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['bin/simhat.js', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output in 10 s: ${stderr}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (first) => {
      clearTimeout(timer);
      resolve({
        first,
        stderr: () => stderr,
        stop: () =>
          new Promise((r) => {
            child.removeAllListeners('exit');
            child.once('exit', (code) => r(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

describe('simhat serve', () => {
  it('prints exactly the token URL on 127.0.0.1 as its first line and exits 0 on SIGTERM', async () => {
    const s = await serve(['--demo', 'seed', '--port', '0']);
    expect(s.first).toMatch(/^http:\/\/127\.0\.0\.1:\d{2,5}\/\?token=[A-Za-z0-9_-]{43}$/);
    const res = await fetch(s.first);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
    expect((await fetch(s.first.split('?')[0]!)).status).toBe(401);
    expect(await s.stop()).toBe(0);
  });

  it('warns when bound to every address, and still requires the token', async () => {
    const s = await serve(['--demo', '--host', '0.0.0.0', '--port', '0']);
    try {
      expect(s.first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      await new Promise((r) => setTimeout(r, 200));
      expect(s.stderr()).toContain('WARNING: listening on 0.0.0.0');
      expect((await fetch(s.first.split('?')[0]!)).status).toBe(401);
    } finally {
      await s.stop();
    }
  });

  it('rejects bad options with exit 2', () => {
    for (const args of [['--port', 'http'], ['--port', '70000'], ['--host', 'a b'], ['--demo', 'nope'], ['extra']]) {
      const r = spawnSync(process.execPath, ['bin/simhat.js', 'serve', ...args], { encoding: 'utf8', timeout: 10_000 });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});
