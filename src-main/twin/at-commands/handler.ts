// What a command handler of the twin's firmware is (issue 2): it reads the parsed command and the state,
// pushes information lines and effects, and fails with a +CME code or a plain ERROR; the checks every
// handler shares (command kinds, integer parameters, a readable SIM) are here too.
import { intParam, type Param, type ParsedCommand } from '../at-syntax.js';
import type { TwinState } from '../state.js';

export type ResetReason = 'creset' | 'cfun' | 'pid-switch';

export type Effect =
  /** Answer first, then the module reboots (the port vanishes). */
  | { kind: 'reset'; reason: ResetReason }
  /** CFUN changed: the radio goes off, or starts searching. */
  | { kind: 'radio' }
  /** A correct PIN/PUK was entered: the SIM finishes starting (SMS DONE, PB DONE follow). */
  | { kind: 'sim-unlocked' }
  /** AUTOCSQ changed. */
  | { kind: 'autocsq' }
  /** The answer takes a network scan (AT+COPS=?): the twin delays it. */
  | { kind: 'slow'; what: 'cops-scan' };

/** 27.007 §9.2 texts of the codes the twin raises (AT+CMEE=2 prints them verbatim, T-13). */
const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  14: 'SIM busy',
  16: 'incorrect password',
  30: 'no network service',
  50: 'incorrect parameters',
  100: 'unknown',
  148: 'unspecified GPRS error',
  149: 'PDP authentication failure',
};

export class CmeError extends Error {
  constructor(readonly code: number) {
    super(CME_TEXT[code] ?? 'unknown');
  }
}
/** Plain ERROR: a syntax the firmware does not know (unknown command, malformed parameters). */
export class SyntaxError_ extends Error {}

/** Formats +CME ERROR per AT+CMEE (0 plain ERROR, 1 numeric, 2 verbose). */
export function cmeLine(cmee: 0 | 1 | 2, code: number): string {
  if (cmee === 0) return 'ERROR';
  if (cmee === 1) return `+CME ERROR: ${code}`;
  return `+CME ERROR: ${CME_TEXT[code] ?? 'unknown'}`;
}

export type Handler = (cmd: ParsedCommand, s: TwinState, out: string[], effects: Effect[]) => void;

export function only(cmd: ParsedCommand, ...kinds: ParsedCommand['kind'][]): void {
  if (!kinds.includes(cmd.kind)) throw new SyntaxError_(cmd.name);
}

export function int(p: Param | undefined, min: number, max: number): number {
  const n = intParam(p, min, max);
  if (n === undefined) throw new SyntaxError_('param');
  return n;
}

/** The SIM must be readable (IMSI, ICCID, SPIC...): busy window, absent card, and (optionally) the PIN lock raise the CME code. */
export function requireSim(s: TwinState, unlocked: boolean): void {
  if (s.sim.status === 'absent') throw new CmeError(10);
  if (s.runtime.simBusy) throw new CmeError(14);
  if (unlocked && s.sim.status === 'pin') throw new CmeError(11);
  if (unlocked && s.sim.status === 'puk') throw new CmeError(12);
}
