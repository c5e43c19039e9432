// The AT engine: one command in flight, a FIFO queue behind it, per-command timeouts,
// cancellation, URC delivery, and a closed/vanished port failing everything at once.
// Pure: it only talks to the injected Transport (real serialport or the twin's stream).
import type { AtEngineApi, AtResponse, SendOptions, TraceEntry, Urc } from './engine-api.js';
import { AtError } from './errors.js';
import { describeFinal, hintFor, isSuccess, parseFinalResult, type FinalResult } from './final-result.js';
import { LineFramer, isEchoOf } from './framing.js';
import { classifyUrc, kindOf } from './urc.js';
import { commandLineProblem } from './command-line.js';
import { timeoutFor as defaultTimeoutFor } from './timeouts.js';
import type { Transport } from './transport.js';

export interface AtEngineOptions {
  /** Timeout per command when the caller gives none; default timeoutFor() from ./timeouts.ts. */
  timeoutFor?: (command: string) => number;
}

interface Job {
  command: string;
  timeoutMs: number;
  allowError: boolean;
  signal: AbortSignal | undefined;
  resolve: (r: AtResponse) => void;
  reject: (e: Error) => void;
  lines: string[];
  echoSeen: boolean;
  startedAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
}

/** A command that was cancelled while in flight: its answer still has to drain before the next write. */
interface Draining {
  command: string;
  timer: ReturnType<typeof setTimeout>;
}

export class AtEngine implements AtEngineApi {
  private readonly framer = new LineFramer();
  private readonly timeoutFor: (command: string) => number;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private draining: Draining | undefined;
  private opened = false;
  private unsubscribe: (() => void)[] = [];
  private readonly urcListeners = new Set<(urc: Urc) => void>();
  private readonly traceListeners = new Set<(entry: TraceEntry) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  constructor(
    private readonly transport: Transport,
    options: AtEngineOptions = {},
  ) {
    this.timeoutFor = options.timeoutFor ?? defaultTimeoutFor;
  }

  get path(): string {
    return this.transport.path;
  }

  get isOpen(): boolean {
    return this.opened && this.transport.isOpen;
  }

  /** Opens the transport (if it is not open yet) and starts listening. Can be called again after a close. */
  async open(): Promise<void> {
    if (this.opened) return;
    this.framer.reset();
    this.unsubscribe = [this.transport.onData((chunk) => this.onData(chunk)), this.transport.onClose((err) => this.onTransportClose(err))];
    try {
      if (!this.transport.isOpen) await this.transport.open();
    } catch (err) {
      this.detach();
      throw err;
    }
    this.opened = true;
  }

