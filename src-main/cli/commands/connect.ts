// `simhat connect`: mode -> APN -> network up -> connectivity check in one go (issue 6).
import { parseArgs } from 'node:util';
import type { ApnChoiceParam, ApnSettings, ConnectResult, Params } from '../../api/contract.js';
import { validatePassword, validateUsername } from '../../core/at/validate.js';
import { MODE_STEP_LABELS } from '../../core/mode-steps.js';
import type { ConnectEvent } from '../../service/connect.js';
import { asUsage, modemFor, runOperation, withApi } from '../api-session.js';
import { askApnChoice, interactive } from '../apn-prompt.js';
import { decideLine, decisionText } from '../render-apn-decide.js';
import { targetRequest } from '../check-targets.js';
import { reportCliError } from '../cli-error.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command.js';
import { apnOption, ifaceOption, portOption } from '../option-values.js';
import { describeModeStep } from '../render-mode.js';

const MODES = ['rndis', 'ecm', 'qmi'] as const;
const AUTH: Record<string, ApnSettings['auth']> = { none: 'none', pap: 'pap', chap: 'chap', auto: 'either' };

const usage = `Usage: simhat connect [--port <p>] [--iface <if>] [--mode rndis|ecm|qmi]
                      [--carrier <id> | --apn <v> [--ip-type IP|IPV6|IPV4V6] [--user <u> --password <p> --auth pap|chap|auto]]
                      [--policy failover|primary] [--ping-target <ip> ...] [--dns-name <n>] [--no-probes] [--yes] [--json]

From plugged in to online: switches the USB composition (RNDIS on Linux/Windows, ECM on macOS),
sets the APN, brings the interface up with the route policy, and checks the connection. Stops at
the first failure and explains it with the doctor.

Without --apn or --carrier the APN decider chooses: it reads the SIM (IMSI, SPN, GID1, MNC length),
ranks the candidates of both APN tables with their reasons, and tries them with verification,
rolling back each one that fails. On a terminal it first shows the ranked list and asks (Enter:
try them in order; a number: that one; or type the APN); with --yes, --json or no terminal it goes
by rank. A SIM that is absent, locked or not ready is said before any APN is touched.

  --port <p>        AT port (default: the modem found on USB)
  --iface <if>      network interface (default: the one found on USB)
  --mode <m>        composition to use; default per OS
  --carrier <id>    carrier preset from the APN database (simhat apn search)
  --apn <v>         the APN itself (wins over --carrier and the suggestion)
  --policy <p>      failover (LTE as backup, metric 700) or primary (metric 50); default: the saved setting, else failover
  --ping-target <ip>, --dns-name <n>  connectivity probes (defaults as simhat doctor)
  --no-probes       skip the connectivity check
  --yes             do not ask which APN: go by rank
  --json            one JSON object per event; the last is {"type":"result",...}

Exit: 0 connected, 1 a stage failed (the doctor's verdict is printed), 2 usage error.`;

const CONNECT_OPTIONS = {
  port: { type: 'string' },
  iface: { type: 'string' },
  mode: { type: 'string' },
  carrier: { type: 'string' },
  apn: { type: 'string' },
  'ip-type': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  auth: { type: 'string' },
  policy: { type: 'string' },
  'ping-target': { type: 'string', multiple: true },
  'dns-name': { type: 'string' },
  'no-probes': { type: 'boolean', default: false },
  'mode-timeout': { type: 'string' },
  'lease-timeout': { type: 'string' },
  root: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
  json: { type: 'boolean', default: false },
} as const;

type ConnectValues = ReturnType<typeof parseConnectArgs>;
/** The Api's connect request as the flags give it (the modem and an interactive choice come later). */
type ConnectRequest = Omit<Params<'connect'>, 'modemId' | 'choice'>;

function parseConnectArgs(argv: string[]) {
  return parseArgs({ args: argv, options: CONNECT_OPTIONS, allowPositionals: false, strict: true }).values;
}

function seconds(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new UsageError(`${name} is seconds, 1..600`);
  return Math.round(n * 1000);
}

