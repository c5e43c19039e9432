// `simhat net`: bring the modem's interface up through the host's own stack, set route priority,
// check connectivity (issue 4). Every step is printed; --json gives one machine-readable object.
import { parseArgs } from 'node:util';
import type { Api, NetProgress, NetworkDownResult, NetworkUpResult, ProgressEvent } from '../../api/contract.js';
import { formatRoute } from '../../core/net/routes.js';
import type { CheckResult, NetStatus, PolicyName, Route, StackChoice } from '../../core/net/types.js';
import { validateIfaceName, validateMetric, validateRootPrefix } from '../../core/net/validate.js';
import { runOperationOrThrow, withApi } from '../api-session.js';
import { targetRequest } from '../check-targets.js';
import { clip, errorBody } from '../cli-error.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../command.js';
import { closest } from '../did-you-mean.js';
import { fitLines } from '../terminal-style.js';

const NET_SUBCOMMANDS = ['status', 'up', 'down', 'policy', 'check', 'persist', 'unpersist'];

const usage = `Usage: simhat net status|up|down|check|persist|unpersist --iface <if> [options]
       simhat net policy failover|primary --iface <if> [options]

  status                 addresses, default routes and their metrics, DNS, the stack in charge
  up                     get a DHCP lease from the modem with the chosen route policy
  down                   release the lease and remove what simhat added (--unpersist: also boot config)
  policy failover|primary  LTE as backup (metric 700) or as primary (metric 50); shows routes before/after
                         (and saves it as the route policy setting every face keeps to)
  check                  ping the gateway and targets through the interface, resolve a name via its DNS
  persist | unpersist    make the setup survive reboots on this stack / remove that

Options:
  --iface <if>           the modem's network interface (e.g. usb0; see \`simhat devices\`); required
  --stack <s>            auto|nm|dhcpcd|networkd|dhclient|udhcpc (default auto: detected)
  --policy <p>           failover|primary for \`up\` (default: the saved setting, else failover)
  --metric <n>           route metric overriding the policy's (0-999999)
  --persist              \`up\`: also survive reboots
  --unpersist            \`down\`: also remove the boot-time configuration (restores edited files)
  --ping-target <ip>     \`check\` target, repeatable (default: the targets saved in the app's Settings,
                         else env SIMHAT_PING_TARGETS, else 1.1.1.1 8.8.8.8)
  --dns-name <name>      \`check\` name to resolve (default: saved in Settings, else env SIMHAT_DNS_NAME,
                         else example.com)
  --lease-timeout <s>    seconds to wait for a DHCP lease (default 20)
  --root <dir>           prefix for config/state files (testing; default /)
  --json                 print one JSON object
  --verbose              print every command run
`;

const STACKS: StackChoice[] = ['auto', 'nm', 'dhcpcd', 'networkd', 'dhclient', 'udhcpc'];

function routeTable(title: string, routes: Route[]): string {
  return `${title}\n${routes.length ? routes.map((r) => `  ${formatRoute(r)}`).join('\n') : '  (none)'}\n`;
}

function statusText(s: NetStatus): string {
  const lines = [
    `${s.iface}: ${s.exists ? `${s.link?.up ? 'up' : 'down'}${s.link && !s.link.carrier ? ', no carrier' : ''}` : 'does not exist'}`,
    `  stack: ${s.stack.stack} (${s.stack.reason})`,
    `  address: ${s.addresses.map((a) => `${a.address}/${a.prefixlen}${a.dynamic ? ' (dhcp)' : ''}`).join(', ') || 'none'}`,
    `  role: ${s.role}${s.ifaceDefault ? ` (default via ${s.ifaceDefault.gateway} metric ${s.ifaceDefault.metric})` : ''}`,
    `  dns: ${s.dns.join(', ') || 'none'}`,
  ];
  let out = lines.join('\n') + '\n' + routeTable('default routes (lowest metric wins):', s.defaultRoutes);
  for (const f of s.findings) out += `! ${f.message}\n`;
  return out;
}