  send(command: string, options: SendOptions = {}): Promise<AtResponse> {
    const problem = commandLineProblem(command);
    if (problem) return Promise.reject(new AtError('invalid-argument', `Refused to send ${JSON.stringify(command)}: ${problem}.`, undefined, undefined, 'command'));
    if (!this.isOpen) return Promise.reject(new AtError('port-closed', `${this.path} is not open.`));
    if (options.signal?.aborted) return Promise.reject(cancelled(command));
    return new Promise<AtResponse>((resolve, reject) => {
      const job: Job = {
        command,
        timeoutMs: options.timeoutMs ?? this.timeoutFor(command),
        allowError: options.allowError ?? false,
        signal: options.signal,
        resolve,
        reject,
        lines: [],
        echoSeen: false,
        startedAt: 0,
        timer: undefined,
        onAbort: undefined,
      };
      if (job.signal) {
        job.onAbort = () => this.abort(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  onUrc(listener: (urc: Urc) => void): () => void {
    this.urcListeners.add(listener);
    return () => this.urcListeners.delete(listener);
  }

  onTrace(listener: (entry: TraceEntry) => void): () => void {
    this.traceListeners.add(listener);
    return () => this.traceListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    await this.transport.close();
    // A transport that was already closed may not report it again.
    if (this.opened) this.onTransportClose(undefined);
  }

  // ---- internals -------------------------------------------------------------------------

  private pump(): void {
    if (this.current || this.draining || this.queue.length === 0) return;
    const job = this.queue.shift() as Job;
    this.current = job;
    job.startedAt = performance.now();
    job.timer = setTimeout(() => this.onTimeout(job), job.timeoutMs);
    this.trace('tx', job.command);
    // V.250 §5.2.1: a command line ends with S3 (CR).
    this.transport.write(job.command + '\r').catch((err: unknown) => {
      if (this.current !== job) return;
      this.finish(job);
      job.reject(new AtError('port-closed', `Could not write to ${this.path}: ${(err as Error).message}`));
      this.pump();
    });
  }

  private onData(chunk: Uint8Array): void {
    const frames = this.framer.push(chunk);
    for (const frame of frames) {
      if (frame.type === 'prompt') {
        this.trace('rx', '> ');
        continue;
      }
      this.onLine(frame.text);
    }
  }

  private onLine(line: string): void {
    this.trace('rx', line);
    const job = this.current;
    if (job) {
      // Echo (on by default, ATE0 turns it off) comes before anything else of this command.
      if (!job.echoSeen && job.lines.length === 0 && isEchoOf(line, job.command)) {
        job.echoSeen = true;
        return;
      }
      const final = parseFinalResult(line);
      if (final) return this.complete(job, final);
      const kind = classifyUrc(line, job.command);
      if (kind !== undefined) return this.emitUrc(line, kind);
      job.lines.push(line);
      return;
    }
    if (this.draining) {
      // The answer of a command the caller gave up on: consume it so it cannot end the next one.
      if (parseFinalResult(line)) {
        clearTimeout(this.draining.timer);
        this.draining = undefined;
        this.pump();
        return;
      }
      const kind = classifyUrc(line, this.draining.command);
      if (kind !== undefined) this.emitUrc(line, kind);
      return;
    }
    // Nothing in flight: a stray final result (the late answer of a timed-out command) is only traced.
    if (parseFinalResult(line)) return;
    this.emitUrc(line, classifyUrc(line, undefined) ?? kindOf(line));
  }

  private complete(job: Job, final: FinalResult): void {
    this.finish(job);
    const response: AtResponse = { command: job.command, lines: job.lines, final, elapsedMs: performance.now() - job.startedAt };
    if (isSuccess(final) || job.allowError) job.resolve(response);
    else job.reject(new AtError('command-failed', `${job.command}: ${describeFinal(final)}`, final, hintFor(final)));
    this.pump();
  }

  /** Clears the job's timer and abort listener and frees the in-flight slot. */
  private finish(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (this.current === job) this.current = undefined;
  }

  private onTimeout(job: Job): void {
    if (this.current !== job) return;
    this.finish(job);
    // The modem may still answer later; the engine drops a final result that arrives with nothing in flight.
    job.reject(new AtError('timeout', `${job.command}: no answer within ${job.timeoutMs} ms.`, undefined, 'Check that this is the AT port and that the modem is powered.'));
    this.pump();
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(cancelled(job.command));
      return;
    }
    if (this.current !== job) return;
    const remaining = Math.max(0, job.timeoutMs - (performance.now() - job.startedAt));
    this.finish(job);
    job.reject(cancelled(job.command));
    // Hold the queue until this command's final result arrives (or its timeout passes).
    const draining: Draining = {
      command: job.command,
      timer: setTimeout(() => {
        if (this.draining === draining) this.draining = undefined;
        this.pump();
      }, remaining),
    };
    this.draining = draining;
  }

  private onTransportClose(error: Error | undefined): void {
    if (!this.opened) {
      this.detach();
      return;
    }
    this.opened = false;
    this.detach();
    this.framer.reset();
    if (this.draining) {
      clearTimeout(this.draining.timer);
      this.draining = undefined;
    }
    const why = error ? `${this.path} vanished (${error.message})` : `${this.path} was closed`;
    const jobs = this.current ? [this.current, ...this.queue] : [...this.queue];
    this.queue.length = 0;
    for (const job of jobs) {
      this.finish(job);
      job.reject(new AtError('port-closed', `${job.command}: ${why}.`, undefined, error ? 'The modem disconnected or reset: wait for it to come back, then retry.' : undefined));
    }
    for (const listener of [...this.closeListeners]) safeCall(() => listener(error));
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  private emitUrc(line: string, kind: string): void {
    if (this.urcListeners.size === 0) return;
    const urc: Urc = { line, kind, at: Date.now() };
    for (const listener of [...this.urcListeners]) safeCall(() => listener(urc));
  }

  private trace(dir: 'tx' | 'rx', text: string): void {
    if (this.traceListeners.size === 0) return;
    const entry: TraceEntry = { dir, text, at: Date.now() };
    for (const listener of [...this.traceListeners]) safeCall(() => listener(entry));
  }
}

function cancelled(command: string): AtError {
  return new AtError('cancelled', `${command}: cancelled.`);
}

/** A throwing listener must not break the engine's state machine. */
function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // listener bugs are theirs; the engine keeps going
  }
}
