// Runs the built bin (bin/simhat.js) on a real pseudo-terminal, as a user at an SSH prompt does:
// stdout and stdin are a TTY of the given width. node-pty (prebuilt) gives the PTY.
import { spawn, type IPty } from '@lydell/node-pty';

export interface PtySession {
  /** Everything the terminal showed so far (CRLF turned into LF). */
  output(): string;
  /** Types into the terminal (a line ends with '\r', as the Enter key sends). */
  write(text: string): void;
  /** Resolves once the output matches, from `from` (an output length) on; rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  exit: Promise<number>;
  kill(): void;
}

/** A terminal's environment: colour allowed unless the test says otherwise. */
function terminalEnv(env: Record<string, string | undefined>): Record<string, string> {
  const base: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color', NO_COLOR: undefined, ...env };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

export function startOnPty(args: string[], options: { cols?: number; env?: Record<string, string | undefined> } = {}): PtySession {
  const pty: IPty = spawn(process.execPath, ['bin/simhat.js', ...args], { cols: options.cols ?? 80, rows: 200, cwd: process.cwd(), env: terminalEnv(options.env ?? {}) });
  let out = '';
  const waiters = new Set<() => void>();
  pty.onData((d) => {
    out += d.replace(/\r\n/g, '\n');
    for (const w of waiters) w();
  });
  const exit = new Promise<number>((resolve) => pty.onExit((e) => resolve(e.exitCode)));
  return {
    output: () => out,
    write: (text) => pty.write(text),
    waitFor(pattern, timeoutMs = 20_000, from = 0) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out.slice(from))) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; the terminal shows:\n${out}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    exit,
    kill: () => pty.kill(),
  };
}

/** Runs to the end and returns what the terminal showed and the exit code. */
export async function runOnPty(args: string[], options: { cols?: number; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<{ code: number; output: string }> {
  const s = startOnPty(args, options);
  const timer = setTimeout(() => s.kill(), options.timeoutMs ?? 25_000);
  const code = await s.exit;
  clearTimeout(timer);
  return { code, output: s.output() };
}
