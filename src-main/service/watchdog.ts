// The watchdog runner (issue 11): checks the link every interval and at once on a fast-path
// trigger, and on failure walks the recovery ladder of core/watchdog/policy.ts, cheapest stage
// first, verifying each stage before escalating. It owns no hardware: the service gives it
// `checks` (the connectivity classifier, AT facts, the doctor) and `actions` (the recovery steps),
// and a clock (tests drive a manual one). It pauses while a user operation runs, and it never
// chooses a policy, APN or mode itself: the actions re-apply whatever the user set.
import { EventEmitter } from 'node:events';
import { backoffDelay, hostSteps, isReset, ladderFrom, recoveryStart, stageBlocked, usbSteps, HOUR_MS, type HostStep, type UsbStep } from '../core/watchdog/policy.js';
import { watchdogSettings, type WatchdogSettings } from '../core/watchdog/settings.js';
import type { HistorySink } from '../core/history/types.js';
import type {
  CheckTrigger,
  ConnectionState,
  ConnectionStatus,
  LinkCheck,
  ModemFacts,
  RecoveryRecord,
  RecoveryStage,
  StageAttempt,
  Verdict,
} from '../core/watchdog/types.js';

/** Time, injectable: the real one, or a manual clock in tests. */
export interface WatchdogClock {
  now(): number;
  /** Resolves after `ms`, or early (never rejecting) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: WatchdogClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** What the watchdog asks; the service implements it (connectivity classifier, AT, doctor). */
export interface WatchdogChecks {
  /** One connectivity check through the interface. */
  link(signal: AbortSignal): Promise<LinkCheck>;
  /** The modem's own view (port present, answers, registered, PDP address, mode has a netdev). */
  modem(signal: AbortSignal): Promise<ModemFacts>;
  /** The doctor's verdict, asked when the last stage failed. */
  verdict(signal: AbortSignal): Promise<Verdict | null>;
}

/**
 * The recovery steps; the service implements them. Each resolves with the steps it really ran
 * (e.g. ['radio-cycle', 'renew-dhcp']) and rejects when one failed. None may change the user's
 * policy, APN or mode: they re-apply the current settings.
 */
export interface RecoveryActions {
  /** Stage 1: bring the interface up / renew DHCP / re-apply the route policy, in the order given. */
  host(steps: HostStep[], signal: AbortSignal): Promise<string[]>;
  /** Stage 2: re-attach per the vendor profile (CGACT, or CFUN=0 then CFUN=1), then DHCP again. */
  modemData(signal: AbortSignal): Promise<string[]>;
  /** Stage 3: CFUN=1,1 / CRESET, wait for re-enumeration, re-find by IMEI, reopen the port, DHCP again. */
  modemReset(signal: AbortSignal): Promise<string[]>;
  /** Stage 4: USB re-bind through the privileged helper, then a hub port power cycle when listed. */
  usb(steps: UsbStep[], signal: AbortSignal): Promise<string[]>;
}

export interface WatchdogEvents {
  state: [status: ConnectionStatus, previous: ConnectionState];
  check: [check: LinkCheck & { trigger: CheckTrigger }];
  stage: [info: { stage: RecoveryStage; phase: 'start' | 'done'; ok?: boolean }];
  recovery: [record: RecoveryRecord];
  /** A check or the doctor threw; the watchdog goes on at the next interval. */
  warning: [message: string];
}

export interface WatchdogOptions {
  checks: WatchdogChecks;
  actions: RecoveryActions;
  settings?: Partial<WatchdogSettings>;
  clock?: WatchdogClock;
  /** Poll period while verifying a stage; default 1000 ms (never more than the interval). */
  verifyPollMs?: number;
}

export class Watchdog extends EventEmitter<WatchdogEvents> {
  readonly settings: WatchdogSettings;
  #checks: WatchdogChecks;
  #actions: RecoveryActions;
  #clock: WatchdogClock;
  #verifyPollMs: number;
  #state: ConnectionState = 'connecting';
  #since: number;
  #reason: string | undefined;
  #lastCheck: (LinkCheck & { trigger: CheckTrigger }) | undefined;
  #lastRecovery: RecoveryRecord | undefined;
  #resetTimes: number[] = [];
  #failures = 0;
  #nextRecoveryAt = 0;
  #pending: CheckTrigger | undefined;
  #wake = new AbortController();
  #work = new AbortController();
  #pauses = new Set<symbol>();
  #loop: Promise<void> | undefined;
  #stopped = false;

  constructor(options: WatchdogOptions) {
    super();
    this.settings = watchdogSettings(options.settings);
    this.#checks = options.checks;
    this.#actions = options.actions;
    this.#clock = options.clock ?? systemClock;
    this.#verifyPollMs = Math.min(options.verifyPollMs ?? 1000, this.settings.intervalS * 1000);
    this.#since = this.#clock.now();
  }

