// The twin: a simulated SIM7600G-H that answers AT commands like the real module (issue 2).
// Used in-process by demo mode (./in-process-transport.ts) and on a real PTY by tests and
// `simhat twin` (./pty-binding.ts). It owns the clock (boot, SIM busy window, registration,
// resets); the answers themselves come from the pure firmware in ./firmware.ts.
//
//   const twin = new Twin({ scenario: 'seed', timings: TEST_TIMINGS });
//   twin.on('output', (text) => ...);        // bytes for the host
//   twin.input('AT+CGDCONT?\r');              // bytes from the host
//   twin.on('reset-start', ...); twin.on('reappeared', ({ pid }) => ...);
//   twin.dispose();
//
// Timeline after power-up and after every reset (all configurable, see TwinTimings):
//   t0 port appears ─ bootUrcDelayMs → RDY ─ simBusyMs (from t0) → +CPIN: READY, SMS DONE, PB DONE
//   ─ registrationDelayMs → registered (+CREG URCs if enabled), attached, default bearer on cid 1 (+ cid 6 in RNDIS/ECM).
import { EventEmitter } from 'node:events';
import { executeLine, frameResponse, frameUrc, type FirmwareResult } from './firmware.js';
import { HostReports } from './host-reports.js';
import { scenarioState } from './scenarios.js';
import { cloneState, currentRssi, dataUp, freshRuntime, settleNetwork, type TwinState, type UsbPid } from './state.js';
import type { CommandLogEntry, TwinEvents, TwinResetReason } from './twin-events.js';
import { DEFAULT_TIMINGS, type TwinOptions, type TwinTimings } from './twin-options.js';

// The twin's options and events stay importable from here (tests, demo mode and `simhat twin` use them).
export { DEFAULT_TIMINGS, TEST_TIMINGS, type TwinOptions, type TwinTimings } from './twin-options.js';
export type { CommandLogEntry, TwinEvents, TwinResetReason } from './twin-events.js';

const MAX_LINE = 4096;

export class Twin extends EventEmitter<TwinEvents> {
  /** Every command line received (without its CR), oldest first, across resets. */
  readonly receivedCommands: string[] = [];
  /** The same with the answers. */
  readonly commandLog: CommandLogEntry[] = [];
  readonly timings: Readonly<TwinTimings>;

