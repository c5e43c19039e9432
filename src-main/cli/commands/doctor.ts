// `simhat doctor`: every check modem side and host side in dependency order, and the verdict:
// the first broken link, why, and the one action that fixes it (issue 6; JSON: docs/doctor-json.md).
import { parseArgs } from 'node:util';
import type { DoctorParams, DoctorReport } from '../../api/contract.js';
import { asUsage, modemFor, runOperation, withApi } from '../api-session.js';
import { targetRequest } from '../check-targets.js';
import { reportCliError } from '../cli-error.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../command.js';
import { fixRun } from '../doctor-fixes.js';
import { apnOption, ifaceOption, pinOption, portOption } from '../option-values.js';
import { PromptCancelled } from '../prompt.js';
import { renderDoctor } from '../render-doctor.js';
import { ioStyle, type Style } from '../terminal-style.js';
import { ApiCallError } from '../../api/validate.js';

const usage = `Usage: simhat doctor [--port <p>] [--iface <if>] [--ping-target <ip> ...] [--dns-name <n>]
                     [--policy failover|primary] [--fix [--yes] [--pin <pin>] [--apn <apn>]] [--json] [--verbose]

Checks the modem (USB, AT port, SIM, radio, registration, signal, APN, data session) and the host
(interface, lease, default route, DNS, internet) in order, and names the first broken link with
the one action that fixes it.

  --port <p>          AT port (default: the modem's AT interface found on USB)
  --iface <if>        network interface (default: the modem's, found on USB)
  --ping-target <ip>  address to ping through the interface; repeatable (default: the targets
                      saved in the app's Settings, else SIMHAT_PING_TARGETS, else 1.1.1.1 and 8.8.8.8)
  --dns-name <n>      name to resolve through the modem's DNS (default: saved in Settings, else
                      SIMHAT_DNS_NAME, else example.com)
  --no-probes         no ping and no DNS test (host.internet and host.dns skip)
  --policy <p>        the route policy you chose: failover (LTE backup) or primary; default the
                      saved setting, else none (a default-route takeover is then only a warning)
  --fix               apply the fixes of failing checks in order, then check again
  --yes               with --fix: do not ask before each fix
  --pin <pin>         with --fix: the SIM PIN for enter-pin (default: asked for, hidden,
                      when the SIM needs it and a terminal is there to ask)
  --apn <apn>         with --fix: the APN for apply-apn (default: the SIM carrier's preset)
  --json              the JSON report (docs/doctor-json.md)
  --verbose           text output with every check's detail and evidence
  --root <dir>        prefix for the network layer's config and state paths (tests); default /

Exit: 0 nothing fails (warnings allowed), 1 a check fails, 2 usage error or the port cannot be opened,
130 interrupted (Ctrl-C) before the checks finished.`;

export const command: CliCommand = {
  summary: 'Diagnose modem and host in order and name the first broken link and its fix.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        iface: { type: 'string' },
        'ping-target': { type: 'string', multiple: true },
        'dns-name': { type: 'string' },
        'no-probes': { type: 'boolean', default: false },
        policy: { type: 'string' },
        fix: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        pin: { type: 'string' },
        apn: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        root: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.policy !== undefined && values.policy !== 'failover' && values.policy !== 'primary') throw new UsageError('--policy is failover or primary');
    if ((values.yes || values.pin || values.apn) && !values.fix) throw new UsageError('--yes, --pin and --apn go with --fix');
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    pinOption(values.pin);
    apnOption(values.apn);
    const targets = values['no-probes'] ? {} : targetRequest(values);
    // Ctrl-C aborts io.signal: the checks still in flight then fail as "cancelled", which is not a
    // verdict about the modem. Say it was interrupted instead, and print no (partial) report.
    const interrupted = (): number => {
      const message = values.fix ? 'interrupted (Ctrl-C) before the checks finished; fixes already applied stay applied.' : 'interrupted (Ctrl-C) before the checks finished; no verdict.';
      reportCliError(io, 'doctor', { code: 'interrupted', message }, values.json);
      return EXIT_INTERRUPTED;
    };
    const style = ioStyle(io, values.json);
    return withApi({ ...(values.root ? { netRoot: values.root } : {}) }, async ({ api }) => {
      const modemId = await modemFor(api, { port, iface });
      const params: DoctorParams = {
        ...(modemId ? { modemId } : {}),
        ...(iface ? { iface } : {}),
        ...targets,
        ...(values['no-probes'] ? { noProbes: true } : {}),
        ...(values.policy ? { policy: values.policy as 'failover' | 'primary' } : {}),
      };
      const diagnose = async (): Promise<DoctorReport | null> => {
        const r = await runOperation<DoctorReport>(api, () => asUsage(() => api.runDoctor(params)), () => {}, io.signal);
        if (io.signal.aborted || r.error?.code === 'cancelled') return null;
        if (!r.ok) throw new ApiCallError(r.error!);
        return r.result!;
      };
      if (!values.fix) {
        const report = await diagnose();
        if (!report) return interrupted();
        print(io, report, values.json, values.verbose, style);
        return exitCode(report, port);
      }
      const run = await fixRun(api, io, params, { json: values.json, verbose: values.verbose, ask: !values.yes, pin: values.pin, apn: values.apn, style }, diagnose).catch((err: unknown) => {
        if (err instanceof PromptCancelled) return null;
        throw err;
      });
      if (!run) return interrupted();
      if (values.json) {
        io.stdout(JSON.stringify({ ...run.after, fixesApplied: run.applied, before: run.before }, null, 2) + '\n');
      } else if (run.applied.length === 0) {
        // Asked without --yes, the diagnosis was printed before the questions: not again.
        io.stdout(values.yes ? 'No fix applied.\n\n' : 'No fix applied.\n');
        if (values.yes) print(io, run.after, false, values.verbose, style);
      } else {
        io.stdout('\nChecking again:\n\n');
        print(io, run.after, false, values.verbose, style);
      }
      return exitCode(run.after, port);
    });
  },
};

function print(io: CliIo, report: DoctorReport, json: boolean, verbose: boolean, style: Style): void {
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : renderDoctor(report, { verbose, style }));
}

/** 2 when the port the user named cannot be used at all; else 1 when a check fails. */
function exitCode(report: DoctorReport, port: string | undefined): number {
  const at = report.checks.find((c) => c.id === 'port.at');
  if (port && at?.status === 'fail' && /does not exist|No permission|^Cannot open |is held by another program/.test(at.detail)) return EXIT_USAGE;
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
