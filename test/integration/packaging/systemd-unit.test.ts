// The daemon's unit checked by systemd itself (`systemd-analyze verify`, any warning counts as a
// failure), for the .deb and for an npm install; and `simhat daemon --enable/--disable`'s platform
// module against a temp root with a stand-in systemctl that records its argv.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_UNIT_PATH, execStart, renderUnit, VENDOR_UNIT_PATH, WRITTEN_MARK, type Install } from '../../../src-main/platform/system/systemd-unit.js';
import { disableDaemon, enableDaemon } from '../../../src-main/platform/system/systemd-service.js';
import { REPO, sh } from '../../helpers/netns.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'simhat-systemd-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** systemd-analyze verify on `unit` installed in a temp root, with stand-ins at the ExecStart paths. */
async function verify(unit: string, executables: string[]): Promise<{ code: number; output: string }> {
  const root = join(tmp, `root-${Math.random().toString(36).slice(2)}`);
  await mkdir(join(root, 'etc/systemd/system'), { recursive: true });
  await writeFile(join(root, 'etc/systemd/system/simhat.service'), unit);
  for (const exe of executables) {
    await mkdir(join(root, dirname(exe)), { recursive: true });
    await writeFile(join(root, exe), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  const r = await sh('unshare', ['-m', '--propagation', 'private', process.execPath, join(REPO, 'test/integration/packaging/fixtures/verify-in-root.mjs'), root, 'simhat.service'], 60_000);
  return { code: r.code, output: `${r.stdout}${r.stderr}`.trim() };
}

describe('systemd-analyze verify', () => {
  it('the unit the .deb ships is clean', async () => {
    const unit = await readFile(join(REPO, 'resources/systemd/simhat.service'), 'utf8');
    expect(await verify(unit, ['/usr/bin/simhat'])).toEqual({ code: 0, output: '' });
  });

  it('the unit --enable writes for an npm global install is clean', async () => {
    const install: Install = { kind: 'runtime', runtime: '/usr/local/bin/node', entry: '/usr/local/lib/node_modules/simhat/bin/simhat.js', nodeMode: false };
    expect(await verify(renderUnit(install, { mark: true }), execStart(install).slice(0, 2))).toEqual({ code: 0, output: '' });
  });

  it('the check can fail: an unknown option, or a missing program, is reported', async () => {
    const unit = await readFile(join(REPO, 'resources/systemd/simhat.service'), 'utf8');
    const typo = await verify(unit.replace('ProtectClock=yes', 'ProtectClok=yes'), ['/usr/bin/simhat']);
    expect(typo.output).toMatch(/Unknown key 'ProtectClok'/);
    const missing = await verify(unit, []);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/\/usr\/bin\/simhat is not executable/);
  });
});

describe('simhat daemon --enable / --disable (platform module)', () => {
  let root: string;
  let log: string;
  let systemctl: string;
  beforeEach(async () => {
    root = join(tmp, 'root');
    log = join(tmp, 'systemctl.log');
    systemctl = join(tmp, 'systemctl');
    await mkdir(root);
    // A stand-in systemctl: records each call's argv, one per line.
    await writeFile(systemctl, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`, { mode: 0o755 });
  });
  const calls = async () => (existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n') : []);
  const npm: Install = { kind: 'runtime', runtime: process.execPath, entry: join(REPO, 'bin/simhat.js'), nodeMode: false };

  it('npm install: writes the unit (0644, atomically, with the mark), reloads, enables and starts it; --disable undoes it', async () => {
    const steps = await enableDaemon(npm, { root, systemctl });
    expect(steps.map((s) => s.kind)).toEqual(['write-unit', 'systemctl', 'systemctl']);
    const path = join(root, ADMIN_UNIT_PATH);
    const unit = await readFile(path, 'utf8');
    expect(unit.startsWith(WRITTEN_MARK)).toBe(true);
    expect(unit).toContain(`ExecStart=${process.execPath} ${join(REPO, 'bin/simhat.js')} daemon\n`);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await calls()).toEqual(['daemon-reload', 'enable --now simhat.service']);
    // Enabling again changes nothing but the enable.
    await enableDaemon(npm, { root, systemctl });
    expect(await calls()).toEqual(['daemon-reload', 'enable --now simhat.service', 'enable --now simhat.service']);
    await disableDaemon({ root, systemctl });
    expect(existsSync(path)).toBe(false);
    expect((await calls()).slice(3)).toEqual(['disable --now simhat.service', 'daemon-reload']);
  });

  it('.deb install: the vendor unit is enabled as it is; --disable leaves it installed', async () => {
    await mkdir(join(root, dirname(VENDOR_UNIT_PATH)), { recursive: true });
    await writeFile(join(root, VENDOR_UNIT_PATH), renderUnit({ kind: 'launcher', path: '/usr/bin/simhat' }));
    await enableDaemon({ kind: 'launcher', path: '/usr/bin/simhat' }, { root, systemctl });
    expect(existsSync(join(root, ADMIN_UNIT_PATH))).toBe(false);
    await disableDaemon({ root, systemctl });
    expect(await calls()).toEqual(['enable --now simhat.service', 'disable --now simhat.service']);
    expect(existsSync(join(root, VENDOR_UNIT_PATH))).toBe(true);
  });

  it('a unit someone else wrote is never overwritten; a failing systemctl is reported with its output', async () => {
    await mkdir(join(root, dirname(ADMIN_UNIT_PATH)), { recursive: true });
    await writeFile(join(root, ADMIN_UNIT_PATH), '[Service]\nExecStart=/usr/local/bin/custom\n');
    await expect(enableDaemon(npm, { root, systemctl })).rejects.toThrow(/was not written by simhat/);
    expect(await readFile(join(root, ADMIN_UNIT_PATH), 'utf8')).toBe('[Service]\nExecStart=/usr/local/bin/custom\n');
    await rm(join(root, ADMIN_UNIT_PATH));
    await writeFile(systemctl, '#!/bin/sh\necho "Failed to connect to bus: No such file or directory" >&2\nexit 1\n');
    await chmod(systemctl, 0o755);
    await expect(enableDaemon(npm, { root, systemctl })).rejects.toThrow('systemctl daemon-reload failed: Failed to connect to bus: No such file or directory');
    await expect(enableDaemon(npm, { root, systemctl: join(tmp, 'no-such-systemctl') })).rejects.toThrow(/systemctl is not installed/);
  });
});
