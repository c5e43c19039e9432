// The .deb's /usr/bin/simhat launcher (issue 11) as the package installs it (after-install.sh
// rendered like electron-builder does, into a temp root), run with a stand-in for the Electron
// binary: `simhat` alone and `simhat --demo seed` start the desktop app; `simhat <command>`,
// `--help` and `--version` run the real CLI with the runtime in Node mode. The systemd unit is
// installed, not enabled; after-remove takes both away.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, sh } from '../../helpers/netns.js';

const NAME = 'simhat';
let tmp: string;
let root: string;
let scripts: { install: string; remove: string };

async function render(src: string, dest: string): Promise<string> {
  const vars: Record<string, string> = { executable: NAME, sanitizedProductName: NAME };
  const body = (await readFile(join(REPO, src), 'utf8')).replace(/\$\{([a-zA-Z]+)\}/g, (_m, k: string) => {
    if (!(k in vars)) throw new Error(`Macro ${k} is not defined`);
    return vars[k] as string;
  });
  await writeFile(dest, body, { mode: 0o755 });
  return dest;
}

/** What the .deb unpacks under /opt/simhat, with a stand-in runtime and this checkout as resources/app. */
async function unpackedRoot(): Promise<string> {
  const r = join(tmp, 'root');
  const app = join(r, 'opt', NAME);
  for (const d of ['polkit', 'udev', 'systemd']) await mkdir(join(app, 'resources/resources', d), { recursive: true });
  await mkdir(join(app, 'resources/net-helper'), { recursive: true });
  // The Electron binary's stand-in: in Node mode it is Node; otherwise it reports that the desktop app started.
  await writeFile(
    join(app, NAME),
    `#!/bin/sh\nif [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then exec '${process.execPath}' "$@"; fi\necho "desktop app [$*]"\n`,
    { mode: 0o755 },
  );
  await writeFile(join(app, 'chrome-sandbox'), 'stand-in\n', { mode: 0o755 });
  // asar: false: the app's files as plain files (this checkout, built).
  await symlink(REPO.replace(/\/$/, ''), join(app, 'resources/app'));
  await copyFile(join(REPO, 'resources/polkit/io.github.simhat.net-helper.policy'), join(app, 'resources/resources/polkit/io.github.simhat.net-helper.policy'));
  await copyFile(join(REPO, 'resources/udev/77-simhat-modem.rules'), join(app, 'resources/resources/udev/77-simhat-modem.rules'));
  await copyFile(join(REPO, 'resources/systemd/simhat.service'), join(app, 'resources/resources/systemd/simhat.service'));
  await writeFile(join(app, 'resources/net-helper/simhat-net-helper.mjs'), '// the bundled helper (not run here)\n');
  return r;
}

/** Runs /usr/bin/simhat of the temp root with the temp /opt bind-mounted over /opt (private mount namespace). */
const simhat = (args: string[]) =>
  sh('unshare', ['-m', '--propagation', 'private', process.execPath, join(REPO, 'test/integration/net/fixtures/run-with-opt.mjs'), join(root, 'opt'), join(root, 'usr/bin/simhat'), ...args], 30_000);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), `simhat-launcher-${randomBytes(3).toString('hex')}-`));
  scripts = {
    install: await render('resources/deb/after-install.sh', join(tmp, 'after-install')),
    remove: await render('resources/deb/after-remove.sh', join(tmp, 'after-remove')),
  };
  root = await unpackedRoot();
  const r = await sh('/bin/bash', [scripts.install, 'configure'], 15_000, { SIMHAT_DESTDIR: root });
  if (r.code !== 0) throw new Error(`after-install failed: ${r.stderr}`);
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('/usr/bin/simhat from the .deb', () => {
  it('is a launcher script (0755), not a link to the Electron binary, with no temp file left', async () => {
    const launcher = join(root, 'usr/bin/simhat');
    expect((await lstat(launcher)).isFile()).toBe(true);
    expect((await stat(launcher)).mode & 0o777).toBe(0o755);
    expect((await readFile(launcher, 'utf8')).startsWith('#!/bin/sh\n')).toBe(true);
    expect(await readdir(join(root, 'usr/bin'))).toEqual(['simhat']);
  });

  it('`simhat` alone and with options only opens the desktop app', async () => {
    const alone = await simhat([]);
    expect(alone.stdout).toBe('desktop app []\n');
    const demo = await simhat(['--demo', 'seed']);
    expect(demo.stdout).toBe('desktop app [--demo seed]\n');
  });

  it('`simhat --version`, `--help` and `simhat <command>` run the CLI with the runtime in Node mode', async () => {
    const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const version = await simhat(['--version']);
    expect(version.stdout, version.stderr).toBe(`simhat ${pkg.version}\n`);
    const help = await simhat(['--help']);
    expect(help.stdout).toContain('Usage: simhat <command> [options]');
    const twinHelp = await simhat(['twin', '--help']);
    expect(twinHelp.stdout).toContain('Usage: simhat twin');
    const json = await simhat(['version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ version: pkg.version });
    const bad = await simhat(['no-such-command']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "no-such-command"');
  });

  it('installs the daemon unit (0644) as shipped and does not enable it', async () => {
    const unit = join(root, 'usr/lib/systemd/system/simhat.service');
    expect(await readFile(unit, 'utf8')).toBe(await readFile(join(REPO, 'resources/systemd/simhat.service'), 'utf8'));
    expect((await stat(unit)).mode & 0o777).toBe(0o644);
    expect(existsSync(join(root, 'etc/systemd/system/multi-user.target.wants/simhat.service'))).toBe(false);
  });

  it('after-remove "upgrade" keeps launcher and unit; "remove" takes both away', async () => {
    const run = (action: string) => sh('/bin/bash', [scripts.remove, action], 15_000, { SIMHAT_DESTDIR: root });
    expect((await run('upgrade')).code).toBe(0);
    expect(existsSync(join(root, 'usr/bin/simhat'))).toBe(true);
    expect(existsSync(join(root, 'usr/lib/systemd/system/simhat.service'))).toBe(true);
    expect((await run('remove')).code).toBe(0);
    expect(existsSync(join(root, 'usr/bin/simhat'))).toBe(false);
    expect(existsSync(join(root, 'usr/lib/systemd/system/simhat.service'))).toBe(false);
  });
});
