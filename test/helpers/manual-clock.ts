// A deterministic clock for code that takes a WatchdogClock-shaped clock: time moves only when the
// test calls advance(); sleeps resolve in deadline order, and the promise chains they wake run
// before time moves on.
export class ManualClock {
  #now: number;
  #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;

  constructor(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => {} };
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        resolve();
      };
      timer.resolve = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Pending sleeps (for assertions that nothing waits). */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every sleep that ends on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.at;
      next.resolve();
    }
    this.#now = target;
    await settle();
  }

  /** Advances in steps of `stepMs` until `done()` holds; throws after `maxMs`. */
  async until(done: () => boolean, maxMs: number, stepMs = 100): Promise<void> {
    const end = this.#now + maxMs;
    await settle();
    while (!done()) {
      if (this.#now >= end) throw new Error(`condition not met within ${maxMs} ms of manual time`);
      await this.advance(stepMs);
    }
  }
}

/** Lets every queued promise continuation and immediate run (a few rounds: chains hop through several). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
