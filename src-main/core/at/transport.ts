// The byte pipe the AT engine talks through. Real: serialport (src-main/platform/serial);
// in-process: the twin's stream binding (demo mode). Semantics, not just shapes:
// - open() resolves once bytes can be written; it rejects with a TransportError (code busy | denied | not-found | io).
// - write() resolves when the bytes were handed to the OS; it rejects if the port is closed.
// - onData fires for every chunk as it arrives: chunks split anywhere (mid-line, mid-UTF-8 sequence).
// - onClose fires exactly once when the port goes away for any reason (close(), unplug, reset);
//   `error` is set when it was not asked for (device vanished).
// - close() is idempotent.

export type TransportErrorCode = 'busy' | 'denied' | 'not-found' | 'io' | 'closed';

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export interface Transport {
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (error?: Error) => void): () => void;
}
