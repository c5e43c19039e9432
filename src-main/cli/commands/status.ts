// `simhat status`: the modem and its link at a glance (issue 6).
import { parseArgs } from 'node:util';
import { renderStatus, getStatus } from '../../service/status.js';
import { systemDeps } from '../../service/doctor.js';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';

const usage = `Usage: simhat status [--port <p>] [--iface <if>] [--json]

Model, revision, IMEI, IMSI, ICCID, SIM state, registration, operator, RAT, signal, USB mode,
PDP contexts, PDP address, network interface, lease and default route. Read-only.

  --port <p>     AT port (default: the modem found on USB)
  --iface <if>   network interface (default: the one found on USB)
  --json         one JSON object

Exit: 0 the modem answered, 2 no answering AT port.`;

export const command: CliCommand = {
  summary: 'Show the modem, SIM, network, contexts and link at a glance.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, iface: { type: 'string' }, root: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: false,
      strict: true,
    });
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    const s = await getStatus(await systemDeps(), {
      ...(port ? { port } : {}),
      ...(iface ? { iface } : {}),
      ...(values.root ? { netRoot: values.root } : {}),
      signal: io.signal,
    });
    io.stdout(values.json ? JSON.stringify(s, null, 2) + '\n' : renderStatus(s));
    return s.answered ? EXIT_OK : EXIT_USAGE;
  },
};
