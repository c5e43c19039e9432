// The workflows' shared waits (src-main/core/abortable-sleep.ts): a long poll loop on ONE signal must
// not leave an 'abort' listener per wait behind (Node warns past 10: MaxListenersExceededWarning).
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { abortableSleep, abortRejection } from '../../../src-main/core/abortable-sleep.js';

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

/** process.emitWarning delivers on a later tick: let it arrive before looking. */
const settle = () => new Promise((r) => setImmediate(r));
const cancelled = () => new Error('cancelled');

describe('abortableSleep', () => {
  it('200 sleeps on one signal: no listener left behind and no MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    const controller = new AbortController();
    for (let i = 0; i < 200; i++) await abortableSleep(0, controller.signal, cancelled);
    await settle();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('an abort during the wait rejects with the caller\'s error at once; an aborted signal rejects before waiting', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const wait = abortableSleep(10_000, controller.signal, cancelled);
    setTimeout(() => controller.abort(), 20);
    await expect(wait).rejects.toThrow('cancelled');
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(abortableSleep(10_000, controller.signal, cancelled)).rejects.toThrow('cancelled');
  });

  it('without a signal it simply waits', async () => {
    const started = performance.now();
    await abortableSleep(30, undefined, cancelled);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('abortRejection', () => {
  it('200 races on one signal, each disposed: no listener left behind and no warning', async () => {
    process.on('warning', onWarning);
    const controller = new AbortController();
    for (let i = 0; i < 200; i++) {
      const aborted = abortRejection(controller.signal, cancelled);
      try {
        await Promise.race([Promise.resolve(i), aborted.promise]);
      } finally {
        aborted.dispose();
      }
    }
    await settle();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('rejects when the signal aborts, and at once for a signal already aborted', async () => {
    const controller = new AbortController();
    const a = abortRejection(controller.signal, cancelled);
    controller.abort();
    await expect(a.promise).rejects.toThrow('cancelled');
    const b = abortRejection(controller.signal, cancelled);
    await expect(b.promise).rejects.toThrow('cancelled');
  });
});
