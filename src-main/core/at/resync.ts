// Resynchronisation after a timeout or an in-flight cancel (README "Resynchronisation", issue 15
// item 3). Pure state machine: the engine feeds it lines and timer expiries and carries out what it
// asks (write a probe, arm the timer, deliver a URC, declare the line in step, give up on the
// waiting command). It never declares the line in step on a guess:
// - proof by count: every given-up command and the probe have their final result;
// - proof by echo: the echo of the probe's own command line, which no given-up command shares,
//   came back followed by a final result: the modem handles lines in order (V.250 §5.2), so it has
//   finished with every earlier line.
// Quiet time alone proves nothing (a slow answer to the probe would end the next command); it only
// triggers another probe, this time with echo switched on so that proof by echo is possible.
// The whole wait is bounded: past its deadline the waiting command is rejected unsent.
import { parseFinalResult } from './final-result.js';
import { isEchoOf } from './framing.js';
import { classifyUrc } from './urc.js';

/** What the engine does for the resync. */
export interface ResyncEffects {
  /** Writes one command line (+ CR) and traces it. */
  write(line: string): void;
  /** (Re)starts the one resync timer; `onTimer` is called when it fires. */
  arm(ms: number): void;
  disarm(): void;
  emitUrc(line: string, kind: string): void;
  /** The line is in step: send the queue (first `ATE0` when echo was switched on for the proof). */
  inStep(restoreEchoOff: boolean): void;
  /** Rejects the command waiting for the resync without writing it; the next one starts a new probe. */
  giveUp(message: string, hint: string): void;
}

export interface ResyncOptions {
  /** How long one probe may go unanswered; default 1000 ms. */
  probeTimeoutMs: number;
  /** Quiet time after a final result before another probe (echo off), and after proof by echo; default 100 ms. */
  settleMs: number;
  /** Bound on the whole wait of one queued command (also never past its own timeout); default 3 × probeTimeoutMs. */
  budgetMs: number;
}

export type EchoState = 'on' | 'off' | 'unknown';

/**
 * Probe lines: read-only commands every 27.007 / V.250 modem answers. The first is a bare `AT`; a
 * later probe takes the first line that no given-up command shares, so its echo is its own.
 */
