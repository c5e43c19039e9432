// `simhat devices`: the modems on USB with their mode, drivers, ports and interface (issue 3), from the
// service's detection view; --watch follows its change events.
import { parseArgs } from 'node:util';
import { openApi, withApi } from '../api-session.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command.js';
import { renderDevices } from '../render-devices.js';
import { ioStyle } from '../terminal-style.js';

const usage = `Usage: simhat devices [--json] [--watch] [--no-probe] [--poll-ms <n>]

Lists supported modems (SIMCom SIM7600 and siblings, Quectel EC25...) with their USB mode, the
driver bound to each interface, the AT port, the network interface and who holds the AT port.

  --json        one JSON document {"modems":[...],"reason"?} (default: text)
  --watch       keep running; print one JSON line per change: modem-added, modem-removed,
                modem-changed, modem-reappeared (after a mode switch). Ends on Ctrl-C.
  --no-probe    do not ask the AT port for AT+CGMM / AT+CGSN (model and IMEI stay guesses)
  --poll-ms <n> polling interval for --watch; default 500

Exit: 0 at least one modem found (or --watch ended), 1 none found, 2 usage error.`;

async function watch(io: CliIo, probe: boolean, pollMs: number): Promise<number> {
  const { api, close } = await openApi({ pollMs, identify: probe });
  try {
    api.onEvent((e) => {
      if (e.type !== 'device') return;
      if (e.change === 'reason') io.stdout(JSON.stringify({ event: 'status', reason: e.reason ?? null }) + '\n');
      else io.stdout(JSON.stringify({ event: e.change, modem: e.modem, ...(e.previous ? { previous: e.previous } : {}) }) + '\n');
    });
    const first = await api.listDevices({});
    io.stdout(JSON.stringify({ event: 'ready', count: first.modems.length, reason: first.reason ?? null }) + '\n');
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return EXIT_OK;
  } finally {
    await close();
  }
}

export const command: CliCommand = {
  summary: 'List modems: model, USB mode, drivers, AT port, network interface (--watch for changes).',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        'no-probe': { type: 'boolean', default: false },
        'poll-ms': { type: 'string' },
      },
      allowPositionals: false,
    });
    let pollMs = 500;
    if (values['poll-ms'] !== undefined) {
      if (!/^\d{2,5}$/.test(values['poll-ms'])) throw new UsageError('--poll-ms takes a number of milliseconds (10-99999)');
      pollMs = Number(values['poll-ms']);
    }
    const probe = !values['no-probe'];
    if (values.watch) return watch(io, probe, pollMs);

    return withApi({}, async ({ api }) => {
      const { modems, reason } = await api.listDevices({ probe });
      if (values.json) io.stdout(JSON.stringify({ modems, ...(reason ? { reason } : {}) }, null, 2) + '\n');
      else io.stdout(renderDevices({ modems, ...(reason ? { reason } : {}) }, ioStyle(io)));
      return modems.length > 0 ? EXIT_OK : EXIT_FAILED;
    });
  },
};
