// The daemon's socket (issue 11): a second daemon on the same socket refuses to start and names the running
// one; a socket file left by a killed daemon is replaced; a client of another user without the group gets a
// clear refusal while a member is served; a restart (and a kill -9 mid-write) keeps the history. The daemon
// runs as root here (as under systemd) with no modem plugged in: the watchdog only says so.
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliVia, startDaemon, until, type DaemonProcess } from '../../helpers/daemon-harness.js';
import { ensureBuilt } from '../../helpers/netns.js';

const NOBODY = 65534;
let dir: string;
const running: DaemonProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
});
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fresh(): Promise<{ socket: string; db: string; env: Record<string, string> }> {
  dir = await mkdtemp(join(tmpdir(), 'simhat-sock-'));
  // Others may look into the test folder; the daemon's own folder (simhat/) is what guards the socket.
  await chmod(dir, 0o755);
  return { socket: join(dir, 'simhat', 'simhat.sock'), db: join(dir, 'history.db'), env: { SIMHAT_CONFIG_DIR: join(dir, 'config') } };
}

async function daemon(socket: string, db: string, env: Record<string, string>, extra: string[] = []): Promise<DaemonProcess> {
  const d = await startDaemon({ socket, env, args: ['--db', db, '--interval', '1', ...extra] });
  running.push(d);
  return d;
}

function gidOf(group: string): number {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith(`${group}:`));
  return Number(line!.split(':')[2]);
}

describe('the daemon socket', () => {
  it('refuses a second daemon on the same socket, naming the running one; replaces a stale socket', async () => {
    const { socket, db, env } = await fresh();
    const first = await daemon(socket, db, env);
    const second = await startDaemon({ socket, env, args: ['--db', join(dir, 'other.db')] }).catch((err: Error) => err);
    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toMatch(new RegExp(`already listens on ${socket.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    expect((second as Error).message).toContain(`pid ${first.child.pid}`);

    // kill -9 leaves the socket file behind; the next daemon replaces it.
    await first.stop('SIGKILL');
    expect((await lstat(socket)).isSocket()).toBe(true);
    const third = await daemon(socket, db, env);
    expect(third.log.join('\n')).toMatch(/replaced the stale socket/);
    const status = JSON.parse((await cliVia(socket, ['status', '--json'])).stdout) as { via: string };
    expect(status.via).toBe('daemon');
  }, 60_000);

  it('serves members of its group and refuses others with a clear message', async () => {
    const { socket, db, env } = await fresh();
    await daemon(socket, db, env, ['--group', 'dialout']);
    const folder = await lstat(join(dir, 'simhat'));
    expect(folder.mode & 0o777).toBe(0o750);
    expect(folder.gid).toBe(gidOf('dialout'));
    expect((await lstat(socket)).mode & 0o777).toBe(0o660);

    const outsider = await cliVia(socket, ['status', '--json'], { uid: NOBODY, gid: NOBODY, env: { HOME: '/tmp', SIMHAT_CONFIG_DIR: join(dir, 'nobody') } });
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toMatch(/refuses you \(permission denied\)/);
    expect(outsider.stderr).toMatch(/usermod -aG dialout/);

    const member = await cliVia(socket, ['status', '--json'], { uid: NOBODY, gid: gidOf('dialout'), env: { HOME: '/tmp', SIMHAT_CONFIG_DIR: join(dir, 'nobody') } });
    expect(member.code, member.stderr).toBe(2); // no modem: status exits 2, but it answered through the daemon
    expect(JSON.parse(member.stdout)).toMatchObject({ via: 'daemon', answered: false });
  }, 60_000);

  it('keeps the history across a restart and a kill -9 mid-write', async () => {
    const { socket, db, env } = await fresh();
    const first = await daemon(socket, db, env);
    const history = async () => JSON.parse((await cliVia(socket, ['history', '--json', '--since', '1h'])).stdout) as { samples: { at: number }[]; events: { kind: string; at: number }[]; file: string };
    const before = await until('some samples and a state change', async () => ((h) => (h.samples.length >= 3 && h.events.some((e) => e.kind === 'state') ? h : undefined))(await history()), 30_000);
    expect(before.file).toBe(db);
    await first.stop('SIGTERM');

    const second = await daemon(socket, db, env);
    const after = await history();
    for (const e of before.events) expect(after.events.some((x) => x.kind === e.kind && x.at === e.at)).toBe(true);
    expect(after.samples.length).toBeGreaterThanOrEqual(before.samples.length);

    // A kill -9 while it writes a sample every second: every row committed before is still there.
    const committed = await until('more samples', async () => ((h) => (h.samples.length > after.samples.length + 2 ? h : undefined))(await history()), 30_000);
    await second.stop('SIGKILL');
    const third = await daemon(socket, db, env);
    const survived = await history();
    for (const s of committed.samples) expect(survived.samples.some((x) => x.at === s.at)).toBe(true);
    // And the database still answers the integrity check (read once the daemon let go of it).
    await third.stop('SIGTERM');
    expect(execFileSync(process.execPath, ['-e', `const s=require('node-sqlite3-wasm');const d=new s.Database(${JSON.stringify(db)},{readOnly:true});console.log(d.get('PRAGMA integrity_check')['integrity_check']);d.close()`]).toString().trim()).toBe('ok');
  }, 90_000);
});