const PROBES = ['AT', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+GMI', 'AT+GMM', 'AT+GMR', 'AT+CSCS?', 'AT+CMEE?', 'AT+CSQ'];
const ECHO_ON = 'ATE1';
/** Given-up lines remembered for judging URCs and picking unique probes. */
const MAX_STALE = 64;

interface Round {
  line: string;
  /** ATE1 was written first (echo was not known to be on). */
  forced: boolean;
  /** The probe line differs from every remembered given-up line (its echo proves order). */
  unique: boolean;
  finals: number;
  echoSeen: boolean;
  phase: 'answer' | 'quiet' | 'guard';
  timeoutMs: number;
}

export class Resync {
  /** Final results that may still arrive for given-up lines. */
  private owed = 0;
  /** Those lines, oldest first (at most MAX_STALE). */
  private stale: string[] = [];
  private round: Round | undefined;
  private rounds = 0;
  private deadline = 0;
  private echoWasOff = false;

  constructor(
    private readonly fx: ResyncEffects,
    private readonly options: ResyncOptions,
    private echo: EchoState,
  ) {}

  get probing(): boolean {
    return this.round !== undefined;
  }

  /** The oldest given-up command (for messages). */
  get oldest(): string {
    return this.stale[0] ?? 'AT';
  }

  /** A command was given up (timeout or in-flight cancel): its final result is owed. */
  markStale(command: string, echoed: boolean): void {
    this.owed++;
    if (this.stale.length < MAX_STALE) this.stale.push(command);
    if (echoed) this.echo = 'on';
    // ATE/ATZ/AT&F may switch echo: nothing is known about it any more.
    if (/^AT\s*(?:E|Z|&F)|;\s*(?:E|Z|&F)/i.test(command)) this.echo = 'unknown';
  }

  /** Starts a probe for a queued command with this timeout, unless one is under way. */
  begin(jobTimeoutMs: number, now: number): void {
    if (this.round) return;
    this.rounds = 0;
    this.deadline = now + Math.min(this.options.budgetMs, jobTimeoutMs);
    this.startRound(now, Math.min(this.options.probeTimeoutMs, jobTimeoutMs));
  }

  /** A line while out of step (nothing of the queue is in flight). */
  onLine(line: string, now: number): void {
    const final = parseFinalResult(line);
    const round = this.round;
    if (!round) {
      if (!final) return this.deliverIfUrc(line, this.stale[0] ?? 'AT');
      // Nothing written since the given-up commands: this final is theirs, in order.
      this.stale.shift();
      if (--this.owed <= 0) this.done(false);
      return;
    }
    if (!final) {
      if (round.unique && !round.echoSeen && isEchoOf(line, round.line)) {
        round.echoSeen = true;
        return;
      }
      if (isEchoOf(line, ECHO_ON)) return;
      return this.deliverIfUrc(line, round.echoSeen ? round.line : (this.stale[round.finals] ?? round.line));
    }
    round.finals++;
    // Proof by count: every given-up line and the probe (and ATE1) have their final result. Not
    // used when proof by echo is possible: a duplicated final result would fool a count.
    const byEcho = round.unique && (this.echo === 'on' || round.forced);
    if (!byEcho && round.finals >= this.owed + 1 + (round.forced ? 1 : 0)) return this.done(round.forced);
    // Proof by echo, with a short guard for firmware that echoes while still busy.
    if (round.echoSeen) {
      round.phase = 'guard';
      return this.arm(round, this.options.settleMs, now);
    }
    // Without echo, quiet after a final proves nothing: it only leads to a probe with echo on.
    if (this.echo !== 'on' || round.forced) {
      round.phase = 'quiet';
      this.arm(round, this.options.settleMs, now);
    }
  }

  /** The resync timer fired. */
  onTimer(now: number): void {
    const round = this.round;
    if (!round) return;
    // A guard that ran its full quiet window ends the resync; one cut short by the deadline (final
    // results kept coming: a port that prints OK by itself) proves nothing.
    if (round.phase === 'guard' && round.timeoutMs >= this.options.settleMs) return this.done(round.forced);
    if (round.phase === 'answer' && round.finals === 0) {
      return this.fail(round, `the modem did not answer ${round.line} within ${round.timeoutMs} ms after ${this.oldest} was given up`);
    }
    // Answers came but none proves the line in step: probe again (echo on) while the deadline allows.
    this.endRound(round);
    if (now >= this.deadline || round.phase === 'guard') return this.failBudget(round);
    this.startRound(now, this.options.probeTimeoutMs);
  }

  private startRound(now: number, timeoutMs: number): void {
    const used = new Set(this.stale.map((s) => s.trim().toUpperCase()));
    const line = PROBES.find((p) => !used.has(p));
    // The first probe of a wait is plain; a further one switches echo on unless it is known to be on.
    const forced = this.rounds > 0 && this.echo !== 'on';
    const round: Round = { line: line ?? 'AT', forced, unique: line !== undefined && !used.has(line), finals: 0, echoSeen: false, phase: 'answer', timeoutMs: 0 };
    this.rounds++;
    this.round = round;
    if (forced) {
      this.echoWasOff ||= this.echo === 'off';
      this.fx.write(ECHO_ON);
    }
    this.fx.write(round.line);
    this.arm(round, timeoutMs, now);
  }

  private arm(round: Round, ms: number, now: number): void {
    const left = Math.max(1, this.deadline - now);
    round.timeoutMs = Math.min(ms, left);
    this.fx.arm(round.timeoutMs);
  }

  /** The round ended without proof: its lines join the given-up ones, its finals paid the oldest. */
  private endRound(round: Round): void {
    this.round = undefined;
    this.fx.disarm();
    const paid = Math.min(round.finals, this.owed);
    this.stale.splice(0, paid);
    this.owed += (round.forced ? 2 : 1) - round.finals;
    if (this.owed < 0) this.owed = 0;
    for (const l of round.forced ? [ECHO_ON, round.line] : [round.line]) if (this.stale.length < MAX_STALE) this.stale.push(l);
    if (round.forced) this.echo = 'unknown';
  }

  private fail(round: Round, why: string): void {
    this.endRound(round);
    this.fx.giveUp(why, 'The modem is still busy with an earlier command or stopped answering: retry later.');
  }

  private failBudget(round: Round): void {
    this.fx.giveUp(
      `the modem did not get back in step with ${round.line} within ${this.options.budgetMs} ms after ${this.oldest} was given up`,
      'The modem keeps printing lines without answering: check that this is its AT port, or reset it.',
    );
  }

  private done(forced: boolean): void {
    this.fx.disarm();
    this.round = undefined;
    this.owed = 0;
    this.stale = [];
    const restore = forced && this.echoWasOff;
    if (forced) this.echo = 'on';
    this.echoWasOff = false;
    this.fx.inStep(restore);
  }

  private deliverIfUrc(line: string, against: string): void {
    // Given-up payload is dropped; URCs still reach listeners (judged against the command whose
    // answer is arriving, so its own `+COPS:`/`+CSQ:` lines are not mistaken for URCs).
    const kind = classifyUrc(line, against);
    if (kind !== undefined) this.fx.emitUrc(line, kind);
  }
}
