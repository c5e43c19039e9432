// The twin's AT firmware: one command line in, the exact SIMCom answer out (formats from
// shared/docs/transcripts.md and sim7600.md). Pure over TwinState: no timers and no IO. What needs
// time or the USB bus (resets, radio search, the slow AT+COPS=? scan, AUTOCSQ) comes back as
// `effects` for the Twin (./twin.ts) to carry out.
// The command table is split by subject in ./at-commands/ (general, sim, radio, pdp).
import { parseCommandLine } from './at-syntax.js';
import { GENERAL_COMMANDS } from './at-commands/general.js';
import { CmeError, cmeLine, SyntaxError_, type Effect, type Handler } from './at-commands/handler.js';
import { PDP_COMMANDS } from './at-commands/pdp.js';
import { RADIO_COMMANDS } from './at-commands/radio.js';
import { SIM_COMMANDS } from './at-commands/sim.js';
import { settleNetwork, type TwinState } from './state.js';

// The firmware's pieces stay importable from here (the Twin and the tests use them).
export { cmeLine, type Effect, type ResetReason } from './at-commands/handler.js';
export { cpsiLine, registrationUrc } from './at-commands/answers.js';

export interface FirmwareResult {
  /** Information lines in order (no framing). */
  lines: string[];
  /** The final result line: OK, ERROR or +CME ERROR: ... */
  final: string;
  effects: Effect[];
}

/**
 * Frames an answer the way the module puts it on the wire: `\r\n<line>\r\n` for the information
 * block (lines back to back, as in T-13's +CGDCONT table), then `\r\n<final>\r\n`.
 */
export function frameResponse(lines: readonly string[], final: string): string {
  const body = lines.length > 0 ? `\r\n${lines.join('\r\n')}\r\n` : '';
  return `${body}\r\n${final}\r\n`;
}

/** An unsolicited line on the wire (T-32 hex dump: `\r\nRDY\r\n\r\n+CPIN: READY\r\n`). */
export function frameUrc(line: string): string {
  return `\r\n${line}\r\n`;
}

/** Every command the twin knows, by name. */
const HANDLERS = new Map<string, Handler>([...GENERAL_COMMANDS, ...SIM_COMMANDS, ...RADIO_COMMANDS, ...PDP_COMMANDS]);

/**
 * Runs one command line (without its CR) against the state, mutating it. Returns undefined for
 * a line that does not start with AT: the module ignores it (no answer).
 */
export function executeLine(s: TwinState, line: string): FirmwareResult | undefined {
  const trimmed = line.trim();
  if (!/^AT/i.test(trimmed)) return undefined;
  const effects: Effect[] = [];
  const lines: string[] = [];
  const commands = parseCommandLine(trimmed);
  if (!commands) return { lines: [], final: 'ERROR', effects };
  for (const cmd of commands) {
    const handler = HANDLERS.get(cmd.name);
    try {
      if (!handler) throw new SyntaxError_(cmd.name);
      handler(cmd, s, lines, effects);
    } catch (err) {
      settleNetwork(s);
      // A failed command ends the line: later commands are not run (V.250 §5.3).
      if (err instanceof CmeError) return { lines, final: cmeLine(s.runtime.cmee, err.code), effects };
      if (err instanceof SyntaxError_) return { lines, final: 'ERROR', effects };
      throw err;
    }
  }
  settleNetwork(s);
  return { lines, final: 'OK', effects };
}