/** Every flag checked, before the mode switch starts: nothing happens to the modem on a typo (issue 5). */
function checkFlags(values: ConnectValues): { port: string | undefined; iface: string | undefined } {
  if (values.mode !== undefined && !(MODES as readonly string[]).includes(values.mode)) throw new UsageError('--mode is rndis, ecm or qmi');
  if (values.policy !== undefined && values.policy !== 'failover' && values.policy !== 'primary') throw new UsageError('--policy is failover or primary');
  if (values['ip-type'] !== undefined && !['IP', 'IPV6', 'IPV4V6'].includes(values['ip-type'])) throw new UsageError('--ip-type is IP, IPV6 or IPV4V6');
  if (values.auth !== undefined && !['none', 'pap', 'chap', 'auto'].includes(values.auth)) throw new UsageError('--auth is none, pap, chap or auto');
  if (values.carrier && values.apn) throw new UsageError('give --carrier or --apn, not both');
  const port = portOption(values.port);
  const iface = ifaceOption(values.iface);
  apnOption(values.apn);
  try {
    if (values.user !== undefined) validateUsername(values.user);
    if (values.password !== undefined) validatePassword(values.password);
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`);
  }
  return { port, iface };
}

/** The connect request of checked flags. */
function connectRequest(values: ConnectValues, iface: string | undefined): ConnectRequest {
  const targets = values['no-probes'] ? {} : targetRequest(values);
  const modeTimeoutMs = seconds(values['mode-timeout'], '--mode-timeout');
  const leaseTimeoutMs = seconds(values['lease-timeout'], '--lease-timeout');
  const settings: ApnSettings | undefined =
    values.apn !== undefined
      ? {
          apn: values.apn,
          ipType: (values['ip-type'] as ApnSettings['ipType'] | undefined) ?? 'IPV4V6',
          username: values.user ?? '',
          password: values.password ?? '',
          auth: values.auth ? AUTH[values.auth]! : values.user ? 'either' : 'none',
        }
      : undefined;
  return {
    ...(iface ? { iface } : {}),
    ...(values.carrier ? { presetId: values.carrier } : {}),
    ...(settings ? { settings } : {}),
    ...(values.mode ? { mode: values.mode as (typeof MODES)[number] } : {}),
    // The flag, else the policy saved in the app's Settings, else LTE as backup (the service decides).
    ...(values.policy ? { policy: values.policy as 'failover' | 'primary' } : {}),
    ...targets,
    ...(values['no-probes'] ? { noProbes: true } : {}),
    ...(modeTimeoutMs ? { modeTimeoutMs } : {}),
    ...(leaseTimeoutMs ? { leaseTimeoutMs } : {}),
  };
}

function printResult(io: CliIo, result: ConnectResult, json: boolean): void {
  if (json) io.stdout(JSON.stringify({ type: 'result', ...result, failure: result.failure ? { ...result.failure, doctor: undefined } : null }) + '\n');
  else if (result.ok) {
    if (result.decision?.outcome === 'applied') io.stdout(decisionText(result.decision));
    io.stdout(`Connected: ${result.iface ?? ''} ${result.address ?? ''} (APN "${result.apn ?? ''}").\n`);
  } else if (result.failure) {
    io.stdout(`\nStopped at ${result.failure.stage}: ${result.failure.message}\n${result.failure.hint ? `  ${result.failure.hint}\n` : ''}`);
    const v = result.failure.verdict;
    if (v) io.stdout(`Doctor: the first broken link is ${v.checkId}.\n  ${v.summary}\n${v.fix ? `  Fix: ${v.fix.label} (simhat doctor --fix)\n` : ''}`);
  }
}

export const command: CliCommand = {
  summary: 'Mode, APN, network up and a connectivity check in one step.',
  usage,
  async run(argv, io) {
    const values = parseConnectArgs(argv);
    const { port, iface } = checkFlags(values);
    const request = connectRequest(values, iface);
    return withApi({ ...(values.root ? { netRoot: values.root } : {}) }, async ({ api }) => {
      const modemId = await modemFor(api, { port, iface });
      // No APN named: on a terminal the user sees the ranked list and answers first (issue 13).
      let choice: ApnChoiceParam | undefined;
      if (!request.settings && !values.carrier && modemId && interactive(values)) {
        const answer = await askApnChoice(api, modemId, io);
        if (answer === 'cancel') {
          io.stdout('Cancelled: nothing was changed.\n');
          return EXIT_FAILED;
        }
        choice = answer;
      }
      const r = await runOperation<ConnectResult>(
        api,
        () => asUsage(() => api.connect({ ...(modemId ? { modemId } : {}), ...request, ...(choice ? { choice } : {}) })),
        (e) => {
          const ev = e.data as ConnectEvent | undefined;
          if (ev) io.stdout(values.json ? JSON.stringify(ev) + '\n' : text(ev));
        },
        io.signal,
      );
      const result = r.result;
      if (!result) {
        reportCliError(io, 'connect', r.error ?? { code: 'internal', message: 'connect failed' }, values.json);
        return EXIT_FAILED;
      }
      printResult(io, result, values.json);
      return result.ok ? EXIT_OK : EXIT_FAILED;
    });
  },
};

function text(e: ConnectEvent): string {
  switch (e.type) {
    case 'stage':
      return e.state === 'running' ? `[${e.stage}] ${e.detail}...\n` : `[${e.stage}] ${e.state}: ${e.detail}\n`;
    case 'mode':
      return `  ${MODE_STEP_LABELS[e.event.step]}: ${describeModeStep(e.event)}\n`;
    case 'apn':
      return `  apn: ${e.event.type}${'message' in e.event ? ` (${e.event.message})` : ''}\n`;
    case 'network':
      return `  net: ${e.message}\n`;
    case 'decide': {
      const line = decideLine(e.event);
      return line ? `  ${line.replace(/\n/g, '\n  ')}\n` : '';
    }
  }
}
