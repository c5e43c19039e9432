#!/usr/bin/env node
// Entry of the `simhat` command: the compiled CLI lives in dist/ (built by `npm install` via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('simhat is not built yet: run `npm install` (or `npm run build`) in the simhat folder.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
