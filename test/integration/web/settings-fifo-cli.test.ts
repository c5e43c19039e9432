// Issue 15 (Low, Files), as users hit it: a FIFO or a link to /dev/zero in place of settings.json hung
// the CLI and `simhat serve` (the read never returned), after which SIGTERM and the first Ctrl-C were
// ignored, and /dev/zero cost 600 MB. Here the built bin runs with such a config folder.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRawWs } from '../../helpers/raw-ws.js';

let config: string;
beforeEach(() => {
  config = mkdtempSync(join(tmpdir(), 'simhat-cfg-'));
});
afterEach(() => {
  rmSync(config, { recursive: true, force: true });
});

const env = () => ({ ...process.env, SIMHAT_CONFIG_DIR: config });
const fifo = () => execFileSync('mkfifo', [join(config, 'settings.json')]);
const zero = () => symlinkSync('/dev/zero', join(config, 'settings.json'));

describe('the CLI with an unusable settings.json', () => {
  it.each([
    ['a FIFO', fifo],
    ['a link to /dev/zero', zero],
  ])('%s: `net check` finishes, says the file was moved aside', (_name, make) => {
    make();
    const started = Date.now();
    const r = spawnSync(process.execPath, ['bin/simhat.js', 'net', 'check', '--iface', 'usb7', '--json'], { encoding: 'utf8', timeout: 15_000, env: env() });
    expect(r.signal, 'killed by the timeout: the CLI hung').toBeNull();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, result: { classification: 'interface-missing' } });
    expect(r.stderr).toMatch(/settings\.json is not usable \(.*not a regular file\); it was moved to .*settings\.json\.corrupt-/);
    expect(readdirSync(config)).toEqual([expect.stringMatching(/^settings\.json\.corrupt-/)]);
  });
});

async function serve(): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['bin/simhat.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: env() });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 15 s: ${stderr}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const url = new URL(first);
  return { child, port: Number(url.port), token: url.searchParams.get('token') ?? '' };
}

function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running ${ms} ms after the signal`));
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

describe('`simhat serve` with an unusable settings.json', () => {
  it.each<[string, () => void, NodeJS.Signals]>([
    ['a FIFO, then SIGTERM', fifo, 'SIGTERM'],
    ['a FIFO, then the first Ctrl-C', fifo, 'SIGINT'],
    ['a link to /dev/zero, then SIGTERM', zero, 'SIGTERM'],
  ])('%s: answers getSettings with the defaults, stays small, exits at once', async (_name, make, signal) => {
    make();
    const s = await serve();
    try {
      const ws = await openRawWs({ port: s.port, token: s.token });
      ws.sendText(JSON.stringify({ id: 1, method: 'getSettings' }));
      expect((await ws.reply(1, 10_000)).result).toMatchObject({ policy: 'failover', theme: 'system' });
      ws.end();
      expect(rssKb(s.child.pid as number)).toBeLessThan(250 * 1024);
    } finally {
      s.child.kill(signal);
    }
    expect(await exitWithin(s.child, 5000)).toBe(0);
  });
});
