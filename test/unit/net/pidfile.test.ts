// platform/net/pidfile.ts against real processes: a pid is trusted only for the expected program
// whose command line names the pid file; stopping ends exactly that process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ourDaemonPid, stopOurDaemon } from '../../../src-main/platform/net/pidfile.js';

let dir: string;
const children: ChildProcess[] = [];

/** `tail -f <pidFile>`: a daemon stand-in whose comm is "tail" and whose argv names the pid file. */
async function daemon(pidFile: string): Promise<ChildProcess> {
  await writeFile(pidFile, '');
  const child = spawn('/usr/bin/tail', ['-f', pidFile], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  await writeFile(pidFile, `${child.pid}\n`);
  return child;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-pidfile-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('our daemon by pid file', () => {
  it('finds the live process only for the right program and pid file', async () => {
    const pidFile = join(dir, 'a.pid');
    const child = await daemon(pidFile);
    expect(await ourDaemonPid(pidFile, 'tail')).toBe(child.pid);
    expect(await ourDaemonPid(pidFile, 'dhclient')).toBeUndefined();
    // Same pid written into another pid file: its command line does not name that file.
    const other = join(dir, 'b.pid');
    await writeFile(other, `${child.pid}\n`);
    expect(await ourDaemonPid(other, 'tail')).toBeUndefined();
    for (const junk of ['', 'x\n', '1\n', '12 34\n']) {
      await writeFile(other, junk);
      expect(await ourDaemonPid(other, 'tail')).toBeUndefined();
    }
    expect(await ourDaemonPid(join(dir, 'missing.pid'), 'tail')).toBeUndefined();
  });

  it('stops it with SIGTERM and then reports nothing running', async () => {
    const pidFile = join(dir, 'c.pid');
    const child = await daemon(pidFile);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    expect(await stopOurDaemon(pidFile, 'tail')).toBe(true);
    expect(await exited).toBe('SIGTERM');
    expect(await ourDaemonPid(pidFile, 'tail')).toBeUndefined();
    expect(await stopOurDaemon(pidFile, 'tail')).toBe(false);
  });

  it('leaves another program alone', async () => {
    const pidFile = join(dir, 'd.pid');
    const child = await daemon(pidFile);
    expect(await stopOurDaemon(pidFile, 'dhclient')).toBe(false);
    expect(child.exitCode).toBeNull();
    expect(await ourDaemonPid(pidFile, 'tail')).toBe(child.pid);
  });
});
