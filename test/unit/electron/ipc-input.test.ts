// Issue 15 item 1 on the Electron face: whatever a renderer passes through ipcRenderer.invoke (a
// structured clone: Maps, Dates, BigInt, cycles, own __proto__ keys, huge strings), the handler answers
// with an error envelope: it never rejects, never throws, and the service never sees the payload.
// `electron` is replaced by a small double (its binary cannot run here); the real service on the twin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { type Envelope } from '../../../src-main/api/contract.js';
import { channelOf } from '../../../src-main/api/wire.js';
import { registerIpc, type IpcMainLike, type TrustedWindow } from '../../../src-main/electron/ipc.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const PAGE = 'file:///opt/simhat/resources/app/dist/renderer/index.html';
type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const handlers = new Map<string, Handler>();
const ipc: IpcMainLike = {
  handle: (channel, listener) => void handlers.set(channel, listener as Handler),
  removeHandler: (channel) => void handlers.delete(channel),
};
const mainFrame = { url: PAGE };
const win = { webContents: { id: 1, mainFrame, send: () => {}, isDestroyed: () => false } } as unknown as TrustedWindow;
const trusted = { sender: { id: 1 }, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
const invoke = (method: string, event: unknown, ...args: unknown[]) => Promise.resolve((handlers.get(channelOf(method as never)) as Handler)(event as IpcMainInvokeEvent, ...args)) as Promise<Envelope<unknown>>;

let service: Service;
const logged: string[] = [];
beforeAll(() => {
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  registerIpc({ ipcMain: ipc, api: service, window: () => win, pageUrl: PAGE, log: (_l, m) => logged.push(m) });
});
afterAll(async () => {
  await service.close();
});

const cyclic: Record<string, unknown> = { modemId: 'usb:1-1.3' };
cyclic['me'] = cyclic;

describe('IPC payloads a renderer could send', () => {
  it.each<[string, string, unknown, string]>([
    ['a Map as params', 'getStatus', new Map([['modemId', 'usb:1-1.3']]), 'invalid-argument'],
    ['a BigInt', 'getLogs', { limit: 5n }, 'invalid-argument'],
    ['a Date', 'getLogs', { limit: new Date() }, 'invalid-argument'],
    ['a cycle', 'getStatus', cyclic, 'invalid-argument'],
    ['an own __proto__', 'getStatus', JSON.parse('{"__proto__":{"x":1},"modemId":"usb:1-1.3"}'), 'invalid-argument'],
    ['an own constructor', 'updateSettings', JSON.parse('{"settings":{"constructor":{"prototype":{"policy":"primary"}}}}'), 'invalid-argument'],
    ['toString', 'listModems', { toString: 'x' }, 'invalid-argument'],
    ['a 70 KB paste', 'validateApn', { settings: { apn: 'x'.repeat(70_000), ipType: 'IP', username: '', password: '', auth: 'none' } }, 'request-too-large'],
    ['an ArrayBuffer', 'atSend', new ArrayBuffer(8), 'invalid-argument'],
    ['an Error object', 'atSend', new Error('x'), 'invalid-argument'],
  ])('%s gets an error envelope', async (_name, method, params, code) => {
    const r = await invoke(method, trusted, params);
    expect(r.error?.code).toBe(code);
    expect(r.result).toBeUndefined();
  });

  it('a sender whose frame throws when read gets an error envelope, not a rejected invoke', async () => {
    const hostile = {
      sender: { id: 1 },
      get senderFrame(): never {
        throw new Error('frame destroyed');
      },
    };
    expect(await invoke('listModems', hostile, {})).toEqual({ error: { code: 'internal', message: 'simhat could not handle this request' } });
  });

  it('the service saw none of it, and still answers', async () => {
    expect(logged.some((l) => l.startsWith('ipc: refused params:'))).toBe(true);
    const r = await invoke('listModems', trusted, {});
    expect(r.result).toEqual([expect.objectContaining({ id: 'usb:1-1.3' })]);
    const settings = (await invoke('getSettings', trusted, {})).result as { policy: string };
    expect(settings.policy).toBe('failover');
  });
});
