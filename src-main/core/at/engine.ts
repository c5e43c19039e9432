// The AT engine: one command in flight, a FIFO queue behind it, per-command timeouts,
// cancellation, URC delivery, resynchronisation after a timeout or cancel, and a
// closed/vanished port failing everything at once.
// Pure: it only talks to the injected Transport (real serialport or the twin's stream).
import type { AtEngineApi, AtResponse, SendOptions, TraceEntry, Urc } from './engine-api.js';
import { AtError } from './errors.js';
import { describeFinal, hintFor, isSuccess, parseFinalResult, type FinalResult } from './final-result.js';
import { LineFramer, isEchoOf } from './framing.js';
import { classifyUrc, kindOf } from './urc.js';
import { Resync, type EchoState, type ResyncEffects } from './resync.js';
import { commandLineProblem } from './command-line.js';
import { timeoutFor as defaultTimeoutFor } from './timeouts.js';
import type { Transport } from './transport.js';

export interface AtEngineOptions {
  /** Timeout per command when the caller gives none; default timeoutFor() from ./timeouts.ts. */
  timeoutFor?: (command: string) => number;
  /** How long the resync probe (`AT`, sent after a timeout or cancel) may take; default 1000 ms. */
  resyncTimeoutMs?: number;
  /** Quiet time after a final result that proves nothing (then another probe, echo on) and after proof by echo; default 100 ms. */
  resyncSettleMs?: number;
  /** Bound on the whole resync one queued command waits for (never past its own timeout); default 3 × resyncTimeoutMs. */
  resyncBudgetMs?: number;
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
  /** Sent by the engine itself (ATE0 after a resync that switched echo on); nobody awaits it. */
  internal?: boolean;
}

export class AtEngine implements AtEngineApi {
  private readonly framer = new LineFramer();
  private readonly timeoutFor: (command: string) => number;
  private readonly resyncTimeoutMs: number;
  private readonly resyncSettleMs: number;
  private readonly resyncBudgetMs: number;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  /** Echo as last seen (V.250 E1 is the SIM7600 default); judged from completed commands. */
  private echo: EchoState = 'unknown';
  /** Set while the line is out of step (README "Resynchronisation"). */
  private resync: Resync | undefined;
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
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
    this.resyncTimeoutMs = options.resyncTimeoutMs ?? 1000;
    this.resyncSettleMs = options.resyncSettleMs ?? 100;
    this.resyncBudgetMs = options.resyncBudgetMs ?? 3 * this.resyncTimeoutMs;
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
    if (this.current || this.queue.length === 0) return;
    if (this.resync) return this.resync.begin((this.queue[0] as Job).timeoutMs, performance.now());
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
      // Echo (on by default, ATE0 turns it off) comes before anything else of this command: lines that
      // arrived before it were printed before the modem read the command (chatter), never its answer.
      if (!job.echoSeen && isEchoOf(line, job.command)) {
        job.echoSeen = true;
        for (const early of job.lines.splice(0)) this.emitUrc(early, classifyUrc(early, undefined) ?? kindOf(early));
        return;
      }
      const final = parseFinalResult(line);
      if (final) return this.complete(job, final);
      const kind = classifyUrc(line, job.command);
      if (kind !== undefined) return this.emitUrc(line, kind);
      job.lines.push(line);
      return;
    }
    if (this.resync) return this.resync.onLine(line, performance.now());
    // Nothing in flight and in step: a stray final result is only traced.
    if (parseFinalResult(line)) return;
    this.emitUrc(line, classifyUrc(line, undefined) ?? kindOf(line));
  }

  private complete(job: Job, final: FinalResult): void {
    this.finish(job);
    this.echo = echoAfter(job, final);
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
    job.reject(new AtError('timeout', `${job.command}: no answer within ${job.timeoutMs} ms.`, undefined, 'Check that this is the AT port and that the modem is powered.'));
    // The modem may still answer (a slow AT+COPS=?, a CFUN that outlasts its timeout).
    this.markStale(job.command, job.echoSeen);
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
    this.finish(job);
    job.reject(cancelled(job.command));
    // Its answer is still coming; it must not end the next command.
    this.markStale(job.command, job.echoSeen);
    this.pump();
  }

  // ---- resynchronisation (README "Resynchronisation"; the logic is in ./resync.ts) ----------

  private markStale(command: string, echoed: boolean): void {
    this.resync ??= new Resync(this.resyncEffects(), { probeTimeoutMs: this.resyncTimeoutMs, settleMs: this.resyncSettleMs, budgetMs: this.resyncBudgetMs }, this.echo);
    this.resync.markStale(command, echoed);
  }

  private resyncEffects(): ResyncEffects {
    return {
      write: (line) => {
        this.trace('tx', line);
        this.transport.write(line + '\r').catch((err: unknown) => {
          if (!this.resync?.probing) return;
          this.clearResyncTimer();
          this.resync = undefined;
          const job = this.queue[0];
          if (job) this.dequeue(job)?.reject(new AtError('port-closed', `Could not write to ${this.path}: ${(err as Error).message}`));
          this.pump();
        });
      },
      arm: (ms) => {
        this.clearResyncTimer();
        this.resyncTimer = setTimeout(() => {
          this.resyncTimer = undefined;
          this.resync?.onTimer(performance.now());
        }, ms);
      },
      disarm: () => this.clearResyncTimer(),
      emitUrc: (line, kind) => this.emitUrc(line, kind),
      inStep: (restoreEchoOff) => {
        this.clearResyncTimer();
        this.resync = undefined;
        // Echo was switched on to prove the line in step: switch it off again, ahead of the queue.
        if (restoreEchoOff) this.queue.unshift(this.internalJob('ATE0'));
        this.pump();
      },
      giveUp: (why, hint) => {
        const job = this.queue[0];
        if (job) this.dequeue(job)?.reject(new AtError('timeout', `${job.command}: not sent: ${why}.`, undefined, hint));
        this.pump();
      },
    };
  }

  private clearResyncTimer(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
  }

  private internalJob(command: string): Job {
    const noop = (): void => {};
    return { command, timeoutMs: this.timeoutFor(command), allowError: true, signal: undefined, resolve: noop, reject: noop, lines: [], echoSeen: false, startedAt: 0, timer: undefined, onAbort: undefined, internal: true };
  }

  /** Removes a job that was never written from the queue and clears its abort listener. */
  private dequeue(job: Job): Job | undefined {
    const i = this.queue.indexOf(job);
    if (i < 0) return undefined;
    this.queue.splice(i, 1);
    this.finish(job);
    return job;
  }

  private onTransportClose(error: Error | undefined): void {
    if (!this.opened) {
      this.detach();
      return;
    }
    this.opened = false;
    this.detach();
    this.framer.reset();
    this.clearResyncTimer();
    this.resync = undefined;
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

/** Echo after a command: what it showed, unless the command itself switched echo (V.250 §6.2.4 E, Z, &F). */
function echoAfter(job: Job, final: FinalResult): EchoState {
  const c = job.command.trim().toUpperCase();
  if (isSuccess(final) && /^ATE0?$/.test(c)) return 'off';
  if (isSuccess(final) && /^ATE1$/.test(c)) return 'on';
  if (/^AT\s*(?:Z|&F)/.test(c)) return 'unknown';
  return job.echoSeen ? 'on' : 'off';
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
