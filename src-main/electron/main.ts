// Electron main process: one window, secure defaults; the service lives in this process.
import { app, BrowserWindow, ipcMain } from 'electron';
import { fileURLToPath } from 'node:url';

const distRoot = new URL('../../', import.meta.url);

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 480,
    webPreferences: {
      preload: fileURLToPath(new URL('preload/preload.cjs', distRoot)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  await win.loadFile(fileURLToPath(new URL('renderer/index.html', distRoot)));
}

ipcMain.handle('simhat:version', () => app.getVersion());
void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
