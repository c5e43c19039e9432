// `simhat devices`: the modems on USB with their mode, drivers, ports and interface (issue 3), from the
// service's detection view; --watch follows its change events.
import { parseArgs } from 'node:util';
import type { DeviceDescription } from '../../api/contract.js';
import { openApi, withApi } from '../api-session.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command.js';

const usage = `Usage: simhat devices [--json] [--watch] [--no-probe] [--poll-ms <n>]

Lists supported modems (SIMCom SIM7600 and siblings, Quectel EC25...) with their USB mode, the
driver bound to each interface, the AT port, the network interface and who holds the AT port.

  --json        one JSON document {"modems":[...],"reason"?} (default: text)
  --watch       keep running; print one JSON line per change: modem-added, modem-removed,
                modem-changed, modem-reappeared (after a mode switch). Ends on Ctrl-C.
  --no-probe    do not ask the AT port for AT+CGMM / AT+CGSN (model and IMEI stay guesses)
  --poll-ms <n> polling interval for --watch; default 500

Exit: 0 at least one modem found (or --watch ended), 1 none found, 2 usage error.`;

function text(m: DeviceDescription): string {
  const lines = [
    `${m.portPath}  ${m.vid}:${m.pid}  ${m.model ?? `${m.family} (guess from PID${m.familyCandidates.length > 1 ? `; could be ${m.familyCandidates.join('/')}` : ''})`}${m.imei ? `  IMEI ${m.imei}` : ''}`,
    `  mode:      ${m.modeName}`,
    `  AT port:   ${m.atPort ?? '(none)'}${m.atInterface !== null ? ` (if${m.atInterface})` : ''}`,
    `  network:   ${m.netIface ?? '(none)'}`,
    `  APN goes to PDP contexts ${m.apnContexts.join(', ')}; mode switch: ${m.strategy}`,
    '  interfaces:',
    ...m.interfaces.map((i) => `    if${i.number} ${i.role.padEnd(11)} ${(i.driver ?? '(no driver)').padEnd(12)} ${[...i.ttys, ...i.netdevs].join(' ')}`.trimEnd()),
  ];
  if (m.busy) lines.push(...m.busy.fix.split('\n').map((l) => `  busy: ${l}`));
  for (const w of m.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

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
      else if (modems.length === 0) io.stdout(`No modem found.${reason ? ` ${reason}` : ''}\n`);
      else {
        io.stdout(modems.map(text).join('\n\n') + '\n');
        if (reason) io.stdout(`note: ${reason}\n`);
      }
      return modems.length > 0 ? EXIT_OK : EXIT_FAILED;
    });
  },
};
