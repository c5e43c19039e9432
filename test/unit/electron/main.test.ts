// The Electron main process (src-main/electron/main.ts) with `electron` replaced by a double that
// records the window options, session handlers and IPC handlers it installs (the Electron binary cannot
// be downloaded here). Run with `--demo seed`, so the real service runs on the twin behind the IPC.
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Envelope } from '../../../src-main/api/contract.js';
import { API_METHODS, channelOf } from '../../../src-main/api/wire.js';

const e = vi.hoisted(() => ({
  sandboxEnabled: false,
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: Record<string, unknown>; loaded: string | null; webContents: { id: number; mainFrame: { url: string }; send: () => void; isDestroyed: () => boolean } }[],
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  permissionRequest: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  headers: undefined as undefined | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  opened: [] as string[],
  quit: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: { id: number; mainFrame: { url: string }; send: () => void; isDestroyed: () => boolean };
    record: (typeof e.windows)[number];
    constructor(options: Record<string, unknown>) {
      this.webContents = { id: 100 + e.windows.length, mainFrame: { url: 'about:blank' }, send: () => {}, isDestroyed: () => false };
      this.record = { options, loaded: null, webContents: this.webContents };
      e.windows.push(this.record);
    }
    once() {}
    on() {}
    show() {}
    async loadFile(path: string) {
      this.record.loaded = path;
      this.webContents.mainFrame.url = `file://${path}`;
    }
    static getAllWindows() {
      return e.windows;
    }
  }
  return {
    app: {
      enableSandbox: () => (e.sandboxEnabled = true),
      on: (name: string, fn: (...args: unknown[]) => void) => e.appListeners.set(name, fn),
      whenReady: () => Promise.resolve(),
      quit: () => e.quit++,
    },
    BrowserWindow,
    ipcMain: {
      handle: (c: string, fn: (event: unknown, ...args: unknown[]) => unknown) => e.ipc.set(c, fn),
      removeHandler: (c: string) => e.ipc.delete(c),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof e.permissionRequest) => (e.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof e.permissionCheck) => (e.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: typeof e.headers) => (e.headers = fn) },
      },
    },
    shell: { openExternal: async (url: string) => void e.opened.push(url) },
  };
});

const invoke = (method: string, params: unknown, sender = e.windows[0]!.webContents) =>
  Promise.resolve(e.ipc.get(channelOf(method as never))!({ sender: { id: sender.id }, senderFrame: sender.mainFrame }, params)) as Promise<Envelope<unknown>>;

beforeAll(async () => {
  process.argv.push('--demo', 'seed');
  const main = await import('../../../src-main/electron/main.js');
  expect(main.demoScenario(['--demo'])).toBe('seed');
  const deadline = Date.now() + 10_000;
  while (e.windows.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
});

afterAll(async () => {
  e.appListeners.get('window-all-closed')?.();
  const deadline = Date.now() + 5000;
  while (e.quit === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
});

describe('Electron main', () => {
  it('opens one window with the secure webPreferences and the bundled preload', () => {
    expect(e.sandboxEnabled).toBe(true);
    expect(e.windows).toHaveLength(1);
    const prefs = e.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(String(prefs['preload'])).toMatch(/dist\/preload\/preload\.cjs$/);
    expect(e.windows[0]!.loaded).toMatch(/renderer\/index\.html$/);
    expect(e.windows[0]!.options).toMatchObject({ minWidth: 800, minHeight: 480 });
  });

  it('hardens every WebContents the app creates', () => {
    expect(e.appListeners.has('web-contents-created')).toBe(true);
    const events: string[] = [];
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string) => events.push(name),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    };
    e.appListeners.get('web-contents-created')!({}, contents);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    expect(openHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
  });

  it('denies permission requests and sets the CSP header', () => {
    const answers: boolean[] = [];
    e.permissionRequest!(null, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(e.permissionCheck!()).toBe(false);
    let out: Record<string, string[]> = {};
    e.headers!({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']![0]).toContain("script-src 'self'");
  });

  it('registers one IPC handler per method, answering only its window', async () => {
    expect([...e.ipc.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
    const info = await invoke('appInfo', {});
    expect(info.result).toMatchObject({ demo: 'seed' });
    const stranger = { id: 999, mainFrame: { url: pathToFileURL('/tmp/evil.html').href }, send: () => {}, isDestroyed: () => false };
    expect((await invoke('appInfo', {}, stranger)).error?.code).toBe('forbidden');
  });

  it('opens only allow-listed https URLs in the browser', async () => {
    expect((await invoke('openExternal', { url: 'https://github.com/simhat' })).result).toEqual({ opened: true });
    expect((await invoke('openExternal', { url: 'https://evil.example/' })).result).toEqual({ opened: false });
    expect((await invoke('openExternal', { url: 'file:///etc/passwd' })).error?.code).toBe('invalid-argument');
    expect(e.opened).toEqual(['https://github.com/simhat']);
  });
});