  get status(): ConnectionStatus {
    return {
      state: this.#state,
      since: new Date(this.#since).toISOString(),
      ...(this.#reason !== undefined ? { reason: this.#reason } : {}),
      ...(this.#lastCheck ? { lastCheck: this.#lastCheck } : {}),
      ...(this.#lastRecovery ? { lastRecovery: this.#lastRecovery } : {}),
    };
  }

  get paused(): boolean {
    return this.#pauses.size > 0;
  }

  /** Starts the loop: a first check at once. */
  start(): void {
    if (this.#loop || this.#stopped) return;
    this.#pending = 'start';
    this.#loop = this.#run();
  }

  /** Stops the loop and any recovery in flight; resolves when it has. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#work.abort();
    this.#wake.abort();
    await this.#loop;
  }

  /** A fast-path event (URC, port vanished, interface gone): check now. */
  trigger(trigger: CheckTrigger): void {
    if (this.#stopped) return;
    this.#pending ??= trigger;
    this.#wake.abort();
  }

  /**
   * A user operation starts (mode switch, APN apply, net up/down...): no checks and no recovery
   * until the returned function is called; a recovery in flight stops at once. Then a check runs.
   */
  pause(): () => void {
    const token = Symbol('pause');
    this.#pauses.add(token);
    this.#work.abort();
    return () => {
      if (!this.#pauses.delete(token) || this.#pauses.size > 0) return;
      this.trigger('resume');
    };
  }

  // ---- the loop ----------------------------------------------------------------------------

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const trigger = this.#pending;
      if (trigger !== undefined && !this.paused) {
        this.#pending = undefined;
        this.#work = new AbortController();
        try {
          await this.#cycle(trigger, this.#work.signal);
        } catch (err) {
          this.emit('warning', `watchdog check failed: ${(err as Error).message}`);
        }
        continue;
      }
      this.#wake = new AbortController();
      if (this.#pending !== undefined && !this.paused) continue;
      const delay = this.paused ? HOUR_MS : this.#nextDelay();
      await this.#clock.sleep(delay, this.#wake.signal);
      if (!this.#wake.signal.aborted && !this.paused) this.#pending = this.#state === 'degraded' && this.#clock.now() >= this.#nextRecoveryAt ? 'retry' : 'interval';
    }
  }

  /** The interval, or sooner when a degraded link's next retry is due. */
  #nextDelay(): number {
    const interval = this.settings.intervalS * 1000;
    if (this.#state !== 'degraded') return interval;
    return Math.max(0, Math.min(interval, this.#nextRecoveryAt - this.#clock.now()));
  }

  async #cycle(trigger: CheckTrigger, signal: AbortSignal): Promise<void> {
    const check = await this.#check(trigger, signal);
    if (signal.aborted) return;
    if (check.classification === 'ok') {
      this.#failures = 0;
      this.#setState('online');
      return;
    }
    // Degraded and the backoff not over: only watch for the fault clearing.
    if (this.#state === 'degraded' && this.#clock.now() < this.#nextRecoveryAt) return;
    const facts = await this.#checks.modem(signal).catch(() => undefined);
    if (signal.aborted) return;
    const start = recoveryStart(check, facts);
    if (start.kind === 'none') return;
    if (start.kind === 'user-choice') {
      this.#setState('offline', start.reason);
      return;
    }
    await this.#recover(trigger, start.stage, start.symptom, signal);
  }

  async #check(trigger: CheckTrigger, signal: AbortSignal): Promise<LinkCheck & { trigger: CheckTrigger }> {
    const check = { ...(await this.#checks.link(signal)), trigger };
    this.#lastCheck = check;
    this.emit('check', check);
    return check;
  }

  async #recover(trigger: CheckTrigger, first: RecoveryStage, symptom: RecoveryRecord['symptom'], signal: AbortSignal): Promise<void> {
    const previous = this.#state;
    this.#setState('recovering', `recovering from ${symptom}`);
    const startedAt = this.#clock.now();
    const stages: StageAttempt[] = [];
    const skipped: { stage: RecoveryStage; reason: string }[] = [];
    let fixedBy: RecoveryStage | undefined;
    for (const stage of ladderFrom(first)) {
      if (signal.aborted) break;
      const blocked = stageBlocked(stage, this.#limits());
      if (blocked) {
        skipped.push({ stage, reason: blocked });
        continue;
      }
      const attempt = await this.#runStage(stage, symptom, signal);
      stages.push(attempt);
      if (attempt.ok) {
        fixedBy = stage;
        break;
      }
    }
    const record: RecoveryRecord = {
      trigger,
      symptom,
      startedAt,
      durationMs: 0,
      stages,
      outcome: fixedBy ? 'recovered' : signal.aborted ? 'interrupted' : 'failed',
      ...(fixedBy ? { fixedBy } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    };
    if (record.outcome === 'failed') record.verdict = await this.#checks.verdict(signal).catch(() => null);
    record.durationMs = this.#clock.now() - startedAt;
    this.#lastRecovery = record;
    this.#finishRecovery(record, previous);
    this.emit('recovery', record);
  }

  #finishRecovery(record: RecoveryRecord, previous: ConnectionState): void {
    if (record.outcome === 'recovered') {
      this.#failures = 0;
      this.#setState('online');
    } else if (record.outcome === 'failed') {
      this.#failures += 1;
      this.#nextRecoveryAt = this.#clock.now() + backoffDelay(this.#failures, this.settings.backoffBaseS * 1000, this.settings.backoffCapS * 1000);
      const why = record.verdict?.summary ?? record.skipped?.map((s) => `${s.stage}: ${s.reason}`).join('; ') ?? 'every recovery stage failed';
      this.#setState('degraded', why);
    } else {
      // A user operation took over: its own result decides; the next check after it tells.
      this.#setState(previous === 'recovering' ? 'connecting' : previous, 'paused for a user operation');
    }
  }

  async #runStage(stage: RecoveryStage, symptom: RecoveryRecord['symptom'], signal: AbortSignal): Promise<StageAttempt> {
    const t0 = this.#clock.now();
    if (isReset(stage)) this.#resetTimes = [...this.#resetTimes.filter((t) => t0 - t < HOUR_MS), t0];
    this.emit('stage', { stage, phase: 'start' });
    let steps: string[] = [];
    let detail: string | undefined;
    let ok = false;
    try {
      steps = await this.#act(stage, symptom, signal);
      if (signal.aborted) throw new Error('interrupted by a user operation');
      const verified = await this.#verify(signal);
      ok = verified.classification === 'ok';
      if (!ok) detail = verified.summary;
    } catch (err) {
      detail = (err as Error).message;
    }
    this.emit('stage', { stage, phase: 'done', ok });
    return { stage, steps, ok, durationMs: this.#clock.now() - t0, ...(detail !== undefined ? { detail } : {}) };
  }

  #act(stage: RecoveryStage, symptom: RecoveryRecord['symptom'], signal: AbortSignal): Promise<string[]> {
    switch (stage) {
      case 'host':
        return this.#actions.host(hostSteps(symptom), signal);
      case 'modem-data':
        return this.#actions.modemData(signal);
      case 'modem-reset':
        return this.#actions.modemReset(signal);
      case 'usb':
        return this.#actions.usb(usbSteps(this.#limits()), signal);
    }
  }

  /** Re-checks until the link is ok or verifyTimeoutS has passed; returns the last check. */
  async #verify(signal: AbortSignal): Promise<LinkCheck> {
    const deadline = this.#clock.now() + this.settings.verifyTimeoutS * 1000;
    for (;;) {
      const check = await this.#check('retry', signal);
      if (check.classification === 'ok' || signal.aborted || this.#clock.now() >= deadline) return check;
      await this.#clock.sleep(Math.min(this.#verifyPollMs, deadline - this.#clock.now()), signal);
    }
  }

  #limits() {
    return {
      now: this.#clock.now(),
      resetTimes: this.#resetTimes,
      maxResetsPerHour: this.settings.maxResetsPerHour,
      hubPowerCycle: this.settings.hubPowerCycle,
    };
  }

  #setState(state: ConnectionState, reason?: string): void {
    const previous = this.#state;
    const changed = previous !== state || this.#reason !== reason;
    if (previous !== state) this.#since = this.#clock.now();
    this.#state = state;
    this.#reason = reason;
    if (changed) this.emit('state', this.status, previous);
  }
}

/**
 * Writes the watchdog's state changes and recoveries into the history (issue 11). Returns a
 * function that stops recording. A failing write is reported as a warning, never thrown into the
 * watchdog.
 */
export function recordWatchdog(watchdog: Watchdog, sink: HistorySink, clock: Pick<WatchdogClock, 'now'> = systemClock): () => void {
  const safely = (write: () => void) => {
    try {
      write();
    } catch (err) {
      watchdog.emit('warning', `history write failed: ${(err as Error).message}`);
    }
  };
  const onState = (status: ConnectionStatus, previous: ConnectionState) =>
    safely(() => sink.addEvent({ kind: 'state', at: clock.now(), from: previous, to: status.state, ...(status.reason !== undefined ? { reason: status.reason } : {}) }));
  const onRecovery = (record: RecoveryRecord) => safely(() => sink.addEvent({ kind: 'recovery', at: record.startedAt + record.durationMs, recovery: record }));
  watchdog.on('state', onState);
  watchdog.on('recovery', onRecovery);
  return () => {
    watchdog.off('state', onState);
    watchdog.off('recovery', onRecovery);
  };
}
