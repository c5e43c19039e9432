// `simhat devices [--json] [--watch]`: the modems on this machine, their mode, drivers, AT port and
// network interface (issue 3). --watch streams registry events as JSON lines until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import type { ModemDescription } from '../../core/devices/types.js';
import { createDeviceSource } from '../../platform/usb/device-source.js';
import { identify } from '../../platform/usb/identify-probe.js';
import { DeviceRegistry } from '../../service/devices.js';
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

function text(m: ModemDescription): string {
  const lines = [
    `${m.portPath}  ${m.vid}:${m.pid}  ${m.model ?? `${m.family} (guess from PID${m.familyCandidates.length > 1 ? `; could be ${m.familyCandidates.join('/')}` : ''})`}${m.imei ? `  IMEI ${m.imei}` : ''}`,
    `  mode:      ${m.modeName}`,
    `  AT port:   ${m.atPort ?? '(none)'}${m.atInterface !== null ? ` (if${m.atInterface})` : ''}`,
    `  network:   ${m.netIface ?? '(none)'}`,
    `  APN goes to PDP contexts ${m.apnContexts.join(', ')}; mode switch: ${m.strategy}`,
    '  interfaces:',
    ...m.interfaces.map(
      (i) =>
        `    if${i.number} ${i.role.padEnd(11)} ${(i.driver ?? '(no driver)').padEnd(12)} ${[...i.ttys, ...i.netdevs].join(' ')}`.trimEnd(),
    ),
  ];
  if (m.busy) lines.push(...m.busy.fix.split('\n').map((l) => `  busy: ${l}`));
  for (const w of m.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

async function watch(io: CliIo, probe: boolean, pollMs: number): Promise<number> {
  const source = createDeviceSource({ pollMs });
  const registry = new DeviceRegistry(source, probe ? { identify: (m) => identify(m) } : {});
  let lastReason: string | undefined;
  registry.on((e) => io.stdout(JSON.stringify({ event: e.type, modem: e.modem, ...('previous' in e ? { previous: { id: e.previous.id, pid: e.previous.pid, mode: e.previous.mode } } : {}) }) + '\n'));
  registry.start();
  const reasonTimer = setInterval(() => {
    if (registry.reason !== lastReason) {
      lastReason = registry.reason;
      io.stdout(JSON.stringify({ event: 'status', reason: lastReason ?? null }) + '\n');
    }
  }, 200);
  await registry.ready;
  io.stdout(JSON.stringify({ event: 'ready', count: registry.list().length, reason: registry.reason ?? null }) + '\n');
  lastReason = registry.reason;
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(reasonTimer);
  registry.stop();
  return EXIT_OK;
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

    const { modems, reason } = await createDeviceSource().list();
    const described = probe ? await Promise.all(modems.map((m) => identify(m))) : modems;
    if (values.json) {
      io.stdout(JSON.stringify({ modems: described, ...(reason ? { reason } : {}) }, null, 2) + '\n');
    } else if (described.length === 0) {
      io.stdout(`No modem found.${reason ? ` ${reason}` : ''}\n`);
    } else {
      io.stdout(described.map(text).join('\n\n') + '\n');
      if (reason) io.stdout(`note: ${reason}\n`);
    }
    return described.length > 0 ? EXIT_OK : EXIT_FAILED;
  },
};
