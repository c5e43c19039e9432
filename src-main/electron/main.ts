// Electron main process (issue 7): one window with secure defaults; the service lives in this process
// and reaches the renderer only through the validated IPC handlers of ./ipc.ts.
// `npm start -- --demo [scenario]` runs on the simulated modem (default scenario seed).
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { demoScenario, distRootFor } from './app-paths.js';
import { registerIpc } from './ipc.js';
import { hardenContents, hardenSession, isAllowedExternal } from './security.js';
import type { Api } from '../api/contract.js';
import { attachOrOpen, type FaceApi } from '../compose/open-service.js';

// dist/ holds the renderer build and the preload bundle (see ./app-paths.ts for the layouts).
const distRoot = distRootFor(import.meta.url);
const pagePath = fileURLToPath(new URL('renderer/index.html', distRoot));
const pageUrl = pathToFileURL(pagePath).href;

export { demoScenario };

let win: BrowserWindow | null = null;
let service: FaceApi | null = null;

// Reviewed for electronegativity OPEN_EXTERNAL_JS_CHECK: only allow-listed https URLs reach the OS.
function openExternal(url: string): void {
  if (isAllowedExternal(url)) void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 480,
    show: false,
    webPreferences: {
      // Reviewed for electronegativity PRELOAD_JS_CHECK: the preload exposes one validated function per
      // Api method through contextBridge, nothing else (src-main/electron/preload.ts).
      preload: fileURLToPath(new URL('preload/preload.cjs', distRoot)) /* eng-disable PRELOAD_JS_CHECK */,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in a new window (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  await win.loadFile(pagePath);
}

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession);
  let face: FaceApi;
  try {
    // With the daemon running (issue 11) the window is one more client of it; else the app runs its own service.
    face = await attachOrOpen({ demo: demoScenario(process.argv) });
  } catch (err) {
    // e.g. `npm start -- --demo nope`: say why and leave, instead of a process with no window.
    console.error(`simhat: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(2);
    return;
  }
  service = face;
  const api = face.api;
  registerIpc({
    ipcMain,
    // Refused payloads (issue 15) are logged, one line each, never thrown into the main process.
    log: (level, message) => (level === 'warn' ? console.warn : console.info)(`simhat ipc: ${message}`),
    // The renderer may ask to open a link; only allow-listed https URLs ever reach the OS.
    api: Object.assign(Object.create(api) as Api, {
      openExternal: async ({ url }: { url: string }) => {
        const ok = isAllowedExternal(url);
        if (ok) await shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
        return { opened: ok };
      },
    }),
    window: () => win,
    pageUrl,
    onRefused: (channel, reason) => console.warn(`simhat: refused IPC on ${channel}: ${reason}`),
  });
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  void service?.close().finally(() => app.quit());
});
