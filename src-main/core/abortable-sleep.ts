// Waits that a caller's AbortSignal can cut short, shared by the workflows (mode switch, APN apply).
// Each wait removes its 'abort' listener when it ends normally: a workflow polls hundreds of times on
// one long-lived signal, and listeners left behind pile up (Node warns past 10:
// MaxListenersExceededWarning, issue 6). Pure: timers only, no IO.

/** Resolves after `ms`; rejects with `cancelled()` as soon as `signal` aborts (or at once if it already has). */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, cancelled: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A promise that rejects with `cancelled()` when `signal` aborts, for racing against other work;
 * `dispose()` removes its listener once the race is over (call it in a `finally`).
 */
export function abortRejection(signal: AbortSignal | undefined, cancelled: () => Error): { promise: Promise<never>; dispose: () => void } {
  if (!signal) return { promise: new Promise<never>(() => {}), dispose: () => {} };
  if (signal.aborted) {
    const promise = Promise.reject(cancelled());
    promise.catch(() => {}); // the caller may not race it (e.g. it throws first): no unhandled rejection
    return { promise, dispose: () => {} };
  }
  let onAbort!: () => void;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
