// A real pseudo-terminal pair through socat: the slave path is what a serial client opens
// (the real `serialport` binding in tests, or a user's `simhat at --port`); the master side
// is exposed here as a byte stream for the simulated modem (the twin) or a bench responder.
// socat is used because Node has no PTY API and we want no native addon for it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { lstat, readlink, unlink } from 'node:fs/promises';

export interface PtyPair {
  /** The slave device, e.g. /dev/pts/7. */
  readonly slavePath: string;
  /** The symlink to the slave when one was asked for (stays valid only while this pair lives). */
  readonly link: string | undefined;
  /** Subscribe to bytes the serial client wrote. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Send bytes to the serial client. */
  write(data: Uint8Array | string): void;
  /** Ends the pair: the slave disappears, clients see the port vanish (as on a USB unplug). */
  close(): Promise<void>;
  /** Resolves when socat has exited (closed by us or died). */
  readonly exited: Promise<void>;
}

export interface OpenPtyOptions {
  /** Create this symlink pointing at the slave (replaced if it exists and is a symlink). */
  link?: string;
  /** Path of socat; default 'socat' from PATH. */
  socatPath?: string;
  /** Give up when socat does not report the PTY within this time; default 5000 ms. */
  timeoutMs?: number;
}

const PTY_LINE = /PTY is (\/dev\/\S+)/;

export async function openPty(options: OpenPtyOptions = {}): Promise<PtyPair> {
  const { link, socatPath = 'socat', timeoutMs = 5000 } = options;
  if (link !== undefined) await removeStaleLink(link);
  // raw,echo=0: the line discipline must pass bytes untouched (CR stays CR, no local echo).
  const ptyAddress = ['pty', 'raw', 'echo=0', ...(link ? [`link=${link}`] : [])].join(',');
  if (link && /[,!:]/.test(link)) throw new Error(`PTY link path may not contain , ! or : (${link})`);
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(socatPath, ['-d', '-d', ptyAddress, 'STDIO'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const slavePath = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not create a PTY within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const m = PTY_LINE.exec(stderr);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stderr.off('data', onErr);
        child.stderr.resume(); // keep draining socat's log so it never blocks
        resolve(m[1]);
      }
    };
    child.stderr.on('data', onErr);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('socat is not installed (apt-get install socat): it provides the simulated serial port')
          : err,
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before creating a PTY: ${stderr.trim()}`));
    });
  });

  if (link) await waitForLink(link, slavePath, timeoutMs);
  // Writes after the client closed may fail with EPIPE when socat has gone: the pair is dead then, ignore.
  child.stdin.on('error', () => {});

  let closed = false;
  return {
    slavePath,
    link,
    onData(listener) {
      child.stdout.on('data', listener);
      return () => child.stdout.off('data', listener);
    },
    write(data) {
      if (!closed && child.stdin.writable) child.stdin.write(data);
    },
    async close() {
      if (closed) return exited;
      closed = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      if (link) await removeStaleLink(link);
    },
    exited,
  };
}

async function waitForLink(link: string, target: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await readlink(link)) === target) return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`socat did not create the link ${link}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function removeStaleLink(link: string): Promise<void> {
  try {
    const st = await lstat(link);
    if (!st.isSymbolicLink()) throw new Error(`refusing to replace ${link}: it exists and is not a symlink`);
    await unlink(link);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
