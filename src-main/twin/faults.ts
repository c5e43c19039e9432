// Faults the twin learns for the watchdog's tests (issue 11), by name, so that a test process can
// inject them into a twin running elsewhere (./control-server.ts):
// - drop-data: the network deactivates the data session (+CGEV: NW PDN DEACT <cid>); it stays down
//   until a radio cycle (CFUN=0 then 1) or a reset;
// - reboot: the module reboots on its own (port vanishes, back behind the stable link after the
//   reset delay, boot URCs); also what a hub port power cycle does;
// - lose-registration: coverage lost for N seconds (+CEREG, +CGEV: NW PDN DEACT / NW DETACH), then
//   the module re-registers and re-attaches by itself;
// - hang: the firmware stops answering until a power cycle (reboot) or re-plug.
import { registrationStat, type Coverage, type RegStat } from './state.js';
import type { Twin } from './twin.js';

export const TWIN_FAULT_NAMES = ['drop-data', 'reboot', 'lose-registration', 'hang'] as const;
export type TwinFaultName = (typeof TWIN_FAULT_NAMES)[number];

export type TwinFault = { kind: 'drop-data' } | { kind: 'reboot' } | { kind: 'lose-registration'; seconds: number } | { kind: 'hang' };

/** Longest registration loss one fault may ask for (an hour). */
export const MAX_LOSS_S = 3600;

/** Checks a fault that came from outside (the control socket, a CLI flag); throws a RangeError naming what is wrong. */
export function parseFault(raw: unknown): TwinFault {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kind = o['fault'];
  if (typeof kind !== 'string' || !(TWIN_FAULT_NAMES as readonly string[]).includes(kind)) {
    throw new RangeError(`unknown fault ${JSON.stringify(kind)?.slice(0, 40)} (one of: ${TWIN_FAULT_NAMES.join(', ')})`);
  }
  if (kind === 'lose-registration') {
    const seconds = o['seconds'];
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LOSS_S) {
      throw new RangeError(`lose-registration needs "seconds": a whole number from 1 to ${MAX_LOSS_S}`);
    }
    return { kind, seconds };
  }
  return { kind } as TwinFault;
}

export interface TwinStatus {
  present: boolean;
  pid: number;
  /** The module holds a data session now. */
  dataSession: boolean;
  hung: boolean;
  registration: RegStat;
  /** Epoch ms a lose-registration fault ends, while one runs. */
  registrationLostUntil?: number | undefined;
}

/** Applies faults to one twin; owns the timer that ends a registration loss. */
export class TwinFaults {
  readonly twin: Twin;
  #lossTimer: NodeJS.Timeout | undefined;
  #lossUntil: number | undefined;
  #coverageBefore: Coverage | undefined;

  constructor(twin: Twin) {
    this.twin = twin;
    twin.once('disposed', () => this.dispose());
  }

  apply(fault: TwinFault): void {
    switch (fault.kind) {
      case 'drop-data':
        this.twin.dropDataSession();
        return;
      case 'reboot':
        this.twin.reset();
        return;
      case 'hang':
        this.twin.hang();
        return;
      case 'lose-registration':
        this.#loseRegistration(fault.seconds);
        return;
    }
  }

  status(): TwinStatus {
    return {
      present: this.twin.present,
      pid: this.twin.pid,
      dataSession: this.twin.dataUp,
      hung: this.twin.hung,
      registration: this.twin.present ? registrationStat(this.twin.snapshot()) : 0,
      ...(this.#lossUntil !== undefined ? { registrationLostUntil: this.#lossUntil } : {}),
    };
  }

  dispose(): void {
    if (this.#lossTimer) clearTimeout(this.#lossTimer);
    this.#lossTimer = undefined;
  }

  /** The world side: coverage goes, then comes back as it was. A second loss extends the first. */
  #loseRegistration(seconds: number): void {
    if (this.#lossTimer) clearTimeout(this.#lossTimer);
    else this.#coverageBefore = this.twin.snapshot().network.coverage;
    this.twin.update((s) => {
      s.network.coverage = 'none';
    });
    this.#lossUntil = Date.now() + seconds * 1000;
    this.#lossTimer = setTimeout(() => {
      this.#lossTimer = undefined;
      this.#lossUntil = undefined;
      const back = this.#coverageBefore ?? 'home';
      if (!this.twin.disposed) this.twin.update((s) => (s.network.coverage = back));
    }, seconds * 1000);
  }
}
