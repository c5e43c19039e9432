#!/usr/bin/env node
// `npm start [-- --demo <scenario>]`: builds if needed, fetches the Electron binary on first run, launches the app.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(join(root, 'dist/main/electron/main.js')) || !existsSync(join(root, 'dist/renderer/index.html'))) {
  // npm_execpath is set by `npm start`: run npm's own JS entry with this Node (no shell, works on Windows too).
  const npmCli = process.env.npm_execpath;
  if (!npmCli) {
    console.error('simhat: run this through `npm start` (or run `npm run build` first).');
    process.exit(2);
  }
  run(process.execPath, [npmCli, 'run', 'build']);
}

const electronDir = dirname(require.resolve('electron/package.json'));
let electronPath;
try {
  electronPath = require('electron');
} catch {
  electronPath = undefined;
}
if (!electronPath || !existsSync(electronPath)) {
  console.log('simhat: downloading the Electron runtime (first run only)...');
  run(process.execPath, [join(electronDir, 'install.js')]);
  electronPath = require('electron');
}
const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
