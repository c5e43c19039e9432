// `simhat status`: the modem and its link at a glance (issue 6), through the service's one status reader.
import { parseArgs } from 'node:util';
import type { Api, ConnectionInfo, ModemStatus } from '../../api/contract.js';
import { maskIccid, maskImsi } from '../../core/at/commands/sim-identity.js';
import { simIdentityLines } from '../../core/apn/sim-facts.js';
import { modemFor, withApi } from '../api-session.js';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';
import { renderStatus } from '../render-status.js';

const usage = `Usage: simhat status [--port <p>] [--iface <if>] [--json]

Model, revision, IMEI, IMSI, ICCID, SIM state, registration, operator, RAT, signal, USB mode,
PDP contexts, PDP address, network interface, lease and default route, and the SIM's identity
as the APN decider reads it (SPN, GID1, MNC length). Read-only. The text masks the IMSI and
ICCID to their last 4 digits.

  --port <p>     AT port (default: the modem found on USB)
  --iface <if>   network interface (default: the one found on USB)
  --json         one JSON object

Exit: 0 the modem answered, 2 no answering AT port.`;

/** No modem to look at: say so, with the interface's side when one was named. */
async function noModem(api: Api, iface: string | undefined): Promise<ModemStatus> {
  const net = iface ? await api.networkStatus({ iface }) : null;
  const own = net?.routes.filter((r) => r.iface === iface) ?? [];
  const best = own.length ? own.reduce((a, b) => (a.metric <= b.metric ? a : b)) : null;
  return {
    modemId: null,
    port: null,
    answered: false,
    problem: 'no modem found and no AT port given (give --port)',
    manufacturer: null,
    model: null,
    revision: null,
    imei: null,
    imsi: null,
    iccid: null,
    sim: 'unknown',
    registration: 'unknown',
    operator: null,
    rat: null,
    signalDbm: null,
    csq: null,
    signalBars: 0,
    mode: 'unknown',
    usbId: null,
    contexts: [],
    pdpAddress: null,
    iface: net?.iface ?? null,
    lease: net?.lease ?? null,
    route: best ? { metric: best.metric, via: best.gateway ?? null, wins: (net?.routes ?? []).every((r) => r.iface === iface || r.metric > best.metric) } : null,
    at: Date.now(),
  };
}

/** The text form: IMSI and ICCID masked to their last 4 digits (issue 13), then the SIM's identity. */
/** The text form: identities masked (last 4 digits), the SIM's identity, the connection. */
function statusText(s: ModemStatus, io: Parameters<typeof renderStatus>[1], connection: ConnectionInfo, via: string): string {
  const shown = { ...s, imsi: s.imsi ? maskImsi(s.imsi) : s.imsi, iccid: s.iccid ? maskIccid(s.iccid) : s.iccid };
  const sim = s.simIdentity ? simIdentityLines(s.simIdentity).filter((l) => !/^(IMSI|ICCID) /.test(l)) : [];
  const home = s.simIdentity?.homeNetwork;
  return renderStatus(shown, io, connection, via) + (sim.length || home ? `SIM identity:\n${[...(home ? [`home network ${home}`] : []), ...sim].map((l) => `  ${l}\n`).join('')}` : '');
}

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
    return withApi({ ...(values.root ? { netRoot: values.root } : {}) }, async ({ api, via }) => {
      const modemId = await modemFor(api, { port, iface });
      const s = modemId ? await api.getStatus({ modemId, ...(iface ? { iface } : {}) }) : await noModem(api, iface);
      const connection = await api.getConnection({});
      io.stdout(values.json ? JSON.stringify({ ...s, via, connection }, null, 2) + '\n' : statusText(s, io, connection, via));
      return s.answered ? EXIT_OK : EXIT_USAGE;
    });
  },
};