  #state: TwinState;
  #present = true;
  #pid: UsbPid;
  #disposed = false;
  #lineBuffer = '';
  #pending: string[] = [];
  #busy = false;
  #timers = new Set<NodeJS.Timeout>();
  #registrationTimer: NodeJS.Timeout | undefined;
  #autoCsqTimer: NodeJS.Timeout | undefined;
  #hung = false;
  readonly #reports = new HostReports(
    {
      urc: (line) => this.#urc(line),
      registration: (stat) => this.emit('registration', stat),
      dataSession: (up) => this.emit('data-session', up),
    },
    () => this.dataUp,
  );

  constructor(options: TwinOptions = {}) {
    super();
    const t = { ...DEFAULT_TIMINGS, ...options.timings };
    t.simBusyMs = Math.max(t.simBusyMs, t.bootUrcDelayMs);
    this.timings = t;
    this.#state = options.state ? cloneState(options.state) : scenarioState(options.scenario ?? 'seed');
    this.#pid = this.#state.nv.usbPid;
    if (options.start === 'ready') {
      this.#state.runtime = freshRuntime();
      if (this.#state.sim.status === 'ready' && this.#state.runtime.cfun === 1) this.#state.runtime.radio = 'camped';
      this.#state.runtime.cpsiReady = true; // powered long ago: someone already asked
      settleNetwork(this.#state);
      this.#reports.assumePdpReported(this.#state);
    } else {
      this.#boot();
    }
    this.#reports.baseline(this.#state);
  }

  /**
   * The USB PID the device is enumerated with now (changes only across a reset), written as in
   * AT+CUSBPIDSWITCH: 9011 means USB product id 0x9011 (see usbProductId).
   */
  get pid(): UsbPid {
    return this.#pid;
  }

  /** The same PID as the USB product id number (0x9011 for 9011), as lsusb and the usb lib report it. */
  get usbProductId(): number {
    return parseInt(String(this.#pid), 16);
  }

  /** True while the USB device (and so its AT port) exists. */
  get present(): boolean {
    return this.#present && !this.#disposed;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** A deep copy of the current state (for assertions and demo displays). */
  snapshot(): TwinState {
    return cloneState(this.#state);
  }

  /** True when a data session is up (cid 1, plus cid 6 in RNDIS/ECM mode). */
  get dataUp(): boolean {
    return this.present && !this.#hung && dataUp(this.#state);
  }

  /**
   * Bytes from the host. Lines end at CR (V.250 S3); LF is ignored. Dropped while the device is
   * gone. Lines arriving while a slow command (AT+COPS=?) runs are answered after it, in order.
   */
  input(data: Uint8Array | string): void {
    if (!this.present || this.#hung) return;
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
    for (const ch of text) {
      if (ch === '\r') {
        const line = this.#lineBuffer;
        this.#lineBuffer = '';
        if (line.trim() !== '') this.#pending.push(line);
      } else if (ch !== '\n') {
        if (this.#lineBuffer.length < MAX_LINE) this.#lineBuffer += ch;
      }
    }
    this.#drain();
  }

  /** Sends an unsolicited line now (e.g. '+CMTI: "SM",4'), even in the middle of a command. */
  injectUrc(line: string): void {
    if (!this.present) return;
    this.#urc(line);
  }

  /**
   * Changes the world or the module (coverage, signal, SIM, APNs the network accepts...), then lets
   * registration, attach and URCs follow as they would on the real module.
   *   twin.update((s) => { s.network.coverage = 'none'; });
   */
  update(mutate: (state: TwinState) => void): void {
    mutate(this.#state);
    if (!this.present) return; // takes effect at the next boot
    if (this.#state.runtime.radio === 'camped' && (this.#state.runtime.cfun !== 1 || this.#state.sim.status !== 'ready')) {
      this.#state.runtime.radio = 'off';
    }
    if (this.#state.runtime.radio === 'off') this.#startRadio();
    this.#settle();
  }

  /** True while hang() holds: the module takes bytes and answers nothing. */
  get hung(): boolean {
    return this.#hung;
  }

  /**
   * Fault (issue 11): the network deactivates the data session: `+CGEV: NW PDN DEACT <cid>` per
   * active cid, and it stays down (CGACT refused) until the next attach: a radio cycle or a reset.
   */
  dropDataSession(): void {
    if (!this.present || this.#hung) return;
    const s = this.#state;
    s.runtime.pdnBarred = true;
    for (const cid of [...s.runtime.active].sort((a, b) => a - b)) this.#urc(`+CGEV: NW PDN DEACT ${cid}`);
    s.runtime.active.clear();
    this.#reports.forgetActive();
    this.#settle();
  }

  /** Fault (issue 11): the firmware stops answering (no echo, results, URCs or data) until reset() or re-plug. */
  hang(): void {
    if (!this.present || this.#hung) return;
    this.#clearTimers();
    this.#hung = true;
    this.#state.runtime.active.clear();
    this.#reports.forgetActive();
    this.#lineBuffer = '';
    this.#pending = [];
    this.emit('hung');
    this.#reports.reportDataSession();
  }

  /** Power-cycles the module (like pulling the power): the port vanishes and comes back after resetDelayMs. */
  reset(): void {
    if (!this.present) return;
    this.#reset('power-cycle');
  }

  /** The USB cable is pulled: the port vanishes until plug(). */
  unplug(): void {
    if (!this.present) return;
    this.#clearTimers();
    this.#present = false;
    this.#state.runtime = freshRuntime();
    this.#lineBuffer = '';
    this.#pending = [];
    this.#hung = false;
    this.emit('unplugged', { pid: this.#pid });
    this.#reports.reportDataSession();
  }

  /** The cable is back: the module boots (boot URCs, SIM busy window...). */
  plug(): void {
    if (this.#present || this.#disposed) return;
    this.#reappear();
  }

  /** Stops every timer; the twin answers nothing any more. */
  dispose(): void {
    if (this.#disposed) return;
    this.#clearTimers();
    this.#disposed = true;
    this.emit('disposed');
  }

  // ---- internals ---------------------------------------------------------------------------

  #drain(): void {
    while (!this.#busy && this.#pending.length > 0 && this.present) {
      const line = this.#pending.shift() as string;
      this.#handleLine(line);
    }
  }

  #handleLine(line: string): void {
    const s = this.#state;
    // The module echoes what it received, CR included, before answering (echo is on by default, ATE0 turns it off).
    if (s.runtime.echo) this.#write(`${line}\r`);
    const result = executeLine(s, line);
    if (!result) return; // not an AT line: ignored, like the module does
    this.receivedCommands.push(line);
    const slow = result.effects.some((e) => e.kind === 'slow');
    if (slow) {
      this.#busy = true;
      this.#after(this.timings.copsScanMs, () => {
        this.#busy = false;
        this.#answer(line, result);
        this.#drain();
      });
      return;
    }
    this.#answer(line, result);
  }

  #answer(line: string, result: FirmwareResult): void {
    this.#write(frameResponse(result.lines, result.final));
    const entry: CommandLogEntry = { line, lines: result.lines, final: result.final, at: Date.now() };
    this.commandLog.push(entry);
    this.emit('command', entry);
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'reset':
          // The OK goes out first, then the module drops off the bus.
          this.#busy = true;
          this.#after(this.timings.detachDelayMs, () => {
            this.#busy = false;
            this.#reset(effect.reason);
          });
          break;
        case 'radio':
          this.#startRadio();
          break;
        case 'sim-unlocked':
          this.#urc('SMS DONE');
          this.#urc('PB DONE');
          this.#startRadio();
          break;
        case 'autocsq':
          this.#restartAutoCsq();
          break;
        case 'slow':
          break;
      }
    }
    this.#settle();
  }

  #write(text: string): void {
    if (this.present && !this.#hung) this.emit('output', text);
  }

  #urc(line: string): void {
    this.#write(frameUrc(line));
    this.emit('urc', line);
  }

  #after(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#disposed) fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#registrationTimer = undefined;
    if (this.#autoCsqTimer) clearInterval(this.#autoCsqTimer);
    this.#autoCsqTimer = undefined;
    this.#busy = false;
  }

  #reset(reason: TwinResetReason): void {
    const pid = this.#pid;
    this.#clearTimers();
    this.#present = false;
    this.#lineBuffer = '';
    this.#pending = [];
    this.#state.runtime = freshRuntime();
    this.#reports.forgetRegistration();
    this.#hung = false;
    this.emit('reset-start', { reason, pid, nextPid: this.#state.nv.usbPid });
    this.#reports.reportDataSession();
    this.#after(this.timings.resetDelayMs, () => this.#reappear());
  }

  #reappear(): void {
    const previousPid = this.#pid;
    this.#pid = this.#state.nv.usbPid; // a PID stored in NV takes effect at enumeration
    this.#present = true;
    this.emit('reappeared', { pid: this.#pid, previousPid });
    this.#boot();
  }

  /** Power-up sequence: RDY, then the SIM finishes starting and the radio searches (T-9, T-13, T-32). */
  #boot(): void {
    const s = this.#state;
    s.runtime = freshRuntime();
    this.#reports.forgetPdp(); // nothing survives a power cycle, and nothing is reported while the port is gone
    s.runtime.simBusy = s.sim.status !== 'absent';
    this.#after(this.timings.bootUrcDelayMs, () => this.#urc('RDY'));
    this.#after(this.timings.simBusyMs, () => {
      s.runtime.simBusy = false;
      switch (s.sim.status) {
        case 'ready':
          this.#urc('+CPIN: READY');
          this.#urc('SMS DONE');
          this.#urc('PB DONE');
          this.#startRadio();
          break;
        case 'pin':
          this.#urc('+CPIN: SIM PIN');
          break;
        case 'puk':
          this.#urc('+CPIN: SIM PUK');
          break;
        case 'absent':
          this.#urc('+CPIN: SIM REMOVED');
          break;
      }
      this.#settle();
    });
  }

  /** Radio on (CFUN=1, SIM ready): search, then camp after registrationDelayMs. Radio off: drop everything. */
  #startRadio(): void {
    const s = this.#state;
    if (this.#registrationTimer) {
      clearTimeout(this.#registrationTimer);
      this.#timers.delete(this.#registrationTimer);
      this.#registrationTimer = undefined;
    }
    if (s.runtime.cfun !== 1 || s.sim.status !== 'ready' || s.runtime.simBusy) {
      s.runtime.radio = 'off';
      this.#settle();
      return;
    }
    s.runtime.radio = 'searching';
    this.#settle();
    this.#registrationTimer = this.#after(this.timings.registrationDelayMs, () => {
      this.#registrationTimer = undefined;
      s.runtime.radio = 'camped';
      this.#settle();
    });
  }

  /** Attach/PDP follow registration; registration, PDP and signal URCs go out per the modes the host set. */
  #settle(): void {
    settleNetwork(this.#state);
    this.#reports.settle(this.#state);
  }

  #restartAutoCsq(): void {
    if (this.#autoCsqTimer) clearInterval(this.#autoCsqTimer);
    this.#autoCsqTimer = undefined;
    const auto = this.#state.runtime.autoCsq;
    // AT+AUTOCSQ=1,0 reports periodically; =1,1 only on change (handled in #settle).
    if (auto.enabled && !auto.onChange) {
      this.#autoCsqTimer = setInterval(() => {
        if (this.present) this.#urc(`+CSQ: ${currentRssi(this.#state)},99`);
      }, this.timings.autoCsqIntervalMs);
    }
  }
}
