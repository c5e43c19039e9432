// `simhat at`: send AT commands to a port and print the answers (issue 2).
import { parseArgs } from 'node:util';
import { clip } from '../cli-error.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../command.js';
import { portOption } from '../option-values.js';
import { AtEngine } from '../../core/at/engine.js';
import { AtError } from '../../core/at/errors.js';
import { describeFinal, hintFor, isSuccess, type FinalResult } from '../../core/at/final-result.js';
import { commandLineProblem } from '../../core/at/command-line.js';
import { TransportError } from '../../core/at/transport.js';
import { openSerialTransport } from '../../platform/serial/serialport-transport.js';

const usage = `Usage: simhat at --port <path> [--timeout ms] [--baud n] [--json] <command...>

Sends each AT command in turn and prints the response lines and the final result.

Options:
  --port <path>    serial port, e.g. /dev/ttyUSB2 or /dev/serial/by-id/...-if02-port0 (required)
  --timeout <ms>   per-command timeout; default depends on the command (5 s, AT+COPS=? 180 s, AT+CFUN 30 s)
  --baud <n>       line speed; default 115200 (ignored on USB, matters on a Pi UART)
  --json           print one JSON object with every exchange

Exit status: 0 every command answered OK, 1 an ERROR/+CME ERROR/timeout, 2 usage or port error.
Example: simhat at --port /dev/ttyUSB2 ATI AT+CGDCONT?`;

interface Exchange {
  command: string;
  lines: string[];
  final?: FinalResult;
  ok: boolean;
  elapsedMs?: number;
  error?: { code: string; message: string; hint?: string };
}

function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`--${name} must be a positive whole number (got ${JSON.stringify(value)})`);
  return Number(value);
}

export const command: CliCommand = {
  summary: 'Send AT commands to a modem port and print the answers.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        timeout: { type: 'string' },
        baud: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.port === undefined) throw new UsageError('--port is required');
    const port = portOption(values.port)!;
    if (positionals.length === 0) throw new UsageError('give at least one AT command, e.g. ATI');
    for (const cmd of positionals) {
      const problem = commandLineProblem(cmd);
      if (problem) throw new UsageError(`${JSON.stringify(clip(cmd))}: ${problem}`);
    }
    const timeoutMs = parsePositiveInt('timeout', values.timeout);
    const baudRate = parsePositiveInt('baud', values.baud) ?? 115_200;
    const json = values.json ?? false;

    const engine = new AtEngine(openSerialTransport(port, { baudRate }));
    try {
      await engine.open();
    } catch (err) {
      const message = err instanceof TransportError ? err.message : `Could not open ${port}: ${(err as Error).message}`;
      if (json) io.stdout(JSON.stringify({ port, ok: false, error: { code: err instanceof TransportError ? err.code : 'io', message } }) + '\n');
      else io.stderr(`simhat at: ${message}\n`);
      return EXIT_USAGE;
    }

    const exchanges: Exchange[] = [];
    let exit = EXIT_OK;
    try {
      for (const cmd of positionals) {
        if (io.signal.aborted) break;
        const options = { allowError: true, signal: io.signal, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
        try {
          const r = await engine.send(cmd, options);
          const ok = isSuccess(r.final);
          exchanges.push({ command: cmd, lines: r.lines, final: r.final, ok, elapsedMs: Math.round(r.elapsedMs) });
          if (!json) {
            for (const line of r.lines) io.stdout(line + '\n');
            io.stdout(r.final.line.trim() + '\n');
            const hint = ok ? undefined : hintFor(r.final);
            if (!ok) io.stderr(`simhat at: ${cmd}: ${describeFinal(r.final)}${hint ? `. ${hint}` : ''}\n`);
          }
          if (!ok) exit = EXIT_FAILED;
        } catch (err) {
          const e = err instanceof AtError ? err : new AtError('port-closed', (err as Error).message);
          exchanges.push({ command: cmd, lines: [], ok: false, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } });
          if (!json) io.stderr(`simhat at: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
          if (e.code === 'port-closed') {
            exit = EXIT_USAGE;
            break;
          }
          exit = EXIT_FAILED;
          if (e.code === 'cancelled') break;
        }
      }
    } finally {
      await engine.close().catch(() => {});
    }
    if (json) io.stdout(JSON.stringify({ port, ok: exit === EXIT_OK, results: exchanges }) + '\n');
    return exit;
  },
};
