// What the twin has told the host about the network, and the URCs that follow a change (issue 2, +CGEV
// issue 11): +CREG/+CGREG/+CEREG per the modes the host set, +CGEV for PDP contexts and detach, +CSQ
// on a signal change after AT+AUTOCSQ=1,1, and the data-session event the netns harness follows.
import { registrationUrc } from './firmware.js';
import { currentRssi, registrationStat, type RegStat, type TwinState } from './state.js';

export interface ReportSink {
  urc(line: string): void;
  registration(stat: RegStat): void;
  dataSession(up: boolean): void;
}

export class HostReports {
  #lastStat: RegStat = 0;
  #lastRssi = 0;
  #lastDataUp = false;
  #reportedActive = new Set<number>();
  #reportedAttached = false;

  constructor(
    private readonly sink: ReportSink,
    /** The twin's data session now (false while it is gone or hung). */
    private readonly dataUp: () => boolean,
  ) {}

  /** Takes the state as already reported (at construction: nothing is announced for the start). */
  baseline(s: TwinState): void {
    this.#lastStat = registrationStat(s);
    this.#lastRssi = currentRssi(s);
    this.#lastDataUp = this.dataUp();
  }

  /** Powered long ago ('ready' start): the contexts up now count as reported. */
  assumePdpReported(s: TwinState): void {
    this.#reportedActive = new Set(s.runtime.active);
    this.#reportedAttached = s.runtime.attached;
  }

  /** Nothing survives a power cycle, and nothing is reported while the port is gone. */
  forgetPdp(): void {
    this.#reportedActive = new Set();
    this.#reportedAttached = false;
  }

  /** The contexts went down without a +CGEV of this class (hang, or a network deactivation already said). */
  forgetActive(): void {
    this.#reportedActive = new Set();
  }

  /** A reset: the next registration is a change from "not registered". */
  forgetRegistration(): void {
    this.#lastStat = 0;
  }

  /** After the network settled: every change since the last report goes out. */
  settle(s: TwinState): void {
    const stat = registrationStat(s);
    if (stat !== this.#lastStat) {
      this.#lastStat = stat;
      for (const [name, n] of [
        ['+CREG', s.runtime.creg],
        ['+CGREG', s.runtime.cgreg],
        ['+CEREG', s.runtime.cereg],
      ] as const) {
        const urc = registrationUrc(name, n, s);
        if (urc) this.sink.urc(urc);
      }
      this.sink.registration(stat);
    }
    this.#reportPdp(s);
    this.reportDataSession();
    const rssi = currentRssi(s);
    if (rssi !== this.#lastRssi) {
      this.#lastRssi = rssi;
      if (s.runtime.autoCsq.enabled && s.runtime.autoCsq.onChange) this.sink.urc(`+CSQ: ${rssi},99`);
    }
  }

  reportDataSession(): void {
    const up = this.dataUp();
    if (up === this.#lastDataUp) return;
    this.#lastDataUp = up;
    this.sink.dataSession(up);
  }

  /**
   * +CGEV URCs (27.007 §10.1.19, SIMCom wording) for PDP contexts that came up or went down since the
   * last report. Called from settle, i.e. after the command's final result went out, never inside it.
   * Host-caused changes (CGACT, CFUN, CGATT) are "ME"; losing registration with the radio on is "NW".
   */
  #reportPdp(s: TwinState): void {
    const byNetwork = !s.runtime.attached && s.runtime.cfun === 1 && s.runtime.attachWanted;
    for (const cid of [...this.#reportedActive].sort((a, b) => a - b)) {
      if (!s.runtime.active.has(cid)) this.sink.urc(`+CGEV: ${byNetwork ? 'NW' : 'ME'} PDN DEACT ${cid}`);
    }
    if (this.#reportedAttached && byNetwork) this.sink.urc('+CGEV: NW DETACH');
    for (const cid of [...s.runtime.active].sort((a, b) => a - b)) {
      if (!this.#reportedActive.has(cid)) this.sink.urc(`+CGEV: ME PDN ACT ${cid}`);
    }
    this.#reportedActive = new Set(s.runtime.active);
    this.#reportedAttached = s.runtime.attached;
  }
}
