// Runs the installed-style privileged helper (dist/main/platform/privileged/helper-main.js, argv as pkexec
// would pass it) inside a network namespace of test/helpers/netns.ts AND a private mount namespace where:
// - a fake sysfs tree (test/helpers/fake-sysfs-net.ts) is mounted over /sys, so the helper's own
//   ownership check reads it exactly as it reads the real /sys;
// - /etc and /var are overlays whose writes land in a scratch folder, so whatever the helper writes
//   (systemd-networkd files, backups) is visible to the test and the host's folders stay untouched.
// The entry is plain JavaScript written to a temp file (as in fake-sysfs-ns.ts).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './netns.js';

const ENTRY_JS = String.raw`
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const [sys, scratch] = [argv[argv.indexOf('--sys') + 1], argv[argv.indexOf('--scratch') + 1]];
if (sep < 0 || !sys || !scratch) throw new Error('usage: --sys DIR --scratch DIR -- command [args]');
const mount = (args) => execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'inherit'] });
mount(['--bind', sys, '/sys']);
for (const dir of ['/etc', '/var']) {
  const name = dir.slice(1);
  const upper = join(scratch, name + '-upper');
  const work = join(scratch, name + '-work');
  mkdirSync(upper, { recursive: true });
  mkdirSync(work, { recursive: true });
  mount(['-t', 'overlay', 'overlay', '-o', 'lowerdir=' + dir + ',upperdir=' + upper + ',workdir=' + work, dir]);
}
const [cmd, ...args] = argv.slice(sep + 1);
const child = spawn(cmd, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
`;

function entryPath(): string {
  const hash = createHash('sha256').update(ENTRY_JS).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `simhat-helper-ns-${hash}.mjs`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== ENTRY_JS) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, ENTRY_JS);
    renameSync(temp, file);
  }
  return file;
}

export const HELPER_JS = join(REPO, 'dist/main/platform/privileged/helper-main.js');

export interface HelperRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The helper's one JSON answer line. */
  reply: { ok: boolean; result?: { files: string[]; steps: { why: string; changed: boolean; command?: string[] }[] }; error?: { code: string; message: string } } | undefined;
}

/** `simhat-net-helper <argv...>` in namespace `ns`, with `sys` as /sys and overlays into `scratch`. */
export async function runHelperInNs(ns: string, sys: string, scratch: string, argv: string[]): Promise<HelperRun> {
  await mkdir(scratch, { recursive: true });
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, 'unshare', '-m', '--propagation', 'private', process.execPath, entryPath(), '--sys', sys, '--scratch', scratch, '--', process.execPath, HELPER_JS, ...argv],
      { timeout: 30_000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 124) : 0;
        let reply: HelperRun['reply'];
        try {
          reply = JSON.parse(stdout.trim().split('\n').pop() ?? '') as HelperRun['reply'];
        } catch {
          reply = undefined;
        }
        resolve({ code, stdout, stderr, reply });
      },
    );
  });
}
