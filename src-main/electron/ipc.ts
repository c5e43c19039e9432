// IPC wiring of the Electron face (issue 7): one ipcMain handler per Api method, channel `simhat:<method>`.
// Every handler first checks that the sender is the main frame of our own window showing our own page
// (Electron security checklist #17), then hands the payload to the same wire handling as the WebSocket
// and the daemon socket (api/wire-server.ts: JSON data only, size cap, own keys, contract validation),
// and answers with an { error, result } envelope (errors cross as { code, message, hint }, never as
// stacks). Nothing a renderer sends can throw out of a handler (issue 15).
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Api, ApiEvent, Envelope } from '../api/contract.js';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../api/wire.js';
import { createWireServer, type WireLog } from '../api/wire-server.js';

/** The part of ipcMain used here (so tests can pass a double). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of a BrowserWindow used for sender checks. */
export interface TrustedWindow {
  webContents: Pick<WebContents, 'id' | 'mainFrame' | 'send' | 'isDestroyed'>;
}

/**
 * True only for the main frame of our window, on our own page (file:// URL of the packaged renderer).
 * A subframe, another window, or our window after a (blocked, but defence in depth) navigation is refused.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, win: TrustedWindow | null, pageUrl: string): boolean {
  if (!win || win.webContents.isDestroyed()) return false;
  if (event.sender.id !== win.webContents.id) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  const expected = new URL(pageUrl);
  return url.protocol === expected.protocol && url.host === expected.host && url.pathname === expected.pathname;
}

export interface IpcOptions {
  ipcMain: IpcMainLike;
  api: Api;
  /** The window whose main frame may call (looked up at call time: it may be recreated). */
  window: () => TrustedWindow | null;
  /** file:// URL of renderer/index.html. */
  pageUrl: string;
  /** Called for refused senders (logging). */
  onRefused?: (channel: string, reason: string) => void;
  /** Where refused payloads are reported (default: nowhere). */
  log?: WireLog;
}

/** Registers every handler and the event forwarder; returns the function that removes them. */
export function registerIpc(opts: IpcOptions): () => void {
  const wire = createWireServer({ api: opts.api, peer: 'ipc', ...(opts.log ? { log: opts.log } : {}) });
  for (const method of API_METHODS) {
    const channel = channelOf(method);
    opts.ipcMain.handle(channel, async (event, ...args): Promise<Envelope<unknown>> => {
      try {
        if (!isTrustedSender(event, opts.window(), opts.pageUrl)) {
          opts.onRefused?.(channel, 'sender is not our window');
          return { error: { code: 'forbidden', message: 'This caller may not use simhat' } };
        }
        if (args.length > 1) return { error: { code: 'invalid-argument', message: 'one parameter object expected' } };
        return await wire.call(method, args[0]);
      } catch {
        // Defence in depth (a throwing sender check, a broken frame object): never a rejected invoke.
        return { error: { code: 'internal', message: 'simhat could not handle this request' } };
      }
    });
  }
  const off = opts.api.onEvent((event: ApiEvent) => {
    const win = opts.window();
    if (win && !win.webContents.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    off();
    for (const method of API_METHODS) opts.ipcMain.removeHandler(channelOf(method));
  };
}
