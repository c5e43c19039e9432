// The contract every `simhat <name>` subcommand module implements (src-main/cli/commands/<name>.ts).
// Commands are discovered by file name, so adding one needs no edit elsewhere.
import type { TerminalInfo } from './terminal-style.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM so long operations (watch, serve, twin) can end cleanly. */
  signal: AbortSignal;
  /** Where stdout lands: colour, symbols and width follow it (absent: a pipe, 80 columns). */
  terminal?: TerminalInfo;
}

export interface CliCommand {
  /** One line shown by `simhat --help`. */
  summary: string;
  /** Full usage text shown by `simhat <name> --help`. */
  usage: string;
  /** Returns the process exit code: 0 ok, 1 a failed result (ERROR, failing check), 2 usage or port error. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C / SIGTERM before finishing (128 + SIGINT, the shell convention). */
export const EXIT_INTERRUPTED = 130;

/** A usage mistake: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
