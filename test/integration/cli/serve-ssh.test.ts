// `simhat serve` run over SSH prints the `ssh -L` line for the user's own computer (issue 14 item 9);
// run locally it prints none. The built bin, on the simulated modem (--demo).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../helpers/netns.js';

/** Starts serve, reads its URL line and what it said on stderr in the next moment, then stops it. */
async function serveOnce(env: Record<string, string | undefined>): Promise<{ url: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['bin/simhat.js', 'serve', '--demo', 'seed', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSH_CONNECTION: undefined, SSH_CLIENT: undefined, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 15 s: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout }).once('line', (line) => (clearTimeout(timer), resolve(line)));
  });
  await new Promise((r) => setTimeout(r, 300));
  const exit = new Promise<number | null>((r) => child.once('exit', r));
  child.kill('SIGTERM');
  return { url, stderr, code: await exit };
}

beforeAll(async () => {
  // serve needs the web UI build (`npm install` makes it; build it here when a checkout lacks it).
  if (existsSync('dist/renderer/index.html')) return;
  const b = await sh('npm', ['run', '--silent', 'build:renderer'], 180_000);
  if (b.code !== 0) throw new Error(`npm run build:renderer failed: ${b.stderr}`);
}, 200_000);

describe('simhat serve over SSH', () => {
  it('SSH_CONNECTION set: the ssh -L line with the port it listens on and the address the user came in by', async () => {
    const r = await serveOnce({ SSH_CONNECTION: '192.0.2.10 50514 198.51.100.7 22' });
    const port = new URL(r.url).port;
    expect(r.stderr).toContain('simhat serve: you are on SSH. On your own computer, open a tunnel:\n');
    expect(r.stderr).toContain(`  ssh -L ${port}:127.0.0.1:${port} ${userInfo().username}@198.51.100.7\n`);
    expect(r.code).toBe(0);
  });

  it('no SSH variables: no tunnel line', async () => {
    const r = await serveOnce({});
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(r.stderr).not.toContain('ssh -L');
  });
});
