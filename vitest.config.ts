import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// A test (or the CLI it spawns) never reads or writes the machine user's ~/.config/simhat: each test file
// gets a settings folder of its own (test/helpers/isolate-config.ts); tests that need one set it.
// Nor does it attach to a daemon running on the machine: tests that start one point SIMHAT_SOCKET at it.
const NO_DAEMON = join(tmpdir(), `simhat-test-no-daemon-${process.pid}.sock`);
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: ['test/unit/renderer/**'],
          // dist/main built once before any file runs: CLI tests spawn the bin in parallel.
          globalSetup: ['test/helpers/build-main-once.ts'],
          env: { SIMHAT_SOCKET: NO_DAEMON },
          setupFiles: ['test/helpers/isolate-config.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/unit/renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
