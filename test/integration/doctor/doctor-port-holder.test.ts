// Another program on the AT port (sim7600.md §3): a real process holding the twin's real PTY with an
// exclusive lock (flock(1), run under the name "ModemManager" or "minicom": /proc/<pid>/comm is the
// name it was executed by), the real /proc scan, and the privileged helper's real `udev-rule` verb in
// a temp root. simhat never stops or kills the holder; it installs the rule for ModemManager and says
// exactly what the user can do next (re-plug / restart ModemManager, or stop it for the session).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorFixes, type FixDeps } from '../../../src-main/service/doctor.js';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import { executeRaw } from '../../../src-main/platform/privileged/execute.js';
import { findPortHolders } from '../../../src-main/platform/usb/port-holders.js';
import { findOnPath } from '../../../src-main/platform/usb/serial-list.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';

let open: TwinOnPty | undefined;
let holder: ChildProcess | undefined;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-holder-'));
});
afterEach(async () => {
  if (holder && alive(holder)) {
    const exited = new Promise((r) => holder!.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
  }
  holder = undefined;
  await open?.close();
  open = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** `name` holds `port` with an exclusive lock (as serialport's own lock does), until killed. */
async function holdLocked(name: string, port: string): Promise<ChildProcess> {
  const flock = await findOnPath('flock');
  const sleep = await findOnPath('sleep');
  if (!flock || !sleep) throw new Error('flock and sleep must be on PATH (util-linux, coreutils)');
  const exe = join(dir, name);
  await symlink(flock, exe);
  // -o: only the flock process keeps the port open (not its sleep child).
  const child = spawn(exe, ['-n', '-o', port, sleep, '30'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  for (let i = 0; i < 50; i++) {
    if ((await holders(port)).some((h) => h.pid === child.pid)) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} did not take ${port}`);
}

/** The real /proc scan; socat (the PTY's master side) is the twin's plumbing, not a rival. */
async function holders(port: string): Promise<{ pid: number; command: string }[]> {
  return (await findPortHolders(port)).filter((h) => h.command !== 'socat').map((h) => ({ pid: h.pid, command: h.command }));
}

function depsWith(root: string, scan: FixDeps['portHolders'] = holders): FixDeps {
  return {
    openEngine: serialEngineOpener,
    portHolders: scan,
    privileged: async (verb, args) => {
      await executeRaw(verb, { ...args, root }, { allowRoot: true });
    },
  };
}

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

describe('doctor --fix with another program on the AT port', () => {
  it('ModemManager holds it: the check says what the user can do; the fix installs the udev rule, leaves ModemManager running and says how to make it let go', async () => {
    open = await twinOnPty({ scenario: 'good' });
    holder = await holdLocked('ModemManager', open.port);
    const run = await runDoctorFixes(depsWith(dir), { port: open.port, platform: 'linux' }, { settleMs: 500 });
    const portAt = run.before.checks.find((c) => c.id === 'port.at')!;
    expect(portAt).toMatchObject({ status: 'fail', fix: { id: 'udev-rule' } });
    const conflict = run.before.checks.find((c) => c.id === 'port.conflict')!;
    expect(conflict.status).toBe('fail');
    for (const detail of [portAt.detail, conflict.detail]) {
      expect(detail).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
      expect(detail).toMatch(/re-plug the modem, or run `sudo systemctl restart ModemManager`/);
      expect(detail).toContain('`sudo systemctl stop ModemManager`');
      expect(detail).toMatch(/simhat does not stop it, its privileged helper has no verb for that/);
    }
    expect(run.applied.map((a) => a.fix.id)).toEqual(['udev-rule']);
    const [applied] = run.applied;
    // The rule is in place, but ModemManager keeps a modem it already holds: not "fixed" yet.
    expect(applied!.ok).toBe(false);
    expect(applied!.message).toMatch(new RegExp(`^udev rule installed .*ModemManager \\(pid ${holder.pid}\\) still holds ${open.port}: .*re-plug the modem.*sudo systemctl stop ModemManager`));
    expect(await readFile(join(dir, 'etc/udev/rules.d/77-simhat-modem.rules'), 'utf8')).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(alive(holder)).toBe(true);
    expect(run.after.checks.find((c) => c.id === 'port.at')!.status).toBe('fail');
  });

  it('a holder the diagnosis could not name turns out to be ModemManager at fix time: free-port installs the udev rule, kills nothing', async () => {
    open = await twinOnPty({ scenario: 'good' });
    holder = await holdLocked('ModemManager', open.port);
    // The diagnosis' scan saw nobody (e.g. it ran before the holder opened the port); later scans see it.
    let scans = 0;
    const run = await runDoctorFixes(depsWith(dir, async (p) => (scans++ === 0 ? [] : holders(p))), { port: open.port, platform: 'linux' }, { settleMs: 500 });
    const portAt = run.before.checks.find((c) => c.id === 'port.at')!;
    expect(portAt).toMatchObject({ status: 'fail', fix: { id: 'free-port' } });
    expect(portAt.detail).toMatch(/could not tell which program it is .*`sudo systemctl stop ModemManager`.*simhat never stops other programs/);
    const applied = run.applied.find((a) => a.fix.id === 'free-port')!;
    expect(applied.message).toMatch(/^udev rule installed .*still holds .*re-plug the modem/);
    expect(await readFile(join(dir, 'etc/udev/rules.d/77-simhat-modem.rules'), 'utf8')).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(alive(holder)).toBe(true);
  });

  it('another program (minicom) holds it: free-port names it and tells the user to close it, installs nothing, kills nothing', async () => {
    open = await twinOnPty({ scenario: 'good' });
    holder = await holdLocked('minicom', open.port);
    const run = await runDoctorFixes(depsWith(dir), { port: open.port, platform: 'linux' }, { settleMs: 500 });
    const portAt = run.before.checks.find((c) => c.id === 'port.at')!;
    expect(portAt).toMatchObject({ status: 'fail', fix: { id: 'free-port' } });
    expect(portAt.detail).toMatch(new RegExp(`Close minicom \\(pid ${holder.pid}\\) yourself .*simhat never stops other programs`));
    expect(run.applied).toEqual([{ fix: expect.objectContaining({ id: 'free-port' }), ok: false, message: expect.stringMatching(new RegExp(`^minicom \\(pid ${holder.pid}\\) holds ${open.port}\\. Close minicom`)) }]);
    await expect(readFile(join(dir, 'etc/udev/rules.d/77-simhat-modem.rules'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(alive(holder)).toBe(true);
  });

  it('the holder let go before the fix ran: free-port reports the port free and the re-check passes', async () => {
    open = await twinOnPty({ scenario: 'good' });
    holder = await holdLocked('minicom', open.port);
    const h = holder;
    let scans = 0;
    const scan = async (p: string) => {
      // Between the diagnosis and the fix the user closes minicom (as the check told them to).
      if (scans++ === 1) {
        const exited = new Promise((r) => h.once('exit', r));
        h.kill('SIGTERM');
        await exited;
      }
      return holders(p);
    };
    const run = await runDoctorFixes(depsWith(dir, scan), { port: open.port, platform: 'linux' }, { settleMs: 500 });
    expect(run.before.checks.find((c) => c.id === 'port.at')!.fix?.id).toBe('free-port');
    expect(run.applied[0]).toMatchObject({ ok: true, message: `minicom (pid ${h.pid}) no longer holds ${open.port}` });
    expect(run.after.checks.find((c) => c.id === 'port.at')!.status).toBe('pass');
  });
});
