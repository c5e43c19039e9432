// What Electron loads, as built: the sandboxed preload may require nothing but `electron` (a sandboxed
// preload has no Node require: one CJS bundle, package.json build:preload), and resource files are found
// from source, from dist/ and from a packaged app (<resources>/app.asar/..., electron-builder.yml `files`).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../../src-main/platform/files/resource-path.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'simhat-bundles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('preload bundle', () => {
  it('build:preload makes one CJS file whose only require is electron', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const args = pkg.scripts['build:preload']!.split(' ');
    expect(args[0]).toBe('esbuild');
    const out = join(tmp, 'preload.cjs');
    // The same command line, writing to a temp file instead of dist/ (others may be reading dist/).
    const argv = args.slice(1).map((a) => (a.startsWith('--outfile=') ? `--outfile=${out}` : a));
    expect(argv).toContain('--bundle');
    expect(argv).toContain('--format=cjs');
    // node_modules/.bin/esbuild: after a normal install esbuild's bin is its native executable, not JS.
    execFileSync(join(REPO, 'node_modules/.bin/esbuild'), argv, { cwd: REPO });
    const code = readFileSync(out, 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).toContain('contextBridge');
  });
});

describe('resource-path', () => {
  it('from source: the repository resources/', () => {
    expect(resourcesDir({})).toBe(join(REPO, 'resources'));
    expect(existsSync(join(resourcesDir({}), 'apn', 'apn-db.json'))).toBe(true);
  });

  it('SIMHAT_RESOURCES_DIR overrides', () => {
    expect(resourcesDir({ SIMHAT_RESOURCES_DIR: '/somewhere/else' })).toBe('/somewhere/else');
  });

  it.each([
    ['built in a checkout', 'checkout'],
    ['packaged (deb/AppImage): inside app.asar', 'opt/simhat/resources/app.asar'],
  ])('%s: the package root resources/ beside dist/', (_name, appRoot) => {
    const built = join(REPO, 'dist/main/platform/files/resource-path.js');
    const root = join(tmp, appRoot);
    mkdirSync(join(root, 'dist/main/platform/files'), { recursive: true });
    mkdirSync(join(root, 'resources/apn'), { recursive: true });
    copyFileSync(built, join(root, 'dist/main/platform/files/resource-path.js'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'simhat', type: 'module', version: '0.1.0' }));
    // A parent folder holding another package named simhat must not win over the nearest one.
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'simhat' }));
    // Loaded by plain Node from where it lies, as the app loads it.
    const url = pathToFileURL(join(root, 'dist/main/platform/files/resource-path.js')).href;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(m.resourcesDir({}));`], { encoding: 'utf8' });
    expect(printed.trim()).toBe(join(root, 'resources'));
  });
});
