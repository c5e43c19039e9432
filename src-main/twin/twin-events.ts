// What a Twin tells its owner (issue 2, faults issue 11): bytes for the host, the command log, URCs,
// resets and re-plugs, registration changes, the data session and hangs.
import type { ResetReason } from './firmware.js';
import type { RegStat, UsbPid } from './state.js';

/** What the twin received and answered: one entry per command line. */
export interface CommandLogEntry {
  line: string;
  lines: string[];
  final: string;
  at: number;
}

export type TwinResetReason = ResetReason | 'power-cycle';

export interface TwinEvents {
  /** Bytes the module sends to the host (responses, echo, URCs), in order. */
  output: [text: string];
  /** A command line was answered. */
  command: [entry: CommandLogEntry];
  /** An unsolicited line was sent (boot URCs, +CREG, +CSQ, injected). */
  urc: [line: string];
  /** The module resets now: the USB device (and its port) vanishes. `pid` is the PID it vanishes with. */
  'reset-start': [info: { reason: TwinResetReason; pid: UsbPid; nextPid: UsbPid }];
  /** The USB device is back (possibly with a new PID); boot URCs follow. */
  reappeared: [info: { pid: UsbPid; previousPid: UsbPid }];
  /** Unplugged with unplug(): like reset-start, but it stays gone until plug(). */
  unplugged: [info: { pid: UsbPid }];
  /** Registration stat changed (the same stat is reported by CREG, CGREG and CEREG). */
  registration: [stat: RegStat];
  /** dispose() was called: the twin is gone for good. */
  disposed: [];
  /** The module holds a data session (dataUp) or lost it; the netns harness follows this (issue 11). */
  'data-session': [up: boolean];
  /** Fault: the firmware stopped answering (hang()); only a power cycle or re-plug ends it. */
  hung: [];
}
