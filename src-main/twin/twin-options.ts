// How a Twin starts and how fast its clock runs (issue 2): the starting scenario or state, boot or
// ready, and the timings of resets, boot URCs, the SIM busy window, registration and scans.
import type { ScenarioName } from './scenarios.js';
import type { TwinState } from './state.js';

export interface TwinTimings {
  /** From the OK of a resetting command to the port vanishing (the OK must reach the host first). Default 300 ms. */
  detachDelayMs: number;
  /** How long the device stays gone during a reset (real modules: seconds to a minute, sim7600.md §2). Default 3000 ms. */
  resetDelayMs: number;
  /** From the port appearing to the `RDY` URC. Default 300 ms. */
  bootUrcDelayMs: number;
  /** From the port appearing to the SIM being readable (`+CME ERROR: SIM busy` before, T-13). Default 1500 ms, never less than bootUrcDelayMs. */
  simBusyMs: number;
  /** From radio on with a ready SIM to registered. Default 1500 ms. */
  registrationDelayMs: number;
  /** How long AT+COPS=? scans before answering. Default 3000 ms. */
  copsScanMs: number;
  /** Period of +CSQ URCs after AT+AUTOCSQ=1,0. Default 5000 ms. */
  autoCsqIntervalMs: number;
}

export const DEFAULT_TIMINGS: Readonly<TwinTimings> = {
  detachDelayMs: 300,
  resetDelayMs: 3000,
  bootUrcDelayMs: 300,
  simBusyMs: 1500,
  registrationDelayMs: 1500,
  copsScanMs: 3000,
  autoCsqIntervalMs: 5000,
};

/**
 * Small timings for tests: a full reset cycle takes under a second. RDY comes 300 ms after the
 * port reappears so that a client reopening the port at once (serialport flushes on open, like a
 * real tty) still sees the boot URCs; on a busy machine it may not: poll with AT instead.
 */
export const TEST_TIMINGS: Readonly<TwinTimings> = {
  detachDelayMs: 150,
  resetDelayMs: 150,
  bootUrcDelayMs: 300,
  simBusyMs: 400,
  registrationDelayMs: 60,
  copsScanMs: 100,
  autoCsqIntervalMs: 200,
};

export interface TwinOptions {
  /** Starting situation by name (./scenarios.ts). Default 'seed'. Ignored when `state` is given. */
  scenario?: ScenarioName;
  /** A complete starting state (cloned; e.g. scenarioState('good') with tweaks). */
  state?: TwinState;
  /** Overrides of DEFAULT_TIMINGS. */
  timings?: Partial<TwinTimings>;
  /**
   * 'boot' (default): the module has just been powered: boot URCs, SIM busy window, registration follow.
   * 'ready': as if powered long ago: SIM started, registration and PDP settled, no boot URCs.
   */
  start?: 'boot' | 'ready';
}
