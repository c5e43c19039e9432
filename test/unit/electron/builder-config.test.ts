// electron-builder.yml checked by electron-builder 26's own validator (app-builder-lib validateConfiguration
// over its scheme.json) and against what is really installed: the native modules' files must be unpacked
// from the asar and be N-API (no electron-rebuild), the extraResources the deb scripts use must exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(join(REPO, 'package.json'));
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));

type Validate = (config: unknown, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
type Minimatch = (path: string, pattern: string, options?: { dot?: boolean }) => boolean;
const { validateConfiguration } = builderRequire('./out/util/config/config.js') as { validateConfiguration: Validate };
const minimatch = builderRequire('minimatch') as Minimatch | { minimatch: Minimatch };
const match: Minimatch = typeof minimatch === 'function' ? minimatch : minimatch.minimatch;
const yaml = builderRequire('js-yaml') as { load: (text: string) => unknown };

interface Config {
  files: string[];
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  npmRebuild?: boolean;
  linux: { target: { target: string; arch: string[] }[]; maintainer?: string };
  extraMetadata?: { homepage?: string };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
}
const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
const quiet = { isEnabled: false, add: () => {} };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder 26 schema validation', async () => {
    await expect(validateConfiguration(structuredClone(config), quiet)).resolves.toBeUndefined();
  });

  it('the validator rejects the old linux-level arch key (so the check above can fail)', async () => {
    const bad = structuredClone(config) as Config & { linux: { arch?: string[] } };
    bad.linux.arch = ['x64'];
    await expect(validateConfiguration(bad, quiet)).rejects.toThrow(/arch/);
  });

  it('builds deb and AppImage for x64 and arm64', () => {
    const targets = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
  });

  it('carries the metadata fpm requires for a deb (homepage, maintainer with email)', () => {
    expect(config.extraMetadata?.homepage).toMatch(/^https:\/\//);
    expect(config.linux.maintainer).toMatch(/<[^@\s>]+@[^@\s>]+>$/);
  });

  it('packs the main module, preload, renderer and resources into the app', () => {
    const needed = [pkg.main, 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'resources/apn/apn-db.json', 'package.json', 'bin/simhat.js'];
    for (const file of needed) expect(config.files.some((g) => match(file, g)), file).toBe(true);
  });

  it('unpacks every native binary of serialport and usb from the asar', () => {
    const natives = ['@serialport', '@node-usb', 'usb', 'serialport']
      .map((d) => join(REPO, 'node_modules', d))
      .filter((d) => existsSync(d))
      .flatMap(walk)
      .filter((p) => p.endsWith('.node'))
      .map((p) => relative(REPO, p).split('\\').join('/'));
    // serialport's prebuilds for every platform, and at least the usb binary of this machine.
    expect(natives.some((p) => p.includes('@serialport/bindings-cpp/prebuilds/linux-arm64/'))).toBe(true);
    expect(natives.some((p) => p.startsWith('node_modules/@node-usb/'))).toBe(true);
    for (const p of natives) expect(config.asarUnpack.some((g) => match(p, g, { dot: true })), p).toBe(true);
    // The JS beside a binary that resolves it relative to itself is unpacked too (node-gyp-build).
    expect(config.asarUnpack.some((g) => match('node_modules/@serialport/bindings-cpp/dist/index.js', g))).toBe(true);
  });

  it('needs no electron-rebuild: the native binaries are N-API and rebuilding is off', () => {
    expect(config.npmRebuild).toBe(false);
    const natives = [
      ...walk(join(REPO, 'node_modules/@serialport/bindings-cpp/prebuilds')),
      ...walk(join(REPO, 'node_modules/@node-usb')).filter((p) => p.endsWith('.node')),
    ];
    expect(natives.length).toBeGreaterThan(0);
    for (const p of natives.filter((f) => f.endsWith('.node'))) {
      const bytes = readFileSync(p).toString('latin1');
      // N-API addons export napi_register_module_v1; ABI-bound ones node_register_module_v<ABI>.
      expect(bytes.includes('napi_register_module_v1'), p).toBe(true);
      expect(/node_register_module_v\d+/.test(bytes), p).toBe(false);
    }
  });

  it('ships the helper, polkit action and udev rule where the deb after-install looks for them', () => {
    const install = readFileSync(join(REPO, config.deb.afterInstall), 'utf8');
    const helperRes = config.extraResources.find((r) => r.from === 'dist/helper');
    const shipped = config.extraResources.find((r) => r.from === 'resources');
    expect(helperRes?.to).toBe('net-helper');
    expect(shipped?.to).toBe('resources');
    // The helper bundle's file name is the one build:helper writes and after-install runs.
    expect(pkg.scripts['build:helper']).toContain('--outfile=dist/helper/simhat-net-helper.mjs');
    expect(install).toContain('$APP_DIR/resources/net-helper/simhat-net-helper.mjs');
    expect(install).toContain('SHIPPED="$D$APP_DIR/resources/resources"');
    for (const name of [/POLICY_NAME='([^']+)'/, /RULE_NAME='([^']+)'/]) {
      const file = name.exec(install)![1]!;
      const dir = file.endsWith('.policy') ? 'polkit' : 'udev';
      expect(existsSync(join(REPO, 'resources', dir, file)), file).toBe(true);
    }
  });

  it('deb scripts exist, parse as bash and are executable; depends keeps the Electron runtime libraries', () => {
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      const path = join(REPO, script);
      execFileSync('bash', ['-n', path]);
      expect(statSync(path).mode & 0o111, script).not.toBe(0);
    }
    // electron-builder's defaults (FpmTarget getDefaultDepends), replaced when depends is set.
    const fpm = readFileSync(builderRequire.resolve('./out/targets/FpmTarget.js'), 'utf8');
    const defaults = JSON.parse(/return (\["libgtk-3-0"[^\]]*\])/.exec(fpm)![1]!) as string[];
    expect(defaults.length).toBeGreaterThan(3);
    for (const dep of defaults) expect(config.deb.depends).toContain(dep);
    expect(config.deb.depends.some((d) => /\bpkexec\b/.test(d))).toBe(true);
  });
});
