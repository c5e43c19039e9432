// Public surface of the AT engine (implemented in ./engine.ts). Other layers code against this.
import type { FinalResult } from './final-result.js';

export interface AtResponse {
  /** The command line as sent, without the trailing CR. */
  command: string;
  /** Payload lines between the echo and the final result, in order, blank lines removed, URCs removed. */
  lines: string[];
  final: FinalResult;
  /** Milliseconds from write to final result. */
  elapsedMs: number;
}

export interface SendOptions {
  /** Default depends on the command (see timeoutFor in ./timeouts.ts): 5 s, longer for COPS=?, CFUN, CUSBPIDSWITCH. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Resolve instead of reject when the final result is an error (the caller inspects `final`). */
  allowError?: boolean;
}

export interface Urc {
  /** The URC line as received, e.g. '+CMTI: "SM",4' or 'RDY'. */
  line: string;
  /** Its prefix without the colon, e.g. '+CMTI' or 'RDY'. */
  kind: string;
  at: number;
}

/** One line of the exchange log: what was written and what came back (used for doctor evidence). */
export interface TraceEntry {
  dir: 'tx' | 'rx';
  text: string;
  at: number;
}

export interface AtEngineApi {
  readonly path: string;
  readonly isOpen: boolean;
  /** Queue a command (one in flight at a time). Resolves on OK/CONNECT; rejects with AtError otherwise. */
  send(command: string, options?: SendOptions): Promise<AtResponse>;
  onUrc(listener: (urc: Urc) => void): () => void;
  onTrace(listener: (entry: TraceEntry) => void): () => void;
  /** Fires once when the underlying port closes; every pending and queued command is already rejected. */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}
