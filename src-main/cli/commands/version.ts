import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';

/** Walks up from this file to the package root (works from src-main/ and from dist/main/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'simhat' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export const command: CliCommand = {
  summary: 'Print the simhat version.',
  usage: 'Usage: simhat version [--json]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: false, strict: true });
    const version = packageVersion();
    io.stdout(values.json ? JSON.stringify({ version }) + '\n' : `simhat ${version}\n`);
    return 0;
  },
};
