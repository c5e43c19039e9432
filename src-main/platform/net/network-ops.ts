// NetworkOps on Linux (issue 4): reads state with iproute2 JSON, changes it only through the
// privileged runner's allow-listed verbs, per stack (sim7600.md §3).
import { classifyCheck } from '../../core/net/classify.js';
import { parseDhclientLeases, parseResolvConf } from '../../core/net/resolv-parse.js';
import { parseNmcliValues } from '../../core/net/nmcli-parse.js';
import { analyseRoutes } from '../../core/net/routes.js';
import {
  NetError,
  POLICY_METRIC,
  type CheckOptions,
  type CheckResult,
  type CommonOptions,
  type DownOptions,
  type DownResult,
  type NetStatus,
  type NetworkOps,
  type PersistResult,
  type PolicyOptions,
  type PolicyResult,
  type ProbeResult,
  type StackDetection,
  type StackName,
  type UpOptions,
  type UpResult,
} from '../../core/net/types.js';
import { validateIfaceName, validateMetric, validateRootPrefix } from '../../core/net/validate.js';
import { type Verb } from '../../core/net/verbs.js';
import { statePaths } from '../../core/net/verb-plans.js';
import { createPrivilegedRunner, type PrivilegedRunner } from '../privileged/client.js';
import type { VerbResult } from '../privileged/execute.js';
import { readTextOrEmpty } from './atomic-file.js';
import { dnsQuery } from './dns-query.js';
import { ourDaemonPid } from './pidfile.js';
import { ifaceExists, readAddresses, readLink, readRoutes, requireIface, routeGet } from './ip-state.js';
import { findProgram, run } from './run.js';
import { detectStack } from './stack-detect.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LinuxNetworkOps implements NetworkOps {
  constructor(private readonly priv: PrivilegedRunner = createPrivilegedRunner()) {}

  private async call(opts: CommonOptions, verb: Verb, raw: Record<string, string>): Promise<VerbResult> {
    const root = validateRootPrefix(opts.root);
    const withRoot = root && ['dhcp-up', 'dhcp-down', 'write-dhcpcd-block', 'networkd-file', 'ifupdown-file', 'udev-rule'].includes(verb) ? { ...raw, root } : raw;
    const res = await this.priv.call(verb, withRoot, opts.signal);
    for (const s of res.steps) opts.onProgress?.({ step: verb, message: s.why + (s.file ? ` (${s.file}${s.changed ? '' : ', unchanged'})` : ''), ...(s.command ? { command: s.command } : {}) });
    return res;
  }

  private async stackFor(opts: CommonOptions): Promise<StackDetection> {
    const det = await detectStack(opts.iface, opts.stack ?? 'auto');
    // Never run a second DHCP client on an interface NetworkManager manages (sim7600.md §3).
    if (det.nmManaged && det.stack !== 'nm') {
      throw new NetError('invalid-argument', `NetworkManager manages ${opts.iface}; a ${det.stack} client there would fight it`, 'Use --stack nm (or auto), or mark the device unmanaged in NetworkManager first.');
    }
    return det;
  }

  private async dnsServers(iface: string, stack: StackName, root: string): Promise<string[]> {
    if (stack === 'nm') {
      const nmcli = findProgram('nmcli');
      if (nmcli) {
        const r = await run(nmcli, ['-g', 'IP4.DNS', 'device', 'show', iface], { timeoutMs: 5000 });
        if (r.code === 0) return parseNmcliValues(r.stdout);
      }
    }
    if (stack === 'dhclient') {
      const lease = parseDhclientLeases((await readTextOrEmpty(statePaths(root).dhclientLeases(iface))).text, iface);
      if (lease && lease.dns.length > 0) return lease.dns;
    }
    return parseResolvConf((await readTextOrEmpty('/etc/resolv.conf')).text);
  }

  async status(opts: CommonOptions): Promise<NetStatus> {
    const iface = validateIfaceName(opts.iface);
    const root = validateRootPrefix(opts.root);
    const exists = ifaceExists(iface);
    const [link, addrs, routes, stack] = await Promise.all([exists ? readLink(iface) : undefined, readAddresses(), readRoutes(), detectStack(iface, opts.stack ?? 'auto')]);
    const view = analyseRoutes(routes, iface);
    return {
      iface,
      exists,
      link,
      addresses: addrs.addresses.filter((a) => a.ifname === iface),
      defaultRoutes: view.defaults,
      winningDefault: view.winning,
      ifaceDefault: view.ifaceDefault,
      role: view.role,
      dns: exists ? await this.dnsServers(iface, stack.stack, root) : [],
      stack,
      findings: view.findings,
    };
  }

  /** Waits for an IPv4 address and a default route on the interface (stacks that work async). */
  private async waitForLease(iface: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [addrs, routes] = await Promise.all([readAddresses(), readRoutes()]);
      if (addrs.addresses.some((a) => a.ifname === iface) && routes.some((r) => r.dst === 'default' && r.dev === iface)) return;
      if (Date.now() > deadline) throw new NetError('lease-timeout', `no DHCP lease with a default route on ${iface} within ${Math.round(timeoutMs / 1000)} s`, 'Is the modem in RNDIS/ECM mode and finished booting?');
      if (signal?.aborted) throw new NetError('command-failed', 'cancelled');
      await sleep(250);
    }
  }

  /** Puts the interface's default route at `metric` and removes its others (e.g. dhclient's 0). */
  private async enforceMetric(opts: CommonOptions, metric: number): Promise<boolean> {
    const view = analyseRoutes(await readRoutes(), opts.iface);
    const mine = view.defaults.filter((r) => r.dev === opts.iface);
    if (mine.length === 1 && mine[0]?.metric === metric) return false;
    const gateway = mine.find((r) => r.gateway)?.gateway;
    if (!gateway) throw new NetError('command-failed', `${opts.iface} has no default route to re-prioritise`, `Run simhat net up --iface ${opts.iface} first.`);
    await this.call(opts, 'set-metric', { iface: opts.iface, gateway, metric: String(metric) });
    return true;
  }

  async up(opts: UpOptions): Promise<UpResult> {
    const iface = requireIface(opts.iface);
    const o = { ...opts, iface };
    const det = await this.stackFor(o);
    const metric = validateMetric(opts.metric ?? POLICY_METRIC[opts.policy ?? 'failover']);
    const timeoutS = String(Math.max(1, Math.round((opts.leaseTimeoutMs ?? 20_000) / 1000)));
    opts.onProgress?.({ step: 'stack', message: `stack: ${det.stack} (${det.reason})` });
    // Fail before touching any file when the stack's client is not installed.
    const needs: Record<StackName, [string[], string]> = {
      nm: [['nmcli'], 'network-manager'],
      dhcpcd: [['dhcpcd'], 'dhcpcd'],
      networkd: [['networkctl'], 'systemd'],
      dhclient: [['dhclient'], 'isc-dhcp-client'],
      udhcpc: [['udhcpc', 'busybox'], 'busybox'],
      none: [[], 'isc-dhcp-client'],
    };
    const [programs, pkg] = needs[det.stack];
    if (programs.length > 0 && !programs.some((p) => findProgram(p))) {
      throw new NetError('stack-unsupported', `${programs[0]} is not installed`, `Install it: sudo apt-get install ${pkg}`);
    }
    const routesBefore = await readRoutes();
    const files: string[] = [];
    const m = String(metric);
    switch (det.stack) {
      case 'nm':
        files.push(...(await this.call(o, 'nm-profile', { iface, action: 'add', metric: m, autoconnect: opts.persist ? 'yes' : 'no' })).files);
        await this.call(o, 'dhcp-up', { iface, stack: 'nm', metric: m, timeout: timeoutS });
        break;
      case 'dhcpcd':
        files.push(...(await this.call(o, 'write-dhcpcd-block', { iface, action: 'set', metric: m })).files);
        await this.call(o, 'dhcp-up', { iface, stack: 'dhcpcd', metric: m, timeout: timeoutS });
        break;
      case 'networkd':
        files.push(...(await this.call(o, 'networkd-file', { iface, action: 'set', metric: m })).files);
        await this.call(o, 'dhcp-up', { iface, stack: 'networkd', metric: m, timeout: timeoutS });
        break;
      case 'dhclient':
      case 'udhcpc':
        await this.call(o, 'dhcp-up', { iface, stack: det.stack, metric: m, timeout: timeoutS });
        if (opts.persist) files.push(...(await this.call(o, 'ifupdown-file', { iface, action: 'set', metric: m })).files);
        break;
      case 'none':
        throw new NetError('stack-unsupported', det.reason, 'sudo apt-get install isc-dhcp-client');
    }
    await this.waitForLease(iface, opts.leaseTimeoutMs ?? 20_000, opts.signal);
    // Belt and braces: whatever the client did, the route ends at our metric (sim7600.md §3).
    await this.enforceMetric(o, metric);
    const routesAfter = await readRoutes();
    const view = analyseRoutes(routesAfter, iface);
    const addr = (await readAddresses()).addresses.find((a) => a.ifname === iface);
    return {
      iface,
      stack: det.stack,
      address: addr?.address,
      gateway: view.ifaceDefault?.gateway,
      metric,
      routesBefore,
      routesAfter,
      persisted: Boolean(opts.persist) || det.stack === 'dhcpcd' || det.stack === 'networkd',
      changedFiles: files,
    };
  }

  async policy(opts: PolicyOptions): Promise<PolicyResult> {
    const iface = requireIface(opts.iface);
    const o = { ...opts, iface };
    const det = await this.stackFor(o);
    const metric = validateMetric(opts.metric ?? POLICY_METRIC[opts.policy]);
    const routesBefore = await readRoutes();
    const takeover = analyseRoutes(routesBefore, iface).findings.some((f) => f.code === 'metric0-takeover');
    const m = String(metric);
    // Make the stack's own configuration agree, so a renewal or reboot keeps the policy.
    switch (det.stack) {
      case 'nm':
        await this.call(o, 'nm-profile', { iface, action: 'modify', metric: m });
        await this.call(o, 'nm-profile', { iface, action: 'reapply' });
        break;
      case 'dhcpcd':
        await this.call(o, 'write-dhcpcd-block', { iface, action: 'set', metric: m });
        break;
      case 'networkd':
        await this.call(o, 'networkd-file', { iface, action: 'set', metric: m });
        break;
      case 'dhclient':
      case 'udhcpc': {
        const paths = statePaths(validateRootPrefix(opts.root));
        if ((await readTextOrEmpty(paths.ifupdownFile(iface))).exists) await this.call(o, 'ifupdown-file', { iface, action: 'set', metric: m });
        // Our dhclient re-adds its default route with the IF_METRIC it was started with on every
        // rebind/reboot of the lease: restart it with the new one (same lease, address kept).
        // udhcpc runs with -q (exits after the lease), so there is no daemon to update.
        if (det.stack === 'dhclient' && (await ourDaemonPid(paths.dhclientPid(iface), 'dhclient')) !== undefined) {
          await this.call(o, 'dhcp-up', { iface, stack: 'dhclient', metric: m, timeout: '20' });
        }
        break;
      }
      case 'none':
        break;
    }
    await this.enforceMetric(o, metric);
    return { iface, stack: det.stack, policy: opts.policy, metric, routesBefore, routesAfter: await readRoutes(), fixedTakeover: takeover };
  }

  async persist(opts: UpOptions): Promise<PersistResult> {
    const iface = validateIfaceName(opts.iface);
    const o = { ...opts, iface };
    const det = await this.stackFor(o);
    const m = String(validateMetric(opts.metric ?? POLICY_METRIC[opts.policy ?? 'failover']));
    let res: VerbResult;
    switch (det.stack) {
      case 'nm':
        res = await this.call(o, 'nm-profile', { iface, action: 'modify', metric: m, autoconnect: 'yes' });
        break;
      case 'dhcpcd':
        res = await this.call(o, 'write-dhcpcd-block', { iface, action: 'set', metric: m });
        break;
      case 'networkd':
        res = await this.call(o, 'networkd-file', { iface, action: 'set', metric: m });
        break;
      case 'dhclient':
      case 'udhcpc':
        res = await this.call(o, 'ifupdown-file', { iface, action: 'set', metric: m });
        break;
      case 'none':
        throw new NetError('stack-unsupported', det.reason);
    }
    return { iface, stack: det.stack, files: res.steps.flatMap((s) => (s.file ? [s.file] : [])), changed: res.steps.some((s) => s.changed) };
  }

  async unpersist(opts: CommonOptions): Promise<PersistResult> {
    const iface = validateIfaceName(opts.iface);
    const o = { ...opts, iface };
    const det = await this.stackFor(o);
    const verb: Record<StackName, [Verb, Record<string, string>] | undefined> = {
      nm: ['nm-profile', { iface, action: 'delete' }],
      dhcpcd: ['write-dhcpcd-block', { iface, action: 'remove' }],
      networkd: ['networkd-file', { iface, action: 'remove' }],
      dhclient: ['ifupdown-file', { iface, action: 'remove' }],
      udhcpc: ['ifupdown-file', { iface, action: 'remove' }],
      none: undefined,
    };
    const v = verb[det.stack];
    if (!v) return { iface, stack: det.stack, files: [], changed: false };
    const res = await this.call(o, v[0], v[1]);
    return { iface, stack: det.stack, files: res.steps.flatMap((s) => (s.file ? [s.file] : [])), changed: res.steps.some((s) => s.changed) };
  }

  async down(opts: DownOptions): Promise<DownResult> {
    const iface = validateIfaceName(opts.iface);
    const o = { ...opts, iface };
    const det = await this.stackFor(o);
    const result: DownResult = { iface, stack: det.stack, released: false, removedFiles: [], restoredFiles: [] };
    let releaseError: unknown;
    if (det.stack !== 'none') {
      if (ifaceExists(iface)) {
        try {
          const r = await this.call(o, 'dhcp-down', { iface, stack: det.stack });
          result.released = true;
          result.removedFiles.push(...r.files);
        } catch (err) {
          // Keep going: --unpersist must still clean up when the client is gone (e.g. uninstalled).
          releaseError = err;
        }
      }
      if (opts.unpersist) {
        const u = await this.unpersist(o);
        if (u.changed) (det.stack === 'dhcpcd' ? result.restoredFiles : result.removedFiles).push(...u.files);
      }
    }
    if (releaseError && !opts.unpersist) throw releaseError;
    return result;
  }

  async check(opts: CheckOptions): Promise<CheckResult> {
    const iface = validateIfaceName(opts.iface);
    const timeoutMs = opts.probeTimeoutMs ?? 2000;
    const exists = ifaceExists(iface);
    const link = exists ? await readLink(iface) : undefined;
    const [addrs, routes] = await Promise.all([readAddresses(), readRoutes()]);
    const address = addrs.addresses.find((a) => a.ifname === iface)?.address;
    const view = analyseRoutes(routes, iface);
    const gateway = view.ifaceDefault?.gateway;
    const base = { iface, exists, linkUp: link?.up ?? false, carrier: link?.carrier ?? false, address, ifaceDefaultGateway: gateway, ifaceIsPrimary: view.role === 'primary' };
    const probes: ProbeResult[] = [];
    const early = classifyCheck({ ...base, targetRouteDev: undefined, gatewayProbe: undefined, pingProbes: [], dnsProbe: undefined });
    if (['interface-missing', 'link-down', 'no-lease', 'no-default-route'].includes(early.classification)) {
      return { iface, ...early, address, gateway, dnsServer: undefined, probes, routeForTarget: undefined };
    }
    const first = opts.pingTargets[0];
    const routeForTarget = first ? await routeGet(first) : undefined;
    opts.onProgress?.({ step: 'check', message: `ping gateway ${gateway} via ${iface}` });
    const gatewayProbe = await ping(iface, gateway as string, 'gateway', timeoutMs);
    probes.push(gatewayProbe);
    const pingProbes = gatewayProbe.ok ? await Promise.all(opts.pingTargets.map((t) => ping(iface, t, 'ping', timeoutMs))) : [];
    probes.push(...pingProbes);
    const stack = await detectStack(iface, opts.stack ?? 'auto');
    const dnsServer = (await this.dnsServers(iface, stack.stack, validateRootPrefix(opts.root)))[0] ?? gateway;
    let dnsProbe: ProbeResult | undefined;
    if (gatewayProbe.ok && pingProbes.some((p) => p.ok) && dnsServer && address) {
      opts.onProgress?.({ step: 'check', message: `resolve ${opts.dnsName} via ${dnsServer} from ${address}` });
      const started = performance.now();
      try {
        const ans = await dnsQuery(opts.dnsName, dnsServer, address, timeoutMs);
        const ok = ans.rcode === 0 && ans.addresses.length > 0;
        dnsProbe = { kind: 'dns', target: dnsServer, ok, ms: performance.now() - started, detail: ok ? `${opts.dnsName} -> ${ans.addresses.join(', ')}` : `rcode ${ans.rcode}, ${ans.addresses.length} address(es)` };
      } catch (err) {
        dnsProbe = { kind: 'dns', target: dnsServer, ok: false, ms: undefined, detail: (err as Error).message };
      }
      probes.push(dnsProbe);
    }
    const verdict = classifyCheck({ ...base, targetRouteDev: routeForTarget?.dev, gatewayProbe, pingProbes, dnsProbe });
    return { iface, ...verdict, address, gateway, dnsServer, probes, routeForTarget };
  }
}

/**
 * One ping bound to the interface (`-I`): the kernel sends it out of that device only.
 * `-c 1 -w <deadline> -i 0.5` keeps sending until the first reply or the deadline, so one lost
 * packet on a busy LTE link does not turn into a failed check.
 */
async function ping(iface: string, target: string, kind: 'gateway' | 'ping', timeoutMs: number): Promise<ProbeResult> {
  const prog = findProgram('ping');
  if (!prog) return { kind, target, ok: false, ms: undefined, detail: 'ping is not installed (apt-get install iputils-ping)' };
  const waitS = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const r = await run(prog, ['-n', '-c', '1', '-i', '0.5', '-w', waitS, '-I', iface, target], { timeoutMs: timeoutMs + 2000 });
  const rtt = /time=([0-9.]+) ms/.exec(r.stdout);
  return { kind, target, ok: r.code === 0, ms: rtt?.[1] ? Number(rtt[1]) : undefined, detail: r.code === 0 ? 'reply' : (r.stdout + r.stderr).includes('Unreachable') ? 'unreachable' : 'no reply' };
}
