// `simhat twin`: runs the simulated SIM7600G-H on a real PTY for manual tries and demos (issue 2).
// The first stdout line is the port path (a stable symlink that survives the twin's resets), so a
// script can read one line and open it; then one line per event until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../command.js';
import { TwinControlServer } from '../../twin/control-server.js';
import { TwinPtyBinding } from '../../twin/pty-binding.js';
import { SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, isScenarioName } from '../../twin/scenarios.js';
import { SIM_PROFILE_NAMES, SIM_PROFILES, isSimProfileName, simProfileState } from '../../twin/sim-profiles.js';
import { DEFAULT_TIMINGS, Twin } from '../../twin/twin.js';

const USAGE = `Usage: simhat twin [--scenario <name>] [--sim <profile>] [--link <path>] [--control <path>] [--reset-delay <ms>] [--json]

Runs a simulated SIM7600G-H on a pseudo-terminal. Prints the port path first, then what happens.
Open that path with any serial program (or \`simhat at --port <path> ATI\`). Ctrl-C stops it.

  --scenario <name>    starting situation (default seed):
${SCENARIO_NAMES.map((n) => `                         ${n.padEnd(11)} ${SCENARIO_DESCRIPTIONS[n]}`).join('\n')}
  --sim <profile>      the SIM in it and the network it is on (default: the scenario's own, Freedom Mobile):
${SIM_PROFILE_NAMES.map((n) => `                         ${n.padEnd(11)} ${SIM_PROFILES[n].description}`).join('\n')}
  --link <path>        stable symlink to the current PTY (default: a new temp dir)
  --control <path>     Unix socket that injects faults (drop-data, reboot, lose-registration, hang)
                       and reports the data session, one JSON object per line (default <link>.control)
  --reset-delay <ms>   how long a reset keeps the device gone (default ${DEFAULT_TIMINGS.resetDelayMs})
  --json               one JSON object per line instead of text (the first has "port")`;

export const command: CliCommand = {
  summary: 'Run the simulated SIM7600G-H on a PTY (prints its port path first).',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', default: 'seed' },
        sim: { type: 'string' },
        link: { type: 'string' },
        control: { type: 'string' },
        'reset-delay': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
    const scenario = values.scenario ?? 'seed';
    if (!isScenarioName(scenario)) throw new UsageError(`unknown scenario "${scenario}" (one of: ${SCENARIO_NAMES.join(', ')})`);
    const sim = values.sim;
    if (sim !== undefined && !isSimProfileName(sim)) throw new UsageError(`unknown SIM profile "${sim}" (one of: ${SIM_PROFILE_NAMES.join(', ')})`);
    let resetDelayMs = DEFAULT_TIMINGS.resetDelayMs;
    if (values['reset-delay'] !== undefined) {
      const raw = values['reset-delay'];
      if (!/^\d{1,6}$/.test(raw)) throw new UsageError(`--reset-delay must be a whole number of milliseconds (0-999999), got "${raw}"`);
      resetDelayMs = Number(raw);
    }
    if (values.link !== undefined && (values.link === '' || /[,!:\s]/.test(values.link))) {
      throw new UsageError(`--link must be a path without , ! : or spaces, got "${values.link}"`);
    }

    if (values.control !== undefined && !/^\/[^\0]{1,99}$/.test(values.control)) {
      throw new UsageError(`--control must be an absolute path of at most 100 bytes, got "${values.control}"`);
    }

    const json = values.json ?? false;
    const emit = (event: string, fields: Record<string, unknown>, text: string) =>
      io.stdout(json ? `${JSON.stringify({ event, ...fields })}\n` : `${text}\n`);

    const twin = new Twin({ ...(sim !== undefined ? { state: simProfileState(sim, scenario) } : { scenario }), timings: { resetDelayMs } });
    let binding: TwinPtyBinding;
    try {
      binding = await TwinPtyBinding.attach(twin, values.link !== undefined ? { link: values.link } : {});
    } catch (err) {
      twin.dispose();
      io.stderr(`simhat twin: ${(err as Error).message}\n`);
      return 2;
    }
    let control: TwinControlServer;
    try {
      control = await TwinControlServer.listen(twin, values.control ?? `${binding.link}.control`);
    } catch (err) {
      twin.dispose();
      await binding.close();
      io.stderr(`simhat twin: control socket: ${(err as Error).message}\n`);
      return 2;
    }
    const first = binding.port;
    // The first line is the path, alone, so `read -r port` or a test can take it as is.
    if (json) io.stdout(`${JSON.stringify({ event: 'ready', port: binding.link, slave: first?.slavePath, pid: twin.pid, scenario, ...(sim ? { sim } : {}), control: control.path })}\n`);
    else io.stdout(`${binding.link}\n`);
    if (!json) io.stdout(`# SIM7600G-H twin, scenario ${scenario}${sim ? `, SIM ${sim}` : ''}, USB 1e0e:${twin.pid}, PTY ${first?.slavePath ?? '-'}\n# control ${control.path}\n`);

    twin.on('command', (e) => emit('command', { line: e.line, final: e.final }, `> ${e.line}  → ${e.final}`));
    twin.on('reset-start', (e) => emit('reset-start', e, `# reset (${e.reason}): USB 1e0e:${e.pid} gone, back as 1e0e:${e.nextPid} in ${resetDelayMs} ms`));
    binding.on('port-open', (p) => emit('port-open', { port: p.path, slave: p.slavePath, pid: p.pid }, `# back: USB 1e0e:${p.pid}, ${p.path} -> ${p.slavePath}`));
    binding.on('error', (err) => io.stderr(`simhat twin: ${err.message}\n`));
    twin.on('data-session', (up) => emit('data-session', { up }, `# data session ${up ? 'up' : 'down'}`));
    twin.on('hung', () => emit('hung', {}, '# fault: the module stopped answering (until a reboot)'));

    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await control.close();
    twin.dispose();
    await binding.close();
    return 0;
  },
};
