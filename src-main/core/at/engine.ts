// The AT engine: one command in flight, a FIFO queue behind it, per-command timeouts,
// cancellation, URC delivery, resynchronisation after a timeout or cancel, and a
// closed/vanished port failing everything at once.
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
  /** How long the resync probe (`AT`, sent after a timeout or cancel) may take; default 1000 ms. */
  resyncTimeoutMs?: number;
  /** Quiet time after an ambiguous probe `OK` before the line counts as in step; default 100 ms. */
  resyncSettleMs?: number;
}

/** The probe: a bare `AT` (V.250) does nothing but answer OK, on every modem. */
const PROBE = 'AT';
/** Stale command names kept for judging URCs; the count of owed answers is kept in full. */
const MAX_STALE_NAMES = 16;

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

/**
 * The line is out of step: commands that timed out or were cancelled in flight may still be
 * answered. Nothing of the queue is written until the stale answers are accounted for (see
 * README "Resynchronisation"); lines meanwhile go to URC listeners or are dropped.
 */
interface Resync {
  /** How many final results may still arrive for given-up commands (timed-out probes included). */
  owed: number;
  /** The oldest of those commands (at most MAX_STALE_NAMES), to judge URCs against. */
  stale: string[];
  /**
   * Echo is known to be on, so a final result that comes before the probe's own echo line is
   * stale for sure (the modem echoes a command line before it answers it).
   */
  echo: boolean;
  /** The probe in flight, if any. */
  probe: Probe | undefined;
}

interface Probe {
  /** The queued job the probe clears the way for (rejected if the probe times out). */
  forJob: Job;
  /** Final results seen since the probe was written (stale ones first, the probe's own last). */
  finals: number;
  /** Probe timeout, then (after an `OK` that may be the probe's) the settle window. */
  timer: ReturnType<typeof setTimeout>;
  settling: boolean;
  echoSeen: boolean;
}

export class AtEngine implements AtEngineApi {
  private readonly framer = new LineFramer();
  private readonly timeoutFor: (command: string) => number;
  private readonly resyncTimeoutMs: number;
  private readonly resyncSettleMs: number;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  /** Whether the last completed command was echoed (V.250 E1, the SIM7600 default). */
  private echoOn = false;
  private resync: Resync | undefined;
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
    if (this.resync) return this.startProbe(this.resync);
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
    if (this.resync) return this.onResyncLine(this.resync, line);
    // Nothing in flight and in step: a stray final result is only traced.
    if (parseFinalResult(line)) return;
    this.emitUrc(line, classifyUrc(line, undefined) ?? kindOf(line));
  }

  private complete(job: Job, final: FinalResult): void {
    this.finish(job);
    this.echoOn = job.echoSeen;
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

  // ---- resynchronisation (README "Resynchronisation") ---------------------------------------

  private markStale(command: string, echoed: boolean): void {
    const resync = (this.resync ??= { owed: 0, stale: [], echo: echoed || this.echoOn, probe: undefined });
    resync.owed++;
    if (resync.stale.length < MAX_STALE_NAMES) resync.stale.push(command);
    // A stale `AT` would echo like the probe; ATE/ATZ/AT&F may switch echo: rely on counting only.
    if (isEchoOf(command, PROBE) || /^AT\s*(?:E|Z|&F)|;\s*(?:E|Z|&F)/i.test(command)) resync.echo = false;
  }

  /** Writes `AT` ahead of `queue[0]`; the queue moves on once the probe's OK is identified. */
  private startProbe(resync: Resync): void {
    if (resync.probe) return;
    const forJob = this.queue[0] as Job;
    const timeoutMs = Math.min(this.resyncTimeoutMs, forJob.timeoutMs);
    const probe: Probe = { forJob, finals: 0, settling: false, echoSeen: false, timer: setTimeout(() => this.onProbeTimeout(resync, probe, timeoutMs), timeoutMs) };
    resync.probe = probe;
    this.trace('tx', PROBE);
    this.transport.write(PROBE + '\r').catch((err: unknown) => {
      if (resync.probe !== probe) return;
      clearTimeout(probe.timer);
      resync.probe = undefined;
      this.dequeue(forJob)?.reject(new AtError('port-closed', `Could not write to ${this.path}: ${(err as Error).message}`));
      this.pump();
    });
  }

  private onResyncLine(resync: Resync, line: string): void {
    const probe = resync.probe;
    if (!parseFinalResult(line)) {
      if (probe && !probe.echoSeen && isEchoOf(line, PROBE)) {
        probe.echoSeen = true;
        return;
      }
      // Stale payload is dropped; URCs still reach listeners (judged against the stale command,
      // so its own `+COPS:`/`+CSQ:` lines are not mistaken for URCs).
      const kind = classifyUrc(line, resync.stale[probe?.finals ?? 0] ?? PROBE);
      if (kind !== undefined) this.emitUrc(line, kind);
      else if (probe?.settling) this.settle(resync, probe); // a stale answer is still coming
      return;
    }
    if (!probe) {
      // Nothing written since the stale command(s): this final is theirs, in order.
      resync.stale.shift();
      if (--resync.owed === 0) this.resync = undefined;
      return;
    }
    probe.finals++;
    // Modems answer command lines in order, the probe last: once every stale command and the
    // probe have a final result, the line is in step.
    if (probe.finals > resync.owed) return this.endResync(resync, probe);
    // `AT` only ever answers OK: any other final is a stale one, and so is an OK before the
    // probe's echo (with echo on). Otherwise an OK may be either; if no other final follows
    // within the settle window, the stale answers were never sent.
    const mayBeProbe = parseFinalResult(line)?.kind === 'ok' && (probe.echoSeen || !resync.echo);
    if (mayBeProbe || probe.settling) this.settle(resync, probe);
  }

  private settle(resync: Resync, probe: Probe): void {
    clearTimeout(probe.timer);
    probe.settling = true;
    probe.timer = setTimeout(() => this.endResync(resync, probe), this.resyncSettleMs);
  }

  private endResync(resync: Resync, probe: Probe): void {
    clearTimeout(probe.timer);
    if (this.resync !== resync || resync.probe !== probe) return;
    this.resync = undefined;
    this.pump();
  }

  private onProbeTimeout(resync: Resync, probe: Probe, timeoutMs: number): void {
    if (this.resync !== resync || resync.probe !== probe) return;
    resync.probe = undefined;
    // Finals seen meanwhile were stale ones (an OK that may have been the probe's ends in settle).
    resync.owed -= probe.finals;
    resync.stale.splice(0, probe.finals);
    // Still out of step (the modem is busy or gone); the probe itself may be answered later.
    this.markStale(PROBE, false);
    const stale = resync.stale[0] ?? PROBE;
    this.dequeue(probe.forJob)?.reject(
      new AtError(
        'timeout',
        `${probe.forJob.command}: not sent: the modem did not answer AT within ${timeoutMs} ms after ${stale} was given up.`,
        undefined,
        'The modem is still busy with an earlier command or stopped answering: retry later.',
      ),
    );
    this.pump();
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
    if (this.resync?.probe) clearTimeout(this.resync.probe.timer);
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
