// Every external command of the network layer goes through here: absolute program paths from a
// fixed list of directories (never $PATH), argument arrays (never a shell), a cleared
// environment, and a timeout on every run (issue 4).
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { NetError } from '../../core/net/types.js';

export const PROGRAM_DIRS: readonly string[] = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The environment every child gets: nothing from ours (LANG=C so output is parseable). */
export const CHILD_ENV: Readonly<Record<string, string>> = { PATH: PROGRAM_DIRS.join(':'), LANG: 'C', LC_ALL: 'C' };

const cache = new Map<string, string | undefined>();

/** Absolute path of a program found in PROGRAM_DIRS, or undefined. */
export function findProgram(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new NetError('invalid-argument', `invalid program name ${name}`);
  if (cache.has(name)) return cache.get(name);
  let found: string | undefined;
  for (const dir of PROGRAM_DIRS) {
    try {
      accessSync(`${dir}/${name}`, constants.X_OK);
      found = `${dir}/${name}`;
      break;
    } catch {
      // not in this directory
    }
  }
  cache.set(name, found);
  return found;
}

export function requireProgram(name: string, pkg: string): string {
  const p = findProgram(name);
  if (!p) throw new NetError('stack-unsupported', `${name} is not installed`, `Install it: sudo apt-get install ${pkg}`);
  return p;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  /** Default 10000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra environment entries (validated by the caller); default none. */
  env?: Record<string, string>;
}

type CommandListener = (argv: readonly string[]) => void;
const listeners = new Set<CommandListener>();

/** Observe every command started (the CLI's --verbose, tests proving nothing ran). */
export function onCommand(listener: CommandListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs a program by absolute path; resolves with its exit code (non-zero is not an error). */
export function run(program: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (!program.startsWith('/')) throw new NetError('invalid-argument', `program path must be absolute: ${program}`);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  for (const l of listeners) l([program, ...args]);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...CHILD_ENV, ...opts.env }, signal: opts.signal, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const ms = performance.now() - started;
        if (err && (err as NodeJS.ErrnoException & { killed?: boolean }).killed && !opts.signal?.aborted) {
          reject(new NetError('command-timeout', `${program} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
          return;
        }
        if (err && typeof (err as { code?: unknown }).code === 'string') {
          reject(new NetError('command-failed', `${program}: ${(err as Error).message}`));
          return;
        }
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr, ms });
      },
    );
  });
}

/** run() that throws a command-failed NetError on a non-zero exit. */
export async function runOk(program: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(program, args, opts);
  if (r.code !== 0) {
    const msg = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ');
    throw new NetError('command-failed', `${program} ${args.join(' ')} exited ${r.code}: ${msg}`);
  }
  return r;
}