function checkText(c: CheckResult): string {
  const lines = [`${c.iface}: ${c.classification.toUpperCase()} — ${c.summary}`];
  for (const p of c.probes) lines.push(`  ${p.ok ? 'ok  ' : 'FAIL'} ${p.kind} ${p.target}${p.ms !== undefined ? ` ${p.ms.toFixed(1)} ms` : ''} (${p.detail})`);
  if (c.routeForTarget) lines.push(`  without -I, traffic to ${c.routeForTarget.dst} goes via ${c.routeForTarget.dev}`);
  return lines.join('\n') + '\n';
}

const NET_OPTIONS = {
    iface: { type: 'string' },
    stack: { type: 'string' },
    policy: { type: 'string' },
    metric: { type: 'string' },
    persist: { type: 'boolean' },
    unpersist: { type: 'boolean' },
    'ping-target': { type: 'string', multiple: true },
    'dns-name': { type: 'string' },
    'lease-timeout': { type: 'string' },
    root: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
} as const;

export const command: CliCommand = {
  summary: 'Network: bring the modem interface up, route policy, connectivity check.',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: NET_OPTIONS,
    });
    const [sub, arg] = positionals;
    const json = values.json ?? false;
    const fail = (err: unknown): number => {
      if (err instanceof UsageError) throw err;
      const env = errorBody(err);
      if (json) io.stdout(JSON.stringify({ ok: false, error: env }) + '\n');
      else io.stderr(`simhat net: ${env.message}\n${env.hint ? `  hint: ${env.hint}\n` : ''}`);
      return env.code === 'invalid-argument' ? EXIT_USAGE : EXIT_FAILED;
    };
    if (!sub || !NET_SUBCOMMANDS.includes(sub)) {
      const guess = sub ? closest(sub, NET_SUBCOMMANDS) : undefined;
      const which = sub ? ` "${clip(sub)}"${guess ? ` (did you mean "${guess}"?)` : ''}` : `: give one of ${NET_SUBCOMMANDS.join(', ')}`;
      throw new UsageError(`unknown or missing subcommand${which}`);
    }
    if (!values.iface) throw new UsageError('--iface <if> is required');
    const stack = (values.stack ?? 'auto') as StackChoice;
    if (!STACKS.includes(stack)) throw new UsageError(`--stack must be one of ${STACKS.join(', ')}`);
    const policyArg = sub === 'policy' ? arg : values.policy;
    if (sub === 'policy' && !policyArg) throw new UsageError('policy needs failover or primary');
    if (policyArg !== undefined && policyArg !== 'failover' && policyArg !== 'primary') throw new UsageError('policy must be failover or primary');
    let leaseTimeoutMs: number | undefined;
    if (values['lease-timeout'] !== undefined) {
      if (!/^[0-9]{1,3}$/.test(values['lease-timeout']) || Number(values['lease-timeout']) < 1) throw new UsageError('--lease-timeout is 1-999 seconds');
      leaseTimeoutMs = Number(values['lease-timeout']) * 1000;
    }
    let metric: number | undefined;
    let root: string | undefined;
    let iface: string;
    try {
      // Validated before anything runs (issue 4: injected names never reach a process).
      iface = validateIfaceName(values.iface);
      metric = values.metric !== undefined ? validateMetric(values.metric) : undefined;
      root = values.root !== undefined ? validateRootPrefix(values.root) : undefined;
    } catch (err) {
      return fail(err);
    }
    const progress = (n: NetProgress) => {
      if (json && !values.verbose) return;
      const line = fitLines(`- ${n.message}${values.verbose && n.command ? `\n    $ ${n.command.join(' ')}` : ''}\n`);
      if (json) io.stderr(line);
      else io.stdout(line);
    };
    const fromOp = (e: ProgressEvent) => progress((e.data as NetProgress | undefined) ?? { step: e.step, message: e.label });
    const target = { iface, stack };
    const policy = policyArg as PolicyName | undefined;
    let targets: { pingTargets?: string[]; dnsName?: string } = {};
    try {
      if (sub === 'check') targets = targetRequest(values);
    } catch (err) {
      return fail({ code: 'invalid-argument', message: (err as Error).message });
    }
    try {
      return await withApi({ ...(root ? { netRoot: root } : {}) }, async ({ api }) => {
        const { result, text, code } = await runSub(api, sub, { target, policy, metric, persist: values.persist ?? false, unpersist: values.unpersist ?? false, leaseTimeoutMs, targets, fromOp, progress, signal: io.signal });
        if (json) io.stdout(JSON.stringify({ ok: code === EXIT_OK, result }) + '\n');
        else io.stdout(fitLines(text));
        return code;
      });
    } catch (err) {
      return fail(err);
    }
  },
};

