// Port contention against a real process holding a real PTY open. The holder runs under the name
// "ModemManager" (a symlink to sleep: /proc/<pid>/comm is the name it was executed by).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busyInfo } from '../../../src-main/core/devices/contention.js';
import { openPty, type PtyPair } from '../../../src-main/platform/serial/pty.js';
import { findPortHolders } from '../../../src-main/platform/usb/port-holders.js';
import { findOnPath } from '../../../src-main/platform/usb/serial-list.js';

let pty: PtyPair;
let dir: string;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  pty = await openPty();
  dir = await mkdtemp(join(tmpdir(), 'simhat-holder-'));
});
afterEach(async () => {
  holder?.kill('SIGKILL');
  holder = undefined;
  await pty.close();
  await rm(dir, { recursive: true, force: true });
});

/** socat (the PTY's master side) keeps the slave open as well: leave it out, a real tty has no such twin. */
async function holders(port: string) {
  return (await findPortHolders(port)).filter((h) => h.command !== 'socat');
}

async function holdWith(name: string): Promise<ChildProcess> {
  const sleep = await findOnPath('sleep');
  if (!sleep) throw new Error('sleep not found on PATH');
  const exe = join(dir, name);
  await symlink(sleep, exe);
  const fd = openSync(pty.slavePath, constants.O_RDWR | constants.O_NOCTTY);
  try {
    const child = spawn(exe, ['30'], { stdio: [fd, 'ignore', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    return child;
  } finally {
    closeSync(fd); // only the child holds it now
  }
}

describe('findPortHolders', () => {
  it('names the process holding the AT port (ModemManager) and the fix', async () => {
    holder = await holdWith('ModemManager');
    const found = await holders(pty.slavePath);
    expect(found).toEqual([{ pid: holder.pid, command: 'ModemManager', port: pty.slavePath }]);
    const busy = busyInfo('1e0e', '9001', found);
    expect(busy?.fix).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
  });

  it('matches through another path to the same device (a by-id style symlink)', async () => {
    holder = await holdWith('minicom');
    const link = join(dir, 'usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if02-port0');
    await symlink(pty.slavePath, link);
    expect((await holders(link)).map((h) => h.command)).toEqual(['minicom']);
  });

  it('nobody holds it once the holder exits; a missing port has no holders', async () => {
    holder = await holdWith('ModemManager');
    const exited = new Promise((r) => holder?.once('exit', r));
    holder.kill('SIGTERM');
    await exited;
    holder = undefined;
    expect(await holders(pty.slavePath)).toEqual([]);
    expect(await findPortHolders('/dev/ttyUSB99-not-here')).toEqual([]);
  });
});
