// Preload (bundled to one CJS file, runs sandboxed): exposes the typed Api through contextBridge.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('simhat', {
  version: (): Promise<string> => ipcRenderer.invoke('simhat:version') as Promise<string>,
});
