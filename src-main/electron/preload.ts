// Preload (bundled by esbuild to one CJS file, runs sandboxed): exposes exactly one function per Api
// method through contextBridge (Podman Desktop style) plus onEvent. Replies are { error, result }
// envelopes; an error is rebuilt into a thrown Error here. contextBridge keeps only an Error's message,
// so the { code, message, hint } travels encoded in it (src-main/api/bridge-error.ts) and the renderer
// restores it (src-renderer/src/lib/api.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { type ApiEvent, type Envelope } from '../api/contract.js';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../api/wire.js';
import { encodeBridgeError } from '../api/bridge-error.js';

function unwrap(envelope: Envelope<unknown>): unknown {
  if (envelope && typeof envelope === 'object' && envelope.error) throw encodeBridgeError(envelope.error);
  return envelope?.result;
}

const bridge: Record<string, unknown> = {};
for (const method of API_METHODS) {
  bridge[method] = async (params?: unknown) => unwrap((await ipcRenderer.invoke(channelOf(method), params ?? {})) as Envelope<unknown>);
}
bridge['onEvent'] = (listener: (event: ApiEvent) => void) => {
  const handler = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('simhat', bridge);
