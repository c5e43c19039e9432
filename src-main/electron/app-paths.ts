// Pure decisions of the Electron main process (main.ts), kept apart so tests need no Electron:
// where the built renderer and preload are, and which demo scenario the command line asks for.

/**
 * dist/ (renderer build + preload bundle) for the main module at `moduleUrl`:
 * - built: <root>/dist/main/electron/main.js → <root>/dist/ — from a checkout (`npm start`, argv[1] is the
 *   app root) and in a packaged app (<resources>/app.asar/dist/…: Electron reads the page and the preload
 *   from inside the asar, electron-builder.yml `files`);
 * - from source (tests, tsx): <root>/src-main/electron/main.ts → <root>/dist/.
 */
export function distRootFor(moduleUrl: string): URL {
  const built = /\/dist\/main\/electron\/[^/]+\.js$/.test(new URL(moduleUrl).pathname);
  return new URL(built ? '../../' : '../../dist/', moduleUrl);
}

/**
 * `--demo` alone means the seed scenario; `--demo <name>` or `--demo=<name>` picks one (issue 7).
 * Looks at every entry: Electron's argv is [exe, <app root>, ...] from a checkout and [exe, ...] when
 * packaged, and Chromium may add switches of its own, so positions are not fixed.
 */
export function demoScenario(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--demo=')) return arg.slice('--demo='.length) || 'seed';
    if (arg === '--demo') {
      const next = argv[i + 1];
      return next !== undefined && next !== '' && !next.startsWith('-') ? next : 'seed';
    }
  }
  return null;
}