interface SubArgs {
  target: { iface: string; stack: StackChoice };
  policy: PolicyName | undefined;
  metric: number | undefined;
  persist: boolean;
  unpersist: boolean;
  leaseTimeoutMs: number | undefined;
  targets: { pingTargets?: string[]; dnsName?: string };
  fromOp: (e: ProgressEvent) => void;
  progress: (n: NetProgress) => void;
  signal: AbortSignal;
}

/** One subcommand through the Api: its result (printed as JSON), its text and its exit code. */
async function runSub(api: Api, sub: string, a: SubArgs): Promise<{ result: unknown; text: string; code: number }> {
  const { iface } = a.target;
  const m = a.metric !== undefined ? { metric: a.metric } : {};
  const p = a.policy ? { policy: a.policy } : {};
  switch (sub) {
    case 'status': {
      const s = await api.networkStatus(a.target);
      return { result: s.detail, text: s.detail ? statusText(s.detail) : `${iface}: does not exist\n`, code: EXIT_OK };
    }
    case 'up': {
      const r = await runOperationOrThrow<NetworkUpResult>(api, () => api.networkUp({ ...a.target, ...p, ...m, ...(a.persist ? { persist: true } : {}), ...(a.leaseTimeoutMs ? { leaseTimeoutMs: a.leaseTimeoutMs } : {}) }), a.fromOp, a.signal);
      const u = r.up;
      return { result: u, text: `${iface}: ${u.address ?? 'no address'} via ${u.gateway ?? '?'} metric ${u.metric} (${u.stack}${u.persisted ? ', persistent' : ''})\n` + routeTable('routes before:', u.routesBefore) + routeTable('routes after:', u.routesAfter), code: EXIT_OK };
    }
    case 'down': {
      const r = await runOperationOrThrow<NetworkDownResult>(api, () => api.networkDown({ ...a.target, ...(a.unpersist ? { unpersist: true } : {}) }), a.fromOp, a.signal);
      const d = r.down;
      return { result: d, text: `${iface}: ${d.released ? 'lease released' : 'nothing to release'}${d.removedFiles.length ? `; removed ${d.removedFiles.join(', ')}` : ''}${d.restoredFiles.length ? `; restored ${d.restoredFiles.join(', ')}` : ''}\n`, code: EXIT_OK };
    }
    case 'policy': {
      const c = await api.setPolicy({ ...a.target, policy: a.policy!, ...m });
      for (const n of c.steps ?? []) a.progress(n);
      const r = c.detail!;
      return { result: r, text: `${iface}: ${r.policy} (metric ${r.metric})${r.fixedTakeover ? ' — fixed the metric-0 takeover' : ''}\n` + routeTable('routes before:', r.routesBefore) + routeTable('routes after:', r.routesAfter), code: EXIT_OK };
    }
    case 'check': {
      const { steps, ...r }: CheckResult & { steps?: NetProgress[] } = await api.checkNetwork({ ...a.target, ...a.targets });
      for (const n of steps ?? []) a.progress(n);
      return { result: r, text: checkText(r), code: r.classification === 'ok' ? EXIT_OK : EXIT_FAILED };
    }
    default: {
      const r = sub === 'persist' ? await api.persistNetwork({ ...a.target, ...p, ...m }) : await api.unpersistNetwork(a.target);
      for (const n of r.steps ?? []) a.progress(n);
      const { steps: _steps, ...result } = r;
      return { result, text: `${iface}: ${r.changed ? (sub === 'persist' ? 'persistent via' : 'removed from') : 'unchanged'} ${r.stack} ${r.files.join(', ')}\n`, code: EXIT_OK };
    }
  }
}
