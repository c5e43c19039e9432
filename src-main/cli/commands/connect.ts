// `simhat connect`: mode -> APN -> network up -> connectivity check in one go (issue 6).
import { parseArgs } from 'node:util';
import type { IpType } from '../../core/apn/db-types.js';
import type { AuthChoice } from '../../core/apn/preset.js';
import { MODE_TARGETS, type ModeTarget } from '../../core/doctor/mode-strategy.js';
import type { PolicyName } from '../../core/net/types.js';
import { connectSteps, type ConnectEvent, type ConnectOptions } from '../../service/connect.js';
import { serialEngineOpener, systemDeps } from '../../service/doctor.js';
import { describeModeStep, MODE_STEP_LABELS } from '../../service/mode-switch.js';
import { configDir } from '../../platform/files/config-dir.js';
import { loadSettings } from '../../platform/files/settings-store.js';
import { checkTargetsForRun } from '../check-targets.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from '../command.js';
import { apnOption, ifaceOption, portOption } from '../option-values.js';
import { validatePassword, validateUsername } from '../../core/at/validate.js';

const usage = `Usage: simhat connect [--port <p>] [--iface <if>] [--mode rndis|ecm|qmi]
                      [--carrier <id> | --apn <v> [--ip-type IP|IPV6|IPV4V6] [--user <u> --password <p> --auth pap|chap|auto]]
                      [--policy failover|primary] [--ping-target <ip> ...] [--dns-name <n>] [--no-probes] [--json]

From plugged in to online: switches the USB composition (RNDIS on Linux/Windows, ECM on macOS),
sets the APN (suggested from the SIM when not given), brings the interface up with the route
policy, and checks the connection. Stops at the first failure and explains it with the doctor.

  --port <p>        AT port (default: the modem found on USB)
  --iface <if>      network interface (default: the one found on USB)
  --mode <m>        composition to use; default per OS
  --carrier <id>    carrier preset from the APN database (simhat apn search)
  --apn <v>         the APN itself (wins over --carrier and the suggestion)
  --policy <p>      failover (LTE as backup, metric 700) or primary (metric 50); default: the saved setting, else failover
  --ping-target <ip>, --dns-name <n>  connectivity probes (defaults as simhat doctor)
  --no-probes       skip the connectivity check
  --json            one JSON object per event; the last is {"type":"result",...}

Exit: 0 connected, 1 a stage failed (the doctor's verdict is printed), 2 usage error.`;

export const command: CliCommand = {
  summary: 'Mode, APN, network up and a connectivity check in one step.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
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
        json: { type: 'boolean', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.mode !== undefined && !(MODE_TARGETS as readonly string[]).includes(values.mode)) throw new UsageError('--mode is rndis, ecm or qmi');
    if (values.policy !== undefined && values.policy !== 'failover' && values.policy !== 'primary') throw new UsageError('--policy is failover or primary');
    if (values['ip-type'] !== undefined && !['IP', 'IPV6', 'IPV4V6'].includes(values['ip-type'])) throw new UsageError('--ip-type is IP, IPV6 or IPV4V6');
    if (values.auth !== undefined && !['none', 'pap', 'chap', 'auto'].includes(values.auth)) throw new UsageError('--auth is none, pap, chap or auto');
    if (values.carrier && values.apn) throw new UsageError('give --carrier or --apn, not both');
    // Refused before the mode switch starts: nothing happens to the modem on a typo (issue 5).
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    apnOption(values.apn);
    try {
      if (values.user !== undefined) validateUsername(values.user);
      if (values.password !== undefined) validatePassword(values.password);
    } catch (err) {
      throw new UsageError(`--${(err as Error).message}`);
    }
    const seconds = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0 || n > 600) throw new UsageError(`${name} is seconds, 1..600`);
      return Math.round(n * 1000);
    };
    let probes: { pingTargets: string[]; dnsName?: string } = { pingTargets: [] };
    if (!values['no-probes']) {
      try {
        const { pingTargets, dnsName } = await checkTargetsForRun(values);
        probes = { pingTargets, dnsName };
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    const modeTimeoutMs = seconds(values['mode-timeout'], '--mode-timeout');
    const leaseTimeoutMs = seconds(values['lease-timeout'], '--lease-timeout');
    const options: ConnectOptions = {
      ...(port ? { port } : {}),
      ...(iface ? { iface } : {}),
      ...(values.mode ? { mode: values.mode as ModeTarget } : {}),
      ...(values.carrier ? { carrier: values.carrier } : {}),
      ...(values.apn ? { apn: values.apn } : {}),
      ...(values['ip-type'] ? { ipType: values['ip-type'] as IpType } : {}),
      ...(values.auth ? { auth: values.auth as AuthChoice } : {}),
      ...(values.user ? { username: values.user } : {}),
      ...(values.password ? { password: values.password } : {}),
      // The flag, else the policy saved in the app's Settings, else LTE as backup.
      policy: (values.policy as PolicyName | undefined) ?? (await loadSettings(configDir())).policy ?? 'failover',
      ...probes,
      ...(modeTimeoutMs ? { modeTimeoutMs } : {}),
      ...(leaseTimeoutMs ? { leaseTimeoutMs } : {}),
      ...(values.root ? { netRoot: values.root } : {}),
      signal: io.signal,
    };
    const deps = { ...(await systemDeps()), openEngine: serialEngineOpener };
    const it = connectSteps(deps, options);
    for (;;) {
      const n = await it.next();
      if (n.done) {
        const r = n.value;
        if (values.json) io.stdout(JSON.stringify({ type: 'result', ...r, failure: r.failure ? { ...r.failure, doctor: undefined } : null }) + '\n');
        else if (r.ok) io.stdout(`Connected: ${r.iface ?? ''} ${r.address ?? ''} (APN "${r.apn ?? ''}").\n`);
        else if (r.failure) {
          io.stdout(`\nStopped at ${r.failure.stage}: ${r.failure.message}\n${r.failure.hint ? `  ${r.failure.hint}\n` : ''}`);
          const v = r.failure.verdict;
          if (v) io.stdout(`Doctor: the first broken link is ${v.checkId}.\n  ${v.summary}\n${v.fix ? `  Fix: ${v.fix.label} (simhat doctor --fix)\n` : ''}`);
        }
        return r.ok ? EXIT_OK : EXIT_FAILED;
      }
      io.stdout(values.json ? JSON.stringify(n.value) + '\n' : text(n.value));
    }
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
  }
}
