// `npm start` (scripts/start.mjs) without the real Electron binary: the real script is copied into a stub
// project whose node_modules/electron is electron 45's real index.js with a stand-in install.js (what
// `install-electron` does: put the executable in dist/, write dist/version and path.txt) and a stand-in
// executable that records how it was launched. npm is a stand-in CLI recording `npm run build`.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(REPO, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const OUTPUTS = ['dist/main/electron/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];

// The stand-in Electron executable: one JSON line per launch, then the exit code the test asks for.
// Works as CJS (under node_modules/electron) and as ESM (under the stub's "type": "module").
const FAKE_ELECTRON = `#!${process.execPath}
const { appendFileSync } = process.getBuiltinModule('node:fs');
appendFileSync(process.env.STUB_LOG, JSON.stringify({ what: 'electron', exe: process.argv[1], argv: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }) + '\\n');
process.exit(Number(process.env.STUB_ELECTRON_EXIT ?? 0));
`;
// Stand-in for electron's install.js: same outputs as its extractFile() on Linux.
const FAKE_INSTALL = `const fs = require('node:fs'); const path = require('node:path');
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ what: 'install' }) + '\\n');
if (process.env.STUB_INSTALL_STACK) { console.error('HTTPError: Response code 403 (Forbidden)\\n    at Request.<anonymous> (/x/node_modules/got/dist/source/as-promise/index.js:118:42)\\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'); process.exit(1); }
if (process.env.STUB_INSTALL_FAIL) { console.error('HTTPError: Response code 403'); process.exit(1); }
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.copyFileSync(path.join(__dirname, '..', '..', 'fake-electron'), path.join(__dirname, 'dist', 'electron'));
fs.chmodSync(path.join(__dirname, 'dist', 'electron'), 0o755);
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v' + require('./package.json').version);
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;
const FAKE_NPM = `const fs = require('node:fs'); const path = require('node:path');
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ what: 'npm', argv: process.argv.slice(2), cwd: process.cwd() }) + '\\n');
for (const out of ${JSON.stringify(OUTPUTS)}) { fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, 'built'); }
`;

let dir: string;
let log: string;

interface Entry { what: string; argv?: string[]; exe?: string; cwd?: string; runAsNode?: string | null }
const entries = (): Entry[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Entry) : []);

function write(rel: string, text: string, mode?: number): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
  if (mode !== undefined) chmodSync(join(dir, rel), mode);
}

function setTimes(rel: string, seconds: number): void {
  utimesSync(join(dir, rel), seconds, seconds);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'simhat-start-'));
  log = join(dir, 'log.jsonl');
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(REPO, 'scripts/start.mjs'), join(dir, 'scripts/start.mjs'));
  write('package.json', JSON.stringify({ name: 'simhat', type: 'module', main: 'dist/main/electron/main.js' }));
  write('src-main/electron/main.ts', '// source');
  for (const out of OUTPUTS) write(out, 'built');
  // Sources older than the build: nothing to rebuild.
  setTimes('src-main/electron/main.ts', 1_000_000);
  for (const out of OUTPUTS) setTimes(out, 2_000_000);
  write('fake-electron', FAKE_ELECTRON, 0o755);
  write('npm-cli.cjs', FAKE_NPM);
  const e = 'node_modules/electron';
  write(`${e}/package.json`, JSON.stringify({ name: 'electron', version: ELECTRON_VERSION, main: 'index.js' }));
  copyFileSync(join(REPO, 'node_modules/electron/index.js'), join(dir, e, 'index.js'));
  write(`${e}/install.js`, FAKE_INSTALL);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, STUB_LOG: log, npm_execpath: join(dir, 'npm-cli.cjs'), ...extraEnv };
  delete env['ELECTRON_OVERRIDE_DIST_PATH'];
  for (const [k, v] of Object.entries(extraEnv)) if (v === undefined) delete env[k];
  else env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'scripts/start.mjs'), ...args], { cwd: dir, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('scripts/start.mjs', () => {
  it('first run: downloads Electron once, then launches it with the app root and the passed args', async () => {
    const first = await start(['--demo', 'seed'], { ELECTRON_RUN_AS_NODE: '1', STUB_ELECTRON_EXIT: '7' });
    expect(first.stdout).toContain('downloading the Electron runtime');
    expect(first.code).toBe(7); // Electron's exit code is npm start's
    const [install, electron, ...rest] = entries();
    expect(install).toEqual({ what: 'install' });
    expect(electron).toMatchObject({ what: 'electron', exe: join(dir, 'node_modules/electron/dist/electron'), argv: [join(dir, 'scripts', '..'), '--demo', 'seed'], runAsNode: null });
    expect(rest).toEqual([]);

    // Second run: the binary is there, no download, no build.
    rmSync(log);
    const second = await start([]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('downloading');
    expect(entries().map((e) => [e.what, e.argv])).toEqual([['electron', [join(dir, 'scripts', '..')]]]);
  });

  it('downloads again after an electron upgrade (dist/version no longer matches)', async () => {
    await start([]);
    writeFileSync(join(dir, 'node_modules/electron/dist/version'), 'v1.0.0');
    rmSync(log);
    expect((await start([])).code).toBe(0);
    expect(entries().map((e) => e.what)).toEqual(['install', 'electron']);
  });

  it('a failed download says how to recover and never launches anything', async () => {
    const r = await start(['--demo', 'seed'], { STUB_INSTALL_FAIL: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('simhat: could not download Electron.');
    expect(r.stderr).toContain('npx install-electron');
    expect(entries().map((e) => e.what)).toEqual(['install']);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH (an Electron already on disk): no download', async () => {
    const local = join(dir, 'local-electron');
    mkdirSync(local);
    copyFileSync(join(dir, 'fake-electron'), join(local, 'electron'));
    chmodSync(join(local, 'electron'), 0o755);
    const r = await start(['--demo', 'fresh'], { ELECTRON_OVERRIDE_DIST_PATH: local });
    expect(r.code).toBe(0);
    expect(entries()).toMatchObject([{ what: 'electron', exe: join(local, 'electron'), argv: [join(dir, 'scripts', '..'), '--demo', 'fresh'] }]);
  });

  it('builds first when a source is newer than the build, through npm run build', async () => {
    setTimes('src-main/electron/main.ts', 3_000_000);
    const r = await start(['--demo', 'seed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('building (src-main changed since the last build)');
    expect(entries().map((e) => [e.what, e.argv?.slice(-2)])).toEqual([
      ['npm', ['run', 'build']],
      ['install', undefined],
      ['electron', ['--demo', 'seed']],
    ]);
  });

  it('builds first when an output is missing (here the preload bundle)', async () => {
    rmSync(join(dir, 'dist/preload/preload.cjs'));
    await start([]);
    expect(entries()[0]).toMatchObject({ what: 'npm', argv: ['run', 'build'] });
  });

  it('outside npm with no build: exits 2 with what to run, launches nothing', async () => {
    rmSync(join(dir, 'dist/renderer/index.html'));
    const r = await start([], { npm_execpath: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm run build');
    expect(entries()).toEqual([]);
  });

  it('a failed download puts our message first and the cause in one line, never the raw stack (issue 14)', async () => {
    const r = await start([], { STUB_INSTALL_STACK: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('simhat: could not download Electron.')).toBe(true);
    expect(r.stderr).toContain('\n  cause: HTTPError: Response code 403 (Forbidden)\n');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(entries().map((e) => e.what)).toEqual(['install']);
  });
});

describe('scripts/start.mjs Node versions (issue 14: "needs Node >= 22.12" while engines says >= 20.19)', () => {
  it("names the Electron package's own Node minimum, and that simhat's CLI and web UI run on this Node", async () => {
    rmSync(dir, { recursive: true, force: true });
    // Rebuild the stub with the electron package asking for a Node newer than any.
    dir = mkdtempSync(join(tmpdir(), 'simhat-start-'));
    log = join(dir, 'log.jsonl');
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(REPO, 'scripts/start.mjs'), join(dir, 'scripts/start.mjs'));
    write('package.json', JSON.stringify({ name: 'simhat', type: 'module', main: 'dist/main/electron/main.js', engines: { node: '>=20.19' } }));
    for (const out of OUTPUTS) write(out, 'built');
    write('fake-electron', FAKE_ELECTRON, 0o755);
    const e = 'node_modules/electron';
    write(`${e}/package.json`, JSON.stringify({ name: 'electron', version: ELECTRON_VERSION, main: 'index.js', engines: { node: '>= 99.1.0' } }));
    copyFileSync(join(REPO, 'node_modules/electron/index.js'), join(dir, e, 'index.js'));
    write(`${e}/install.js`, FAKE_INSTALL);
    const r = await start([], { STUB_INSTALL_FAIL: '1' });
    expect(r.stderr).toContain(`The desktop app's Electron package downloads only on Node >= 99.1.0 (this is ${process.version}); simhat's CLI and web UI run on this Node: \`npx simhat serve --demo seed\`.`);
    expect(r.stderr).not.toContain('22.12');
  });

  it('says nothing about Node when this one is new enough for the Electron package', async () => {
    const r = await start([], { STUB_INSTALL_FAIL: '1' });
    expect(r.stderr).not.toContain('Node >=');
    expect(r.stderr).toContain('  cause: HTTPError: Response code 403');
  });
});
