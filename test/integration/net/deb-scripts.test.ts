// The .deb's after-install / after-remove scripts (resources/deb) against a temp root
// (SIMHAT_DESTDIR), rendered the way electron-builder renders them: the helper launcher, the
// polkit action and the udev rule land at their fixed paths with the right modes, the default
// chrome-sandbox logic holds, the installed launcher really runs the bundled helper with the
// app's runtime, and after-remove takes it all away again (issue 4, sim7600.md §5).
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_INSTALL_PATH } from '../../../src-main/core/net/verbs.js';
import { REPO, sh } from '../../helpers/netns.js';

const NAME = 'simhat';
let tmp: string;
let scripts: { install: string; remove: string };

/** What app-builder-lib's FpmTarget writeConfigFile does to the templates. */
async function render(src: string, dest: string): Promise<string> {
  const vars: Record<string, string> = { executable: NAME, sanitizedProductName: NAME };
  const body = (await readFile(join(REPO, src), 'utf8')).replace(/\$\{([a-zA-Z]+)\}/g, (_m, k: string) => {
    if (!(k in vars)) throw new Error(`Macro ${k} is not defined`);
    return vars[k] as string;
  });
  await writeFile(dest, body, { mode: 0o755 });
  return dest;
}

/** A temp root holding what the .deb unpacks under /opt/simhat. */
async function unpackedRoot(label: string): Promise<string> {
  const root = join(tmp, label);
  const app = join(root, 'opt', NAME);
  await mkdir(join(app, 'resources/resources/polkit'), { recursive: true });
  await mkdir(join(app, 'resources/resources/udev'), { recursive: true });
  await mkdir(join(app, 'resources/resources/systemd'), { recursive: true });
  await mkdir(join(app, 'resources/net-helper'), { recursive: true });
  // The app's runtime: Node stands in for the Electron binary (both run the helper in Node mode).
  await symlink(process.execPath, join(app, NAME));
  await writeFile(join(app, 'chrome-sandbox'), 'stand-in\n', { mode: 0o755 });
  await copyFile(join(REPO, 'resources/polkit/io.github.simhat.net-helper.policy'), join(app, 'resources/resources/polkit/io.github.simhat.net-helper.policy'));
  await copyFile(join(REPO, 'resources/udev/77-simhat-modem.rules'), join(app, 'resources/resources/udev/77-simhat-modem.rules'));
  await copyFile(join(REPO, 'resources/systemd/simhat.service'), join(app, 'resources/resources/systemd/simhat.service'));
  await copyFile(join(REPO, 'dist/helper/simhat-net-helper.mjs'), join(app, 'resources/net-helper/simhat-net-helper.mjs'));
  return root;
}

