// Picks the transport: the Electron preload's bridge when present, else the WebSocket client.
import type { Api } from '../../../src-main/api/contract.js';
import { METHODS, restoreBridgeError } from './wire.js';
import { createWebClient } from './web-client.js';

declare global {
  interface Window {
    /** Set by the Electron preload (src-main/electron/preload.ts) through contextBridge. */
    simhat?: Api;
  }
}

/** The Electron bridge with errors restored to ApiCallError ({ code, message, hint }). */
export function wrapBridge(bridge: Api): Api {
  const api: Record<string, unknown> = { onEvent: bridge.onEvent.bind(bridge) };
  for (const m of METHODS) {
    const fn = bridge[m] as (p: unknown) => Promise<unknown>;
    api[m] = (params: unknown) =>
      fn(params).catch((err: unknown) => {
        throw restoreBridgeError(err);
      });
  }
  return api as unknown as Api;
}

export function connectApi(): Api {
  return window.simhat ? wrapBridge(window.simhat) : createWebClient();
}
