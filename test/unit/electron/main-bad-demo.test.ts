// `npm start -- --demo <unknown>`: the main process says why and exits 2 instead of sitting there with
// no window (src-main/electron/main.ts). `electron` is a test double (the binary cannot be downloaded here).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const e = vi.hoisted(() => ({ exits: [] as number[], windows: 0, errors: [] as string[] }));

vi.mock('electron', () => ({
  app: {
    enableSandbox: () => {},
    on: () => {},
    whenReady: () => Promise.resolve(),
    exit: (code: number) => void e.exits.push(code),
    quit: () => {},
  },
  BrowserWindow: class {
    constructor() {
      e.windows++;
    }
  },
  ipcMain: { handle: () => {}, removeHandler: () => {} },
  session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, webRequest: { onHeadersReceived: () => {} } } },
  shell: { openExternal: async () => {} },
}));

const argv = [...process.argv];
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation((msg: unknown) => void e.errors.push(String(msg)));
  process.argv.push('--demo', 'no-such-scenario');
  await import('../../../src-main/electron/main.js');
  const deadline = Date.now() + 5000;
  while (e.exits.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
});
afterAll(() => {
  process.argv.splice(0, process.argv.length, ...argv);
  vi.restoreAllMocks();
});

describe('Electron main with an unknown demo scenario', () => {
  it('prints the reason and exits 2 without opening a window', () => {
    expect(e.exits).toEqual([2]);
    expect(e.windows).toBe(0);
    expect(e.errors.join('\n')).toMatch(/simhat: .*no-such-scenario/);
  });
});
