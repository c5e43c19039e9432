// `simhat` entry: dispatches to src-main/cli/commands/<name>.js, found by file name at run time.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clip, errorBody, isPortError, reportCliError, wantsJson } from './cli-error.js';
import { MAX_WIDTH, wrapWithIndent } from './terminal-style.js';
import { fitUsage } from './usage-layout.js';
import { EXIT_FAILED, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './command.js';
import { closest, optionHint, optionsInUsage } from './did-you-mean.js';

const commandsDir = new URL('./commands/', import.meta.url);

function commandNames(): string[] {
  return readdirSync(fileURLToPath(commandsDir))
    .filter((f) => f.endsWith('.js') && !f.endsWith('.test.js'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!/^[a-z][a-z-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  const mod = (await import(new URL(`${name}.js`, commandsDir).href)) as { command: CliCommand };
  return mod.command;
}

async function helpText(): Promise<string> {
  const lines = ['simhat: SIM7600 4G HAT (and siblings) from plugged in to online.', '', 'Usage: simhat <command> [options]', '', 'Commands:'];
  for (const name of commandNames()) {
    const cmd = await loadCommand(name);
    // 80 columns: a summary too long for its line goes on under the command's column.
    if (cmd) lines.push(...wrapWithIndent(cmd.summary, MAX_WIDTH, `  ${name.padEnd(10)} `));
  }
  lines.push('', 'Every command accepts --help (or: simhat help <command>); most accept --json', 'for machine-readable output. simhat --version prints the version.');
  return lines.join('\n') + '\n';
}

/** `simhat frobnicate`: exit 2, with the command that was probably meant. */
function unknownCommand(io: CliIo, name: string, json: boolean): number {
  const guess = closest(name, commandNames());
  const message = `unknown command "${clip(name)}".${guess ? ` Did you mean "${guess}"?` : ''} Run \`simhat --help\` for the list.`;
  if (json) io.stdout(JSON.stringify({ ok: false, error: { code: 'usage', message } }) + '\n');
  io.stderr(`simhat: ${message}\n`);
  return EXIT_USAGE;
}

function printUsage(io: CliIo, cmd: CliCommand): number {
  const usage = fitUsage(cmd.usage);
  io.stdout(usage.endsWith('\n') ? usage : usage + '\n');
  return 0;
}

/**
 * A usage mistake in the user's words: node:util parseArgs' "Unknown option '--prot'" with the closest
 * option the command has; a value refused by a validator ("apn: is empty (…)") named by its option.
 */
function usageMessage(err: Error, cmd: CliCommand): string {
  const code = (err as { code?: string }).code;
  const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(err.message) : null;
  if (unknown) return `Unknown option '${unknown[1]}'.${optionHint(unknown[1]!, cmd.usage)}`;
  const field = /^([a-z][a-z-]*): /.exec(err.message)?.[1];
  return field && optionsInUsage(cmd.usage).includes(`--${field}`) ? `--${err.message}` : err.message;
}

export function defaultIo(): CliIo {
  const controller = new AbortController();
  // `simhat devices --watch | head` closes our stdout early: end quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') {
        controller.abort();
        process.exit(process.exitCode ?? 0);
      }
      throw err;
    });
  }
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    signal: controller.signal,
    terminal: { isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
  };
}

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(await helpText());
    return name ? 0 : EXIT_USAGE;
  }
  // `simhat help <command>` is `simhat <command> --help`.
  if (name === 'help') {
    const cmd = await loadCommand(rest[0]!);
    return cmd ? printUsage(io, cmd) : unknownCommand(io, rest[0]!, wantsJson(rest));
  }
  // `simhat --version` (issue 11: the npm and .deb installs are checked with it) is `simhat version`.
  const cmd = await loadCommand(name === '--version' || name === '-V' ? 'version' : name);
  if (!cmd) return unknownCommand(io, name, wantsJson(rest));
  if (rest.includes('--help') || rest.includes('-h')) return printUsage(io, cmd);
  const json = wantsJson(rest);
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS')) {
      const body = { code: 'usage', message: usageMessage(err as Error, cmd), hint: `Run \`simhat ${name} --help\` for the options.` };
      reportCliError(io, name, body, json, fitUsage(cmd.usage));
      return EXIT_USAGE;
    }
    // Anything else a command did not handle: a clear line, never a stack trace (SIMHAT_DEBUG=1 shows it).
    if (process.env.SIMHAT_DEBUG) io.stderr(`${(err as Error)?.stack ?? String(err)}\n`);
    reportCliError(io, name, errorBody(err), json);
    return isPortError(err) ? EXIT_USAGE : EXIT_FAILED;
  }
}