const runScript = (script: string, root: string, args: string[] = [], env: Record<string, string> = {}) => sh('/bin/bash', [script, ...args], 15_000, { SIMHAT_DESTDIR: root, ...env });
const mode = async (p: string) => (await stat(p)).mode & 0o7777;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), `simhat-deb-${randomBytes(3).toString('hex')}-`));
  // The real build command of the shipped bundle (package.json build:helper).
  const build = await sh('npm', ['run', '--silent', 'build:helper'], 60_000);
  if (build.code !== 0) throw new Error(`build:helper failed: ${build.stderr}`);
  scripts = {
    install: await render('resources/deb/after-install.sh', join(tmp, 'after-install')),
    remove: await render('resources/deb/after-remove.sh', join(tmp, 'after-remove')),
  };
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('resources/deb scripts against a temp root', () => {
  let root: string;

  it('after-install installs launcher, polkit action and udev rule with the right modes', async () => {
    root = await unpackedRoot('main');
    const r = await runScript(scripts.install, root, ['configure']);
    expect(r.code, r.stderr).toBe(0);
    const launcher = join(root, HELPER_INSTALL_PATH);
    expect(await mode(join(root, 'usr/lib/simhat'))).toBe(0o755);
    expect(await mode(launcher)).toBe(0o755);
    expect((await stat(launcher)).uid).toBe(0);
    const body = await readFile(launcher, 'utf8');
    expect(body.startsWith('#!/bin/sh\n')).toBe(true);
    expect(body).toContain(`exec /usr/bin/env -i ELECTRON_RUN_AS_NODE=1 '/opt/simhat/simhat' '/opt/simhat/resources/net-helper/simhat-net-helper.mjs' "$@"\n`);
    const policy = join(root, 'usr/share/polkit-1/actions/io.github.simhat.net-helper.policy');
    const rule = join(root, 'etc/udev/rules.d/77-simhat-modem.rules');
    expect(await mode(policy)).toBe(0o644);
    expect(await mode(rule)).toBe(0o644);
    expect(await readFile(policy, 'utf8')).toBe(await readFile(join(REPO, 'resources/polkit/io.github.simhat.net-helper.policy'), 'utf8'));
    expect(await readFile(rule, 'utf8')).toBe(await readFile(join(REPO, 'resources/udev/77-simhat-modem.rules'), 'utf8'));
    // /usr/bin/simhat: the launcher that replaced electron-builder's link to the binary (issue 11;
    // its behaviour: test/integration/packaging/deb-launcher.test.ts).
    expect(await readFile(join(root, 'usr/bin/simhat'), 'utf8')).toContain(`APP='/opt/simhat/simhat'`);
    // No temp launcher left behind.
    expect((await sh('ls', ['-A', join(root, 'usr/lib/simhat')])).stdout.trim()).toBe('simhat-net-helper');
  });

  it('chrome-sandbox: 0755 where user namespaces work, root-owned 4755 where they do not', async () => {
    const userns = (await sh('unshare', ['--user', 'true'])).code === 0;
    expect(await mode(join(root, 'opt/simhat/chrome-sandbox'))).toBe(userns ? 0o755 : 0o4755);
    // A machine without user namespaces: `unshare --user` fails there.
    const noUserns = await unpackedRoot('no-userns');
    const bin = join(tmp, 'no-userns-bin');
    await mkdir(bin);
    await writeFile(join(bin, 'unshare'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const r = await runScript(scripts.install, noUserns, ['configure'], { PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin` });
    expect(r.code, r.stderr).toBe(0);
    const sandbox = await stat(join(noUserns, 'opt/simhat/chrome-sandbox'));
    expect(sandbox.mode & 0o7777).toBe(0o4755);
    expect([sandbox.uid, sandbox.gid]).toEqual([0, 0]);
  });

  it('running it again (upgrade, reconfigure) changes nothing', async () => {
    const before = await readFile(join(root, HELPER_INSTALL_PATH), 'utf8');
    const r = await runScript(scripts.install, root, ['configure', '0.1.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(root, HELPER_INSTALL_PATH), 'utf8')).toBe(before);
    expect((await sh('ls', ['-A', join(root, 'usr/lib/simhat')])).stdout.trim()).toBe('simhat-net-helper');
  });

  it('the installed launcher runs the bundled helper with the app runtime (validation inside)', async () => {
    // /opt of a private mount namespace is our temp tree, so the launcher's absolute paths resolve.
    const viaLauncher = (args: string[]) =>
      sh('unshare', ['-m', '--propagation', 'private', process.execPath, join(REPO, 'test/integration/net/fixtures/run-with-opt.mjs'), join(root, 'opt'), join(root, HELPER_INSTALL_PATH), ...args], 20_000);
    const last = (out: string) => JSON.parse(out.trim().split('\n').pop() ?? '') as { ok: boolean; error?: { code: string; message: string } };
    const [bogus, injected, rooted, missing] = await Promise.all([
      viaLauncher(['reboot']),
      viaLauncher(['set-metric', 'iface=usb0;reboot', 'gateway=192.0.2.1', 'metric=50']),
      viaLauncher(['udev-rule', 'action=install', `root=${tmp}`]),
      // A valid request reaches the verb's execution: the interface is checked on this host.
      viaLauncher(['set-metric', `iface=nx${randomBytes(3).toString('hex')}`, 'gateway=192.0.2.1', 'metric=50']),
    ]);
    expect(bogus.code, bogus.stderr).toBe(2);
    expect(last(bogus.stdout).error?.message).toMatch(/unknown verb "reboot"/);
    expect(injected.code).toBe(2);
    expect(last(injected.stdout).error?.code).toBe('invalid-argument');
    expect(last(rooted.stdout).error?.message).toMatch(/root prefix is only accepted in-process/);
    expect(missing.code).toBe(1);
    expect(last(missing.stdout).error?.code).toBe('interface-missing');
  });

  it('after-remove "upgrade" keeps them; "remove" deletes them; "purge" also drops the leases', async () => {
    const launcher = join(root, HELPER_INSTALL_PATH);
    expect((await runScript(scripts.remove, root, ['upgrade', '0.2.0'])).code).toBe(0);
    expect((await lstat(launcher)).isFile()).toBe(true);
    const r = await runScript(scripts.remove, root, ['remove']);
    expect(r.code, r.stderr).toBe(0);
    for (const p of [HELPER_INSTALL_PATH, '/usr/lib/simhat', '/usr/share/polkit-1/actions/io.github.simhat.net-helper.policy', '/etc/udev/rules.d/77-simhat-modem.rules', '/usr/bin/simhat']) {
      await expect(lstat(join(root, p)), p).rejects.toMatchObject({ code: 'ENOENT' });
    }
    // What dpkg owns (/opt) is dpkg's to remove.
    expect((await lstat(join(root, 'opt/simhat/resources/net-helper/simhat-net-helper.mjs'))).isFile()).toBe(true);
    await mkdir(join(root, 'var/lib/simhat'), { recursive: true });
    await writeFile(join(root, 'var/lib/simhat/dhclient-usb0.leases'), '');
    expect((await runScript(scripts.remove, root, ['purge'])).code).toBe(0);
    await expect(lstat(join(root, 'var/lib/simhat'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a relative SIMHAT_DESTDIR is refused before anything is written', async () => {
    for (const script of [scripts.install, scripts.remove]) {
      const r = await runScript(script, 'relative/root', ['configure']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/SIMHAT_DESTDIR must be an absolute path/);
    }
  });
});
