// An event-emitting wrapper of a NetworkOps (issue 4): start, one progress per step, done or error as
// { code, message, hint } (architecture.md: never stringified stacks), for tools that follow the
// network layer directly. The service reports the same steps as operation progress.
import { EventEmitter } from 'node:events';
import { NetError, type CheckOptions, type CommonOptions, type DownOptions, type NetProgress, type NetworkOps, type PolicyOptions, type UpOptions } from '../../core/net/types.js';
import { LinuxNetworkOps } from './network-ops.js';

export type NetOpName = 'status' | 'up' | 'down' | 'policy' | 'check' | 'persist' | 'unpersist';

export type NetEvent =
  | { type: 'start'; op: NetOpName; iface: string }
  | ({ type: 'progress'; op: NetOpName; iface: string } & NetProgress)
  | { type: 'done'; op: NetOpName; iface: string; ms: number }
  | { type: 'error'; op: NetOpName; iface: string; error: ErrorEnvelope };

export interface ErrorEnvelope {
  code: string;
  message: string;
  hint?: string;
}

export function toErrorEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof NetError) return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export class NetworkService extends EventEmitter<{ event: [NetEvent] }> {
  constructor(readonly ops: NetworkOps = new LinuxNetworkOps()) {
    super();
  }

  private async wrap<O extends CommonOptions, R>(op: NetOpName, opts: O, fn: (o: O) => Promise<R>): Promise<R> {
    const iface = opts.iface;
    const started = performance.now();
    this.emit('event', { type: 'start', op, iface });
    const onProgress = (p: NetProgress) => {
      opts.onProgress?.(p);
      this.emit('event', { type: 'progress', op, iface, ...p });
    };
    try {
      const r = await fn({ ...opts, onProgress });
      this.emit('event', { type: 'done', op, iface, ms: performance.now() - started });
      return r;
    } catch (err) {
      this.emit('event', { type: 'error', op, iface, error: toErrorEnvelope(err) });
      throw err;
    }
  }

  status(opts: CommonOptions) {
    return this.wrap('status', opts, (o) => this.ops.status(o));
  }
  up(opts: UpOptions) {
    return this.wrap('up', opts, (o) => this.ops.up(o));
  }
  down(opts: DownOptions) {
    return this.wrap('down', opts, (o) => this.ops.down(o));
  }
  policy(opts: PolicyOptions) {
    return this.wrap('policy', opts, (o) => this.ops.policy(o));
  }
  check(opts: CheckOptions) {
    return this.wrap('check', opts, (o) => this.ops.check(o));
  }
  persist(opts: UpOptions) {
    return this.wrap('persist', opts, (o) => this.ops.persist(o));
  }
  unpersist(opts: CommonOptions) {
    return this.wrap('unpersist', opts, (o) => this.ops.unpersist(o));
  }
}
