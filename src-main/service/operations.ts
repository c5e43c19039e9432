// Long operations (issue 7): an id at once, then progress and the end as events to every face, and
// cancel(opId) through an AbortSignal. An operation that changes a modem holds its writer lock from
// the call (a second writer is refused before it starts) to its end.
import { randomUUID } from 'node:crypto';
import type { ApiError, OperationKind, OperationStarted, StepState } from '../api/contract.js';
import { toApiError } from '../api/validate.js';
import type { EventHub } from './events.js';
import type { SessionPool } from './sessions.js';

export interface OpContext {
  opId: string;
  signal: AbortSignal;
  step(step: string, label: string, state: StepState, detail?: string, data?: unknown): void;
}

/** A failure that still carries a structured result (connect's failure report, an apply's restore). */
export class OperationFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly result: unknown,
  ) {
    super(error.message);
  }
}

export interface StartOptions {
  /** Take this modem's writer lock for the whole operation, described as `what`. */
  writes?: { modemId: string; what: string };
}

/** Told when an operation that changes a modem starts; returns what to do when it ends. */
export type WriteWatcher = (modemId: string, what: string) => () => void;

export class OperationRunner {
  private readonly ops = new Map<string, { kind: OperationKind; controller: AbortController }>();
  private readonly watchers = new Set<WriteWatcher>();

  /** The watchdog pauses while a user's operation changes its modem (issue 11). */
  onWrite(watcher: WriteWatcher): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  constructor(
    private readonly events: EventHub,
    private readonly sessions: SessionPool,
  ) {}

  start(kind: OperationKind, run: (ctx: OpContext) => Promise<unknown>, options: StartOptions = {}): OperationStarted {
    const claimed = options.writes ? this.sessions.claim(options.writes.modemId, options.writes.what) : () => {};
    const ends = options.writes ? [...this.watchers].map((w) => w(options.writes!.modemId, options.writes!.what)) : [];
    const release = () => {
      claimed();
      for (const end of ends) end();
    };
    const opId = `op-${randomUUID()}`;
    const controller = new AbortController();
    this.ops.set(opId, { kind, controller });
    const ctx: OpContext = {
      opId,
      signal: controller.signal,
      step: (step, label, state, detail, data) =>
        this.events.emit({ type: 'progress', opId, kind, step, label, state, at: Date.now(), ...(detail ? { detail } : {}), ...(data !== undefined ? { data } : {}) }),
    };
    this.events.log('info', 'ops', `${kind} ${opId} started`);
    // Started on the next tick so the caller holds the id before the first event.
    setImmediate(() => {
      void (async () => {
        try {
          const result = await run(ctx);
          this.events.emit({ type: 'operation-end', opId, kind, ok: true, result });
          this.events.log('info', 'ops', `${kind} ${opId} done`);
        } catch (err) {
          const error: ApiError = controller.signal.aborted ? { code: 'cancelled', message: 'Cancelled' } : err instanceof OperationFailure ? err.error : toApiError(err);
          const result = err instanceof OperationFailure ? { result: err.result } : {};
          this.events.emit({ type: 'operation-end', opId, kind, ok: false, error, ...result });
          this.events.log('warn', 'ops', `${kind} ${opId} failed: ${error.message}`);
        } finally {
          this.ops.delete(opId);
          release();
        }
      })();
    });
    return { opId, kind };
  }

  cancel(opId: string): boolean {
    const op = this.ops.get(opId);
    if (!op) return false;
    op.controller.abort();
    return true;
  }

  abortAll(): void {
    for (const { controller } of this.ops.values()) controller.abort();
  }
}
