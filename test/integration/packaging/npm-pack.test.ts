// The headless install path (issue 11): `npm pack` gives a tarball whose global install with
// production dependencies only (`npm install -g simhat-<v>.tgz --omit=dev`, into a temp prefix)
// provides the CLI: `simhat --version`, `simhat twin --help`, and the history database library
// (WASM SQLite: nothing compiled at install), `simhat daemon --help`, and a daemon round trip: the installed
// daemon owns a twin on a PTY and the installed CLI answers through its socket.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, sh } from '../../helpers/netns.js';
import { twinOnPty } from '../doctor/twin-harness.js';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

let tmp: string;
let prefix: string;
let installed: string;
let version: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'simhat-npm-pack-'));
  version = (JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  // dist/main is current (vitest global setup); the web UI and the helper bundle are built by
  // `npm install` (prepare) in CI; build them here when a checkout lacks them.
  for (const [part, script] of [['dist/renderer/index.html', 'build:renderer'], ['dist/helper/simhat-net-helper.mjs', 'build:helper']] as const) {
    if (existsSync(join(REPO, part))) continue;
    const b = await sh('npm', ['run', '--silent', script], 180_000);
    if (b.code !== 0) throw new Error(`npm run ${script} failed: ${b.stderr}`);
  }
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of parallel test files.
  const pack = await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'], 120_000);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const tarball = join(tmp, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  prefix = join(tmp, 'prefix');
  const install = await sh('npm', ['install', '-g', tarball, '--omit=dev', '--prefix', prefix, '--no-audit', '--no-fund'], 300_000);
  if (install.code !== 0) throw new Error(`npm install -g failed: ${install.stderr}`);
  installed = join(prefix, 'lib/node_modules/simhat');
}, 420_000);
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('npm pack + global install --omit=dev', () => {
  it('the tarball carries the built CLI, web UI, helper and resources, and no sources or tests', async () => {
    for (const p of ['bin/simhat.js', 'dist/main/cli/main.js', 'dist/renderer/index.html', 'dist/helper/simhat-net-helper.mjs', 'resources/systemd/simhat.service', 'resources/apn/apn-db.json']) {
      expect(existsSync(join(installed, p)), p).toBe(true);
    }
    for (const p of ['src-main', 'test', 'bench', 'dist/main/cli/main.js.map']) expect(existsSync(join(installed, p)), p).toBe(false);
  });

  it('installs production dependencies only', () => {
    for (const dep of ['serialport', 'usb', 'ws', 'fast-xml-parser', 'node-sqlite3-wasm']) expect(existsSync(join(installed, 'node_modules', dep)), dep).toBe(true);
    for (const dev of ['electron', 'vitest', 'typescript', 'vite', 'electron-builder']) expect(existsSync(join(installed, 'node_modules', dev)), dev).toBe(false);
  });

  it('`simhat --version` and `simhat twin --help` run from the prefix\'s bin', async () => {
    const bin = join(prefix, 'bin/simhat');
    const v = await sh(bin, ['--version'], 30_000);
    expect(v.stdout, v.stderr).toBe(`simhat ${version}\n`);
    const help = await sh(bin, ['twin', '--help'], 30_000);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: simhat twin');
    expect(help.stdout).toContain('--control <path>');
  });

  it('the installed history store opens, writes and reads a database (WASM SQLite, nothing compiled)', async () => {
    const db = join(tmp, 'history.db');
    const script = [
      `const { HistoryStore } = await import(${JSON.stringify(pathToFileURL(join(installed, 'dist/main/platform/history/store.js')).href)});`,
      `const s = HistoryStore.open({ path: ${JSON.stringify(db)} });`,
      `s.addEvent({ kind: 'modem-reset', at: Date.now(), reason: 'npm install check' });`,
      `console.log(JSON.stringify({ version: s.schemaVersion, events: s.events(0).length }));`,
      's.close();',
    ].join('\n');
    const r = await sh(process.execPath, ['--input-type=module', '-e', script], 30_000);
    expect(JSON.parse(r.stdout.trim()), r.stderr).toEqual({ version: 2, events: 1 });
  });
});

describe('the installed daemon', () => {
  it('`simhat daemon --help` runs from the prefix', async () => {
    const help = await sh(join(prefix, 'bin/simhat'), ['daemon', '--help'], 30_000);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: simhat daemon');
    expect(help.stdout).toContain('--enable');
  });

  it('a round trip: the installed daemon owns the twin, the installed CLI answers through its socket', async () => {
    const twin = await twinOnPty({ scenario: 'good' });
    const socket = join(tmp, 'rt', 'simhat', 'simhat.sock');
    const bin = join(prefix, 'bin/simhat');
    const env = { ...process.env, SIMHAT_CONFIG_DIR: join(tmp, 'rt-config'), SIMHAT_SOCKET: socket };
    const daemon = spawn(bin, ['daemon', '--socket', socket, '--port', twin.port, '--db', join(tmp, 'rt', 'history.db'), '--interval', '60', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: daemon.stdout! }).on('line', (l) => l.includes('"event":"ready"') && resolve());
        daemon.once('exit', (code) => reject(new Error(`the daemon exited ${code}`)));
      });
      const at = await sh(bin, ['at', 'AT+CGMM'], 30_000, { SIMHAT_SOCKET: socket });
      expect(at.code, at.stderr).toBe(0);
      expect(at.stdout).toContain('SIMCOM_SIM7600G-H');
      const status = JSON.parse((await sh(bin, ['status', '--json'], 30_000, { SIMHAT_SOCKET: socket })).stdout) as { via: string; model: string };
      expect(status).toMatchObject({ via: 'daemon', model: 'SIMCOM_SIM7600G-H' });
    } finally {
      const gone = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await gone;
      await twin.close();
    }
  }, 60_000);
});
