// Paths and flags the Electron main process computes (src-main/electron/app-paths.ts), for the three
// ways it runs: built in a checkout (`npm start`), packaged (app.asar), and from source (tests).
import { describe, expect, it } from 'vitest';
import { demoScenario, distRootFor } from '../../../src-main/electron/app-paths.js';

describe('distRootFor', () => {
  it.each([
    ['checkout, built', 'file:///home/ann/simhat/dist/main/electron/main.js', 'file:///home/ann/simhat/dist/'],
    ['packaged deb (asar)', 'file:///opt/simhat/resources/app.asar/dist/main/electron/main.js', 'file:///opt/simhat/resources/app.asar/dist/'],
    ['packaged Windows, spaces', 'file:///C:/Program%20Files/simhat/resources/app.asar/dist/main/electron/main.js', 'file:///C:/Program%20Files/simhat/resources/app.asar/dist/'],
    ['from source', 'file:///home/ann/simhat/src-main/electron/main.ts', 'file:///home/ann/simhat/dist/'],
    // A checkout that itself lies under some dist/main/ folder must not fool the check.
    ['source under a dist/main folder', 'file:///srv/dist/main/simhat/src-main/electron/main.ts', 'file:///srv/dist/main/simhat/dist/'],
  ])('%s', (_name, moduleUrl, expected) => {
    const root = distRootFor(moduleUrl);
    expect(root.href).toBe(expected);
    expect(new URL('preload/preload.cjs', root).href).toBe(`${expected}preload/preload.cjs`);
    expect(new URL('renderer/index.html', root).href).toBe(`${expected}renderer/index.html`);
  });
});

describe('demoScenario', () => {
  it.each([
    // argv as Electron gives it: [exe, app root, ...] from `npm start`, [exe, ...] when packaged.
    ['npm start -- --demo seed', ['/x/electron', '/home/ann/simhat', '--demo', 'seed'], 'seed'],
    ['npm start -- --demo fresh', ['/x/electron', '/home/ann/simhat', '--demo', 'fresh'], 'fresh'],
    ['--demo alone', ['/x/electron', '/home/ann/simhat', '--demo'], 'seed'],
    ['--demo then a switch', ['/x/electron', '/home/ann/simhat', '--demo', '--enable-logging'], 'seed'],
    ['--demo=good', ['/opt/simhat/simhat', '--demo=good'], 'good'],
    ['--demo= empty', ['/opt/simhat/simhat', '--demo='], 'seed'],
    ['packaged, after a Chromium switch', ['/opt/simhat/simhat', '--no-sandbox', '--demo', 'no-sim'], 'no-sim'],
    ['no flag', ['/x/electron', '/home/ann/simhat'], null],
    ['similar flag is not --demo', ['/x/electron', '/home/ann/simhat', '--demonstrate', 'x'], null],
  ])('%s', (_name, argv, expected) => {
    expect(demoScenario(argv)).toBe(expected);
  });
});
