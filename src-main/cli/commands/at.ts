// `simhat at`: send AT commands to a modem and print the answers (issue 2), through the service's AT
// session (so, with the daemon, through the one owner of the port).
import { parseArgs } from 'node:util';
import type { FinalResult } from '../../api/contract.js';
import { commandLineProblem } from '../../core/at/command-line.js';
import { modemFor, withApi } from '../api-session.js';
import { clip, errorBody, isPortError } from '../cli-error.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../command.js';
import { AUTO_PORT, NO_MODEM_FOUND } from '../find-port.js';
import { portOption } from '../option-values.js';
import { exchangeProblem, renderExchange } from '../render-at.js';
import { ioStyle } from '../terminal-style.js';

const usage = `Usage: simhat at [--port <path>] [--timeout ms] [--baud n] [--json] <command...>

Sends each AT command in turn and prints the response lines and the final result.

Options:
  --port <path>    serial port, e.g. /dev/ttyUSB2 or /dev/serial/by-id/...-if02-port0
                   (default: the modem found on USB, or the one the simhat daemon owns)
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
    const port = portOption(values.port);
    if (positionals.length === 0) throw new UsageError('give at least one AT command, e.g. ATI');
    for (const cmd of positionals) {
      const problem = commandLineProblem(cmd);
      if (problem) throw new UsageError(`${JSON.stringify(clip(cmd))}: ${problem}`);
    }
    const timeoutMs = parsePositiveInt('timeout', values.timeout);
    const baudRate = parsePositiveInt('baud', values.baud);
    const json = values.json ?? false;
    const style = ioStyle(io, json);

    return withApi({}, async ({ api }) => {
      const modemId = await modemFor(api, { port, baudRate });
      if (!modemId) throw new UsageError(NO_MODEM_FOUND);
      const shown = (port !== AUTO_PORT && port) || ((await api.listModems({})).find((m) => m.id === modemId)?.atPort ?? modemId);
      const exchanges: Exchange[] = [];
      let exit = EXIT_OK;
      for (const cmd of positionals) {
        if (io.signal.aborted) break;
        try {
          const r = await api.atSend({ modemId, command: cmd, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
          exchanges.push({ command: cmd, lines: r.lines, ...(r.finalResult ? { final: r.finalResult } : {}), ok: r.ok, elapsedMs: Math.round(r.elapsedMs) });
          if (!json) {
            io.stdout(renderExchange(r, style));
            const problem = exchangeProblem({ ...r, command: cmd });
            if (problem) io.stderr(problem);
          }
          if (!r.ok) exit = EXIT_FAILED;
        } catch (err) {
          const e = errorBody(err, 'port-closed');
          // The port could not be opened at all: say so as before any exchange (exit 2).
          if (exchanges.length === 0 && isPortError(err)) {
            if (json) io.stdout(JSON.stringify({ port: shown, ok: false, error: { code: e.code, message: e.message } }) + '\n');
            else io.stderr(`simhat at: ${e.message}\n`);
            return EXIT_USAGE;
          }
          exchanges.push({ command: cmd, lines: [], ok: false, error: e });
          if (!json) io.stderr(`simhat at: ${e.message}${e.hint ? ` ${e.hint}` : ''}\n`);
          if (e.code === 'port-closed') {
            exit = EXIT_USAGE;
            break;
          }
          exit = EXIT_FAILED;
          if (e.code === 'cancelled') break;
        }
      }
      if (json) io.stdout(JSON.stringify({ port: shown, ok: exit === EXIT_OK, results: exchanges }) + '\n');
      return exit;
    });
  },
};
