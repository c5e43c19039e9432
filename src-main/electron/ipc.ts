// IPC wiring of the Electron face (issue 7): one ipcMain handler per Api method, channel `simhat:<method>`.
// Every handler first checks that the sender is the main frame of our own window showing our own page
// (Electron security checklist #17), then validates the payload against the contract, then answers with
// an { error, result } envelope (errors cross as { code, message, hint }, never as stacks).
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { type Api, type ApiEvent, type Envelope } from '../api/contract.js';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../api/wire.js';
import { toApiError, validateCall } from '../api/validate.js';

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
}

/** Registers every handler and the event forwarder; returns the function that removes them. */
export function registerIpc(opts: IpcOptions): () => void {
  for (const method of API_METHODS) {
    const channel = channelOf(method);
    opts.ipcMain.handle(channel, async (event, ...args): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, opts.window(), opts.pageUrl)) {
        opts.onRefused?.(channel, 'sender is not our window');
        return { error: { code: 'forbidden', message: 'This caller may not use simhat' } };
      }
      try {
        if (args.length > 1) throw Object.assign(new Error('one parameter object expected'), { code: 'invalid-argument' });
        const { params } = validateCall(method, args[0]);
        const fn = opts.api[method] as (p: unknown) => Promise<unknown>;
        const result = await fn.call(opts.api, params);
        return { result: result ?? null };
      } catch (err) {
        return { error: toApiError(err) };
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
