// The twin's AT port as a Transport (src-main/core/at/transport.ts), for demo mode and fast tests:
// no PTY, no serialport, same semantics as the real port:
// - open() rejects with TransportError('not-found') while the twin is resetting or unplugged;
// - bytes arrive asynchronously (never inside write()), optionally cut into small chunks;
// - when the twin resets or is unplugged, onClose fires once with a TransportError('io') and
//   write() rejects; open() works again once the twin is back (event 'reappeared').
import { TransportError, type Transport } from '../core/at/transport.js';
import type { Twin } from './twin.js';

export interface InProcessTransportOptions {
  /** The path reported by `transport.path`. Default 'twin:sim7600g-h'. */
  path?: string;
  /** Cut the twin's output into chunks of at most this many bytes (tests of framing). Default: no cutting. */
  maxChunkBytes?: number;
}

export class InProcessTransport implements Transport {
  readonly path: string;
  #twin: Twin;
  #maxChunk: number;
  #open = false;
  #dataListeners = new Set<(chunk: Uint8Array) => void>();
  #closeListeners = new Set<(error?: Error) => void>();
  #detach: (() => void) | undefined;
  #queue: Uint8Array[] = [];
  #flushScheduled = false;

  constructor(twin: Twin, options: InProcessTransportOptions = {}) {
    this.#twin = twin;
    this.path = options.path ?? 'twin:sim7600g-h';
    this.#maxChunk = options.maxChunkBytes ?? Number.POSITIVE_INFINITY;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async open(): Promise<void> {
    if (this.#open) return;
    if (!this.#twin.present) throw new TransportError('not-found', `no such port: the simulated modem is not on the bus (${this.path})`, this.path);
    const onOutput = (text: string) => this.#enqueue(Buffer.from(text, 'latin1'));
    const onGone = () => this.#finish(new TransportError('io', `the port vanished (simulated modem reset or unplugged): ${this.path}`, this.path));
    this.#twin.on('output', onOutput);
    this.#twin.on('reset-start', onGone);
    this.#twin.on('unplugged', onGone);
    this.#twin.on('disposed', onGone);
    this.#detach = () => {
      this.#twin.off('output', onOutput);
      this.#twin.off('reset-start', onGone);
      this.#twin.off('unplugged', onGone);
      this.#twin.off('disposed', onGone);
    };
    this.#queue = [];
    this.#open = true;
  }

  async write(data: Uint8Array | string): Promise<void> {
    if (!this.#open) throw new TransportError('closed', `port is closed: ${this.path}`, this.path);
    this.#twin.input(data);
  }

  async close(): Promise<void> {
    if (this.#open) this.#finish(undefined);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  #enqueue(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i += Math.min(this.#maxChunk, bytes.length)) {
      this.#queue.push(bytes.subarray(i, i + this.#maxChunk));
    }
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Like a real port, data arrives on a later turn of the event loop, never inside write().
    setImmediate(() => {
      this.#flushScheduled = false;
      const chunks = this.#queue;
      this.#queue = [];
      for (const chunk of chunks) {
        if (!this.#open) return;
        for (const l of [...this.#dataListeners]) l(chunk);
      }
    });
  }

  #finish(error: Error | undefined): void {
    if (!this.#open) return;
    this.#open = false;
    this.#queue = [];
    this.#detach?.();
    this.#detach = undefined;
    for (const l of [...this.#closeListeners]) l(error);
  }
}
