#!/usr/bin/env node
// `npm start [-- --demo <scenario>]` (README start line, issues 2 and 7): builds if needed, fetches the
// Electron binary on first run, launches the app with the given arguments.
// Why the download is done here: electron >= 36 has no postinstall; its index.js downloads lazily
// when required, and throws a bare Error when that fails. We run its own install.js (the
// `install-electron` bin) once, explicitly, so a failure gets a clear message and no second try.
// tests: test/integration/electron/start-script.test.ts runs a copy of this file in a stub project.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function fail(message, code = 1) {
  console.error(`simhat: ${message}`);
  process.exit(code);
}

// ---- 1. build: the outputs Electron loads must exist and be newer than every source -------------
const OUTPUTS = ['dist/main/electron/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
const SOURCES = ['src-main', 'src-renderer', 'vite.config.ts', 'svelte.config.js', 'tsconfig.main.json', 'tsconfig.renderer.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildNeeded() {
  let oldestOutput = Infinity;
  for (const out of OUTPUTS) {
    const p = join(root, out);
    if (!existsSync(p)) return `${out} is missing`;
    oldestOutput = Math.min(oldestOutput, statSync(p).mtimeMs);
  }
  for (const src of SOURCES) if (newestMtime(join(root, src)) > oldestOutput) return `${src} changed since the last build`;
  return null;
}

const why = buildNeeded();
if (why) {
  // npm_execpath is set by `npm start`: npm's own JS entry run with this Node (no shell; works on Windows).
  const npmCli = process.env.npm_execpath;
  if (!npmCli) fail(`the app needs a build (${why}): run it through \`npm start\`, or run \`npm run build\` first.`, 2);
  console.log(`simhat: building (${why})...`);
  const r = spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed (see above).', r.status ?? 1);
}

// ---- 2. the Electron runtime: download on first run (or after an electron upgrade) -------------
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  fail('the electron package is not installed: run `npm install` first.');
}

function electronInstalled() {
  // What electron's own install.js checks (isInstalled): path.txt, dist/version, the executable.
  const read = (p) => readFileSync(join(electronDir, p), 'utf8').trim();
  try {
    const version = JSON.parse(read('package.json')).version;
    const exe = read('path.txt');
    return read('dist/version').replace(/^v/, '') === version && existsSync(join(electronDir, 'dist', exe));
  } catch {
    return false;
  }
}

/** "22.12.0" from ">= 22.12.0" (the electron package's own engines field), or null. */
function minimumNode(range) {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(range ?? ''));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** The first line of the downloader's error output that says what went wrong (never its stack). */
function causeOf(stderr) {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => !/^at\s/.test(l) && /error|fail|denied|refused|not found|timed? ?out|ENOTFOUND|ECONN|EAI_AGAIN|\b[45]\d\d\b/i.test(l)) ?? lines.find((l) => !/^at\s/.test(l)) ?? null;
}

// ELECTRON_OVERRIDE_DIST_PATH (honoured by electron's index.js) points at an Electron already on disk.
if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !electronInstalled()) {
  console.log('simhat: downloading the Electron runtime (first run only)...');
  // The downloader's stderr is kept, not shown: on failure it is a raw stack trace (issue 14). Our
  // message comes first, then the one line of it that names the cause.
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 || !electronInstalled()) {
    const cause = causeOf(r.stderr ?? '') ?? (r.error ? r.error.message : null);
    // simhat itself (CLI, `simhat serve`) needs Node >= 20.19 (package.json engines); the Electron
    // package's downloader asks for more (its own engines field): say which one is short, and by what.
    let electronNode = null;
    try {
      electronNode = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).engines?.node ?? null;
    } catch {
      // no engines field: nothing to compare
    }
    const need = minimumNode(electronNode);
    const have = process.versions.node.split('.').map(Number);
    const short = need && (have[0] < need[0] || (have[0] === need[0] && (have[1] < need[1] || (have[1] === need[1] && have[2] < need[2]))));
    const oldNode = short
      ? ` The desktop app's Electron package downloads only on Node >= ${need.join('.')} (this is ${process.version}); simhat's CLI and web UI run on this Node: \`npx simhat serve --demo seed\`.`
      : '';
    fail(
      `could not download Electron.${oldNode} Check the network (behind a proxy: ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY; a mirror: ELECTRON_MIRROR), ` +
        `then run \`npx install-electron\` or \`npm start\` again.${cause ? `\n  cause: ${cause}` : ''}`,
    );
  }
}

let electronPath;
try {
  electronPath = require('electron'); // index.js: the executable path (no download now: it is installed)
} catch (err) {
  fail(`cannot locate the Electron executable: ${err instanceof Error ? err.message : String(err)}`);
}
if (typeof electronPath !== 'string' || !existsSync(electronPath)) fail(`the Electron executable is missing: ${String(electronPath)}`);

// Ubuntu >= 23.10 blocks unprivileged user namespaces for unconfined programs, so a downloaded Electron
// needs its SUID chrome-sandbox (Electron then aborts with a FATAL line). We keep the sandbox on
// (main.ts app.enableSandbox()); say once how to set the helper up.
if (process.platform === 'linux' && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  let restricted = false;
  try {
    restricted = readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim() === '1';
  } catch {
    // no such knob: user namespaces are not restricted by AppArmor here
  }
  const sandbox = join(dirname(electronPath), 'chrome-sandbox');
  if (restricted && existsSync(sandbox)) {
    const st = statSync(sandbox);
    if (st.uid !== 0 || (st.mode & 0o4000) === 0) {
      console.warn(`simhat: this system restricts user namespaces; if Electron aborts about its sandbox, run once:\n  sudo chown root:root '${sandbox}' && sudo chmod 4755 '${sandbox}'`);
    }
  }
}

// ---- 3. launch: electron <app root> <args>; the app root becomes process.argv[1] in main.ts ------
const env = { ...process.env };
// Inherited from an Electron-based terminal or tool, it would make the app run as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electronPath, [root, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit', windowsHide: false });
child.on('error', (err) => fail(`cannot start Electron (${electronPath}): ${err.message}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (code === null) console.error(`simhat: Electron exited with signal ${signal}`);
  process.exit(code ?? 1);
});
