// Electron IPC wiring and sender checks (issue 7; Electron security checklist #17), with `electron`
// replaced by a small test double (its binary cannot run here) and the real service on the twin behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { type ApiEvent, type Envelope } from '../../../src-main/api/contract.js';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../../../src-main/api/wire.js';
import { isTrustedSender, registerIpc, type IpcMainLike, type TrustedWindow } from '../../../src-main/electron/ipc.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const PAGE = 'file:///opt/simhat/resources/app/dist/renderer/index.html';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: unknown, ...args: unknown[]): Promise<Envelope<unknown>> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h(event as IpcMainInvokeEvent, ...args)) as Promise<Envelope<unknown>>;
  }
}

function fakeWindow(id = 1) {
  const mainFrame = { url: PAGE };
  const sent: { channel: string; payload: unknown }[] = [];
  let destroyed = false;
  const win = {
    webContents: {
      id,
      mainFrame,
      send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
      isDestroyed: () => destroyed,
    },
  };
  return { win: win as unknown as TrustedWindow, mainFrame, sent, destroy: () => (destroyed = true) };
}

const eventFrom = (senderId: number, frame: unknown) => ({ sender: { id: senderId }, senderFrame: frame }) as unknown as IpcMainInvokeEvent;

describe('isTrustedSender', () => {
  const { win, mainFrame, destroy } = fakeWindow(7);
  it.each([
    ['our main frame on our page', eventFrom(7, mainFrame), true],
    ['another WebContents', eventFrom(8, mainFrame), false],
    ['a subframe of our window', eventFrom(7, { url: PAGE }), false],
    ['no frame (navigated away or destroyed)', eventFrom(7, null), false],
  ])('%s', (_name, event, trusted) => {
    expect(isTrustedSender(event, win, PAGE)).toBe(trusted);
  });

  it('refuses our main frame once it shows another page', () => {
    const frame = { url: 'https://evil.example/index.html' };
    const w = { webContents: { id: 7, mainFrame: frame, send: () => {}, isDestroyed: () => false } } as unknown as TrustedWindow;
    expect(isTrustedSender(eventFrom(7, frame), w, PAGE)).toBe(false);
    const other = { url: 'file:///tmp/index.html' };
    const w2 = { webContents: { id: 7, mainFrame: other, send: () => {}, isDestroyed: () => false } } as unknown as TrustedWindow;
    expect(isTrustedSender(eventFrom(7, other), w2, PAGE)).toBe(false);
  });

  it('refuses everything without a window or after it was destroyed', () => {
    expect(isTrustedSender(eventFrom(7, mainFrame), null, PAGE)).toBe(false);
    destroy();
    expect(isTrustedSender(eventFrom(7, mainFrame), win, PAGE)).toBe(false);
  });
});

describe('registerIpc', () => {
  let service: Service;
  const ipc = new FakeIpcMain();
  const w = fakeWindow(1);
  const refused: string[] = [];
  let unregister: () => void;
  const trusted = () => eventFrom(1, w.mainFrame);

  beforeAll(() => {
    service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
    unregister = registerIpc({ ipcMain: ipc, api: service, window: () => w.win, pageUrl: PAGE, onRefused: (c) => refused.push(c) });
  });
  afterAll(async () => {
    await service.close();
  });

  it('registers exactly one handler per Api method, on namespaced channels', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
  });

  it('answers our window with a result envelope from the real service', async () => {
    const r = await ipc.invoke(channelOf('listModems'), trusted(), {});
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual([expect.objectContaining({ id: 'usb:1-1.3', model: expect.any(String) })]);
    const at = await ipc.invoke(channelOf('atSend'), trusted(), { modemId: 'usb:1-1.3', command: 'AT+CPIN?' });
    expect(at.result).toMatchObject({ lines: ['+CPIN: READY'], ok: true });
  });

  it('refuses other senders without calling the service', async () => {
    const r = await ipc.invoke(channelOf('atSend'), eventFrom(2, w.mainFrame), { modemId: 'usb:1-1.3', command: 'AT+CFUN=0' });
    expect(r).toEqual({ error: { code: 'forbidden', message: 'This caller may not use simhat' } });
    expect(refused).toContain(channelOf('atSend'));
    const sub = await ipc.invoke(channelOf('listModems'), eventFrom(1, { url: PAGE }), {});
    expect(sub.error?.code).toBe('forbidden');
    // The service never saw it: the console logs every command it sends.
    const logs = (await ipc.invoke(channelOf('getLogs'), trusted(), {})).result as { message: string }[];
    expect(logs.filter((l) => l.message.includes('AT+CFUN=0'))).toHaveLength(0);
  });

  it('validates payloads and refuses extra arguments', async () => {
    expect((await ipc.invoke(channelOf('getStatus'), trusted(), { modemId: 7 })).error).toMatchObject({ code: 'invalid-argument', message: 'modemId must be a string' });
    expect((await ipc.invoke(channelOf('atSend'), trusted(), { modemId: 'usb:1-1.3', command: 'ATI\nAT+CRESET' })).error?.code).toBe('invalid-argument');
    expect((await ipc.invoke(channelOf('listModems'), trusted(), {}, 'second')).error?.code).toBe('invalid-argument');
  });

  it('forwards service events to our window only', async () => {
    const r = await ipc.invoke(channelOf('runDoctor'), trusted(), { modemId: 'usb:1-1.3' });
    const { opId } = r.result as { opId: string };
    const deadline = Date.now() + 5000;
    const ended = () => w.sent.some((s) => s.channel === EVENT_CHANNEL && (s.payload as ApiEvent).type === 'operation-end' && (s.payload as { opId: string }).opId === opId);
    while (!ended() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    expect(ended()).toBe(true);
    expect(w.sent.every((s) => s.channel === EVENT_CHANNEL)).toBe(true);
  });

  it('removes every handler when unregistered', () => {
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
