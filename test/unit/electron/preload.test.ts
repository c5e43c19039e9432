// The preload (src-main/electron/preload.ts) with `electron` replaced by a double: contextBridge records
// what is exposed; ipcRenderer.invoke goes through the real IPC handlers (src-main/electron/ipc.ts) to the
// real service on the twin, so the whole bridge is exercised except Electron itself.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiEvent } from '../../../src-main/api/contract.js';
import { API_METHODS, EVENT_CHANNEL } from '../../../src-main/api/wire.js';
import { registerIpc } from '../../../src-main/electron/ipc.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { restoreBridgeError } from '../../../src-main/api/bridge-error.js';

const PAGE = 'file:///app/dist/renderer/index.html';

const bridge = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, Set<(e: unknown, payload: unknown) => void>>();
  const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
  const frame = { url: 'file:///app/dist/renderer/index.html' };
  return { handlers, rendererListeners, exposed, frame };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => {
      bridge.exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      const h = bridge.handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return h({ sender: { id: 1 }, senderFrame: bridge.frame }, ...args);
    },
    on: (channel: string, fn: (e: unknown, payload: unknown) => void) => {
      const set = bridge.rendererListeners.get(channel) ?? new Set();
      set.add(fn);
      bridge.rendererListeners.set(channel, set);
    },
    removeListener: (channel: string, fn: (e: unknown, payload: unknown) => void) => {
      bridge.rendererListeners.get(channel)?.delete(fn);
    },
  },
}));

let service: Service;

beforeAll(async () => {
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  const win = {
    webContents: {
      id: 1,
      mainFrame: bridge.frame,
      isDestroyed: () => false,
      send: (channel: string, payload: unknown) => {
        for (const l of bridge.rendererListeners.get(channel) ?? []) l({}, payload);
      },
    },
  };
  registerIpc({
    ipcMain: { handle: (c, fn) => bridge.handlers.set(c, fn as never), removeHandler: (c) => bridge.handlers.delete(c) },
    api: service,
    window: () => win as never,
    pageUrl: PAGE,
  });
  await import('../../../src-main/electron/preload.js');
});

afterAll(async () => {
  await service.close();
});

describe('preload bridge', () => {
  it('exposes exactly one function per Api method plus onEvent, as window.simhat', () => {
    const api = bridge.exposed['simhat']!;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent'].sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
  });

  it('returns results from the main process', async () => {
    const modems = (await bridge.exposed['simhat']!['listModems']!({})) as { id: string }[];
    expect(modems.map((m) => m.id)).toEqual(['usb:1-1.3']);
  });

  it('rebuilds { error } envelopes into thrown errors the renderer turns back into { code, message, hint }', async () => {
    const err = await (bridge.exposed['simhat']!['getStatus']!({ modemId: 'usb:9-9' }) as Promise<unknown>).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(restoreBridgeError(err)).toMatchObject({ code: 'no-modem', message: 'No modem usb:9-9', hint: expect.stringContaining('Plug the modem in') });
    const invalid = await (bridge.exposed['simhat']!['atSend']!({ modemId: 'usb:1-1.3', command: 'AT\r\nAT+CRESET' }) as Promise<unknown>).catch((e: unknown) => e);
    expect(restoreBridgeError(invalid)).toMatchObject({ code: 'invalid-argument' });
  });

  it('delivers pushed events to onEvent listeners until unsubscribed', async () => {
    const seen: ApiEvent[] = [];
    const off = bridge.exposed['simhat']!['onEvent']!((e: ApiEvent) => seen.push(e)) as () => void;
    await bridge.exposed['simhat']!['runDoctor']!({ modemId: 'usb:1-1.3' });
    const deadline = Date.now() + 5000;
    while (!seen.some((e) => e.type === 'operation-end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(seen.some((e) => e.type === 'progress')).toBe(true);
    off();
    expect(bridge.rendererListeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});

