// `simhat doctor`: every check modem side and host side in dependency order, and the verdict:
// the first broken link, why, and the one action that fixes it (issue 6; JSON: docs/doctor-json.md).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { renderReport } from '../../core/doctor/render.js';
import type { DoctorReport, Fix } from '../../core/doctor/report.js';
import type { PolicyName } from '../../core/net/types.js';
import { runDoctor, runDoctorFixes, systemDeps, type DoctorOptions } from '../../service/doctor.js';
import { checkTargetsForRun } from '../check-targets.js';
import { reportCliError } from '../cli-error.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../command.js';
import { apnOption, ifaceOption, pinOption, portOption } from '../option-values.js';

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
  --policy <p>        the route policy you chose: failover (LTE backup) or primary; default none
  --fix               apply the fixes of failing checks in order, then check again
  --yes               with --fix: do not ask before each fix
  --pin <pin>         with --fix: the SIM PIN for enter-pin
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
    let targets: { pingTargets: string[]; dnsName: string | undefined } = { pingTargets: [], dnsName: undefined };
    if (!values['no-probes']) {
      try {
        const t = await checkTargetsForRun(values);
        targets = { pingTargets: t.pingTargets, dnsName: t.dnsName };
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    const options: DoctorOptions = {
      ...(port ? { port } : {}),
      ...(iface ? { iface } : {}),
      pingTargets: targets.pingTargets,
      ...(targets.dnsName ? { dnsName: targets.dnsName } : {}),
      policy: (values.policy as PolicyName | undefined) ?? null,
      ...(values.root ? { netRoot: values.root } : {}),
      signal: io.signal,
    };
    const deps = await systemDeps();
    // Ctrl-C aborts io.signal: the checks still in flight then fail as "cancelled", which is not a
    // verdict about the modem. Say it was interrupted instead, and print no (partial) report.
    const interrupted = (): number => {
      const message = values.fix ? 'interrupted (Ctrl-C) before the checks finished; fixes already applied stay applied.' : 'interrupted (Ctrl-C) before the checks finished; no verdict.';
      reportCliError(io, 'doctor', { code: 'interrupted', message }, values.json);
      return EXIT_INTERRUPTED;
    };
    if (!values.fix) {
      let report: DoctorReport;
      try {
        report = await runDoctor(deps, options);
      } catch (err) {
        if (io.signal.aborted) return interrupted();
        throw err;
      }
      if (io.signal.aborted) return interrupted();
      print(io, report, values.json, values.verbose);
      return exitCode(report, values.port);
    }
    let run: Awaited<ReturnType<typeof runDoctorFixes>>;
    try {
      run = await runDoctorFixes(deps, options, {
        ...(values.pin ? { pin: values.pin } : {}),
        ...(values.apn ? { apn: values.apn } : {}),
        ...(values.yes ? {} : { confirm: (f: Fix) => ask(io, f) }),
        onEvent: (e) => {
          if (values.json) return;
          if (e.type === 'fix-start') io.stdout(`Fixing (${e.fix.id}): ${e.fix.label}...\n`);
          else if (e.type === 'fix-done') io.stdout(`  ${e.ok ? 'done' : 'failed'}: ${e.message}\n`);
          else io.stdout(`  skipped ${e.fix.id}: ${e.message}\n`);
        },
      });
    } catch (err) {
      if (io.signal.aborted) return interrupted();
      throw err;
    }
    if (io.signal.aborted) return interrupted();
    if (values.json) {
      io.stdout(JSON.stringify({ ...run.after, fixesApplied: run.applied, before: run.before }, null, 2) + '\n');
    } else {
      if (run.applied.length === 0) io.stdout('No fix applied.\n\n');
      else io.stdout('\nChecking again:\n\n');
      print(io, run.after, false, values.verbose);
    }
    return exitCode(run.after, values.port);
  },
};

function print(io: CliIo, report: DoctorReport, json: boolean, verbose: boolean): void {
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : renderReport(report, { verbose }));
}

/** 2 when the port the user named cannot be used at all; else 1 when a check fails. */
function exitCode(report: DoctorReport, port: string | undefined): number {
  const at = report.checks.find((c) => c.id === 'port.at');
  if (port && at?.status === 'fail' && /does not exist|No permission|^Cannot open |is held by another program/.test(at.detail)) return EXIT_USAGE;
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

async function ask(io: CliIo, fix: Fix): Promise<boolean> {
  if (!process.stdin.isTTY) {
    io.stderr(`Not applying ${fix.id} without a terminal to ask: add --yes to apply fixes unattended.\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const a = await rl.question(`Apply fix ${fix.id}: ${fix.label}? [y/N] `);
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
}
