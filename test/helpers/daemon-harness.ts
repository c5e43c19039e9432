// Starts `simhat daemon` (the built bin) as a child process and runs CLI commands against its socket
// (SIMHAT_SOCKET), optionally inside a network namespace (the netns harness's host side).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO } from './netns.js';

export interface DaemonProcess {
  child: ChildProcess;
  socket: string;
  /** Every line the daemon printed on stderr (its log). */
  log: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartDaemon {
  args: string[];
  socket: string;
  env?: Record<string, string>;
  /** Run inside this network namespace (ip netns exec). */
  netns?: string;
  timeoutMs?: number;
}

export async function startDaemon(o: StartDaemon): Promise<DaemonProcess> {
  const argv = [process.execPath, join(REPO, 'bin/simhat.js'), 'daemon', '--socket', o.socket, '--json', ...o.args];
  const [cmd, ...rest] = o.netns ? ['ip', 'netns', 'exec', o.netns, ...argv] : argv;
  const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => log.push(l));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), o.timeoutMs ?? 30_000);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l.includes('"event":"ready"')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const gone = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return gone;
  };
  if (!ready) {
    await stop('SIGKILL');
    throw new Error(`simhat daemon did not start:\n${log.join('\n')}`);
  }
  return { child, socket: o.socket, log, stop };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `simhat <args>` with SIMHAT_SOCKET pointing at the daemon (and more environment). */
export function cliVia(socket: string, args: string[], options: { env?: Record<string, string>; netns?: string; uid?: number; gid?: number; timeoutMs?: number } = {}): Promise<CliResult> {
  const argv = [process.execPath, join(REPO, 'bin/simhat.js'), ...args];
  const [cmd, ...rest] = options.netns ? ['ip', 'netns', 'exec', options.netns, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, rest, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIMHAT_SOCKET: socket, ...options.env },
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
