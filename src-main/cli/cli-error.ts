// How every `simhat` command reports a failure it did not handle itself: one line on stderr (never a
// stack trace), and with --json also one {"error":{code,message,hint?}} object on stdout, so a script
// that parses stdout gets JSON even when the command line was wrong.
import { TransportError } from '../core/at/transport.js';
import type { CliIo } from './command.js';

export interface CliErrorBody {
  code: string;
  message: string;
  hint?: string;
}

/** True when --json appears among the options (before a `--` that ends them). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Shortens a value echoed back in a message: a 10 kB argument must not flood the terminal. */
export function clip(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
}

/** The error body for anything thrown: its own code/hint when it has them, else "internal". */
export function errorBody(err: unknown, fallbackCode = 'internal'): CliErrorBody {
  const e = err as { code?: unknown; message?: unknown; hint?: unknown } | null;
  const message = clipLines(typeof e?.message === 'string' && e.message ? e.message : String(err));
  const code = typeof e?.code === 'string' && e.code ? e.code : fallbackCode;
  return { code, message, ...(typeof e?.hint === 'string' && e.hint ? { hint: e.hint } : {}) };
}

/** Prints an error as one stderr line (+ hint), and as JSON on stdout when --json was given. */
export function reportCliError(io: CliIo, name: string, body: CliErrorBody, json: boolean, usage?: string): void {
  if (json) io.stdout(JSON.stringify({ ok: false, error: body }) + '\n');
  // A usage mistake in text mode shows the usage itself rather than the hint pointing at it.
  if (usage && !json) io.stderr(`simhat ${name}: ${body.message}\n\n${usage}\n`);
  else io.stderr(`simhat ${name}: ${body.message}\n${body.hint ? `  hint: ${body.hint}\n` : ''}`);
}

/** Codes of a port that cannot be opened, as they cross the Api (TransportError's, and the service's own). */
const PORT_CODES = new Set(['busy', 'denied', 'not-found', 'io', 'port-busy', 'no-at-port']);

/** A port that cannot be opened (missing, busy, no permission, not a serial device) is exit 2. */
export function isPortError(err: unknown): boolean {
  if (err instanceof TransportError) return err.code !== 'closed';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PORT_CODES.has(code);
}

// Messages from node's parseArgs or a deep error can be long; keep each line readable.
function clipLines(text: string): string {
  return text
    .split('\n')
    .map((l) => clip(l, 400))
    .join('\n');
}
