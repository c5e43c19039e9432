// Demo mode's host network (issue 7 "including its simulated network interface"): a NetworkOps over
// the twin. The interface exists only while the twin is on the bus in RNDIS/ECM (usb0) or QMI (wwan0);
// like the real module it hands out a 192.168.225.x lease whatever the data session (sim7600.md §3),
// and only with a data session (twin.dataUp) do pings and DNS beyond the gateway pass. The route table
// and the judgement reuse the real pure code (core/net/routes.ts, classify.ts), so the doctor and the
// UI see exactly what they would on a Pi. No packet leaves the process.
import type { Twin } from './twin.js';
import { analyseRoutes } from '../core/net/routes.js';
import { classifyCheck } from '../core/net/classify.js';
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
  type Route,
  type StackDetection,
  type UpOptions,
  type UpResult,
} from '../core/net/types.js';

/** The modem's own DHCP range (SIM7600 RNDIS/ECM, sim7600.md §3). */
const LEASE = { address: '192.168.225.44', prefixlen: 24, gateway: '192.168.225.1', dns: ['192.168.225.1'] };
/** The simulated host's Wi-Fi uplink (NetworkManager's metric 600, sim7600.md §3). */
const WIFI: Route[] = [
  { dst: 'default', gateway: '192.168.1.1', dev: 'wlan0', metric: 600, protocol: 'dhcp', prefsrc: '192.168.1.23' },
  { dst: '192.168.1.0/24', gateway: undefined, dev: 'wlan0', metric: 600, protocol: 'kernel', prefsrc: '192.168.1.23' },
];

const STACK: StackDetection = {
  stack: 'dhclient',
  reason: 'demo: the simulated host uses plain dhclient (ifupdown style)',
  nmManaged: false,
  facts: {
    nmRunning: false,
    nmDeviceState: undefined,
    dhcpcdRunning: false,
    networkdRunning: false,
    dhclientPath: '/usr/sbin/dhclient',
    udhcpcPath: undefined,
    dhcpcdPath: undefined,
    nmcliPath: undefined,
    networkctlPath: undefined,
  },
};

export interface DemoNetworkOptions {
  /**
   * 'dhclient-takeover': usb0 already has a lease and dhclient's metric-0 default route (the seed's
   * "default-route fight"); 'none': nothing configured yet. Default 'none'.
   */
  initial?: 'dhclient-takeover' | 'none';
  /** Delay per simulated step of `up` (DHCP exchange); default 150 ms. */
  stepMs?: number;
}

export class DemoNetworkOps implements NetworkOps {
  /**
   * The targets of every check, newest last (capped): what a real check would have pinged/resolved, so
   * tests and the demo can see which settings the service actually used.
   */
  readonly probed: { pingTargets: string[]; dnsName: string; at: number }[] = [];
  #routes: Route[] = [...WIFI];
  #leased = false;
  #up = false;
  readonly #twin: Twin;
  readonly #stepMs: number;

  constructor(twin: Twin, options: DemoNetworkOptions = {}) {
    this.#twin = twin;
    this.#stepMs = options.stepMs ?? 150;
    if (options.initial === 'dhclient-takeover' && this.ifaceName() === 'usb0') {
      this.#lease(0);
    }
    // The interface goes with the USB device: a reset or unplug drops the link, lease and routes.
    const gone = () => {
      this.#leased = false;
      this.#up = false;
      this.#routes = this.#routes.filter((r) => r.dev === 'wlan0');
    };
    twin.on('reset-start', gone);
    twin.on('unplugged', gone);
  }

  /** The net device of the twin's current composition, undefined when it has none or is gone. */
  ifaceName(): string | undefined {
    if (!this.#twin.present) return undefined;
    const pid = this.#twin.pid;
    return pid === 9011 || pid === 9018 ? 'usb0' : pid === 9001 ? 'wwan0' : undefined;
  }

  #lease(metric: number): void {
    this.#up = true;
    this.#leased = true;
    this.#routes = this.#routes.filter((r) => r.dev !== 'usb0');
    this.#routes.push(
      { dst: 'default', gateway: LEASE.gateway, dev: 'usb0', metric, protocol: 'dhcp', prefsrc: LEASE.address },
      { dst: '192.168.225.0/24', gateway: undefined, dev: 'usb0', metric, protocol: 'kernel', prefsrc: LEASE.address },
    );
    this.#routes.sort((a, b) => a.metric - b.metric);
  }

  #exists(iface: string): boolean {
    return this.ifaceName() === iface;
  }

  #require(iface: string): void {
    if (!this.#exists(iface)) {
      throw new NetError('interface-missing', `${iface} does not exist`, 'Switch the modem to RNDIS (Mode screen) and wait for it to come back.');
    }
  }

  async #step(opts: CommonOptions, step: string, message: string, command?: string[]): Promise<void> {
    if (opts.signal?.aborted) throw new NetError('command-failed', 'cancelled');
    opts.onProgress?.({ step, message, ...(command ? { command } : {}) });
    await new Promise((r) => setTimeout(r, this.#stepMs));
  }

  async status(opts: CommonOptions): Promise<NetStatus> {
    const exists = this.#exists(opts.iface);
    const view = analyseRoutes(this.#routes, opts.iface);
    return {
      iface: opts.iface,
      exists,
      link: exists ? { ifname: opts.iface, ifindex: 5, up: this.#up, carrier: this.#up, operstate: this.#up ? 'UP' : 'DOWN', mac: '02:50:f4:00:00:01' } : undefined,
      addresses: exists && this.#leased ? [{ ifname: opts.iface, address: LEASE.address, prefixlen: LEASE.prefixlen, dynamic: true }] : [],
      defaultRoutes: view.defaults,
      winningDefault: view.winning,
      ifaceDefault: view.ifaceDefault,
      role: view.role,
      dns: exists && this.#leased ? [...LEASE.dns] : [],
      stack: STACK,
      findings: view.findings,
    };
  }

  async up(opts: UpOptions): Promise<UpResult> {
    this.#require(opts.iface);
    if (opts.iface !== 'usb0') throw new NetError('stack-unsupported', `${opts.iface} is a QMI interface: it needs a QMI dialer`, 'Switch to RNDIS: the modem then serves DHCP on usb0.');
    const before = [...this.#routes];
    const metric = opts.metric ?? POLICY_METRIC[opts.policy ?? 'failover'];
    await this.#step(opts, 'link-up', `bringing ${opts.iface} up`, ['ip', 'link', 'set', opts.iface, 'up']);
    await this.#step(opts, 'dhcp', `asking the modem for a lease on ${opts.iface}`, ['dhclient', '-e', `IF_METRIC=${metric}`, opts.iface]);
    this.#require(opts.iface);
    this.#lease(metric);
    await this.#step(opts, 'lease', `lease ${LEASE.address}/${LEASE.prefixlen} from ${LEASE.gateway}`);
    return { iface: opts.iface, stack: 'dhclient', address: LEASE.address, gateway: LEASE.gateway, metric, routesBefore: before, routesAfter: [...this.#routes], persisted: false, changedFiles: [] };
  }

  async down(opts: DownOptions): Promise<DownResult> {
    const released = this.#leased;
    this.#leased = false;
    this.#up = false;
    this.#routes = this.#routes.filter((r) => r.dev !== opts.iface);
    await this.#step(opts, 'release', `released ${opts.iface}`, ['dhclient', '-r', opts.iface]);
    return { iface: opts.iface, stack: 'dhclient', released, removedFiles: [], restoredFiles: [] };
  }

  async policy(opts: PolicyOptions): Promise<PolicyResult> {
    this.#require(opts.iface);
    const before = [...this.#routes];
    const metric = opts.metric ?? POLICY_METRIC[opts.policy];
    const takeover = before.some((r) => r.dev === opts.iface && r.dst === 'default' && r.metric === 0);
    if (!this.#leased) throw new NetError('command-failed', `${opts.iface} has no lease yet`, 'Press Connect first.');
    this.#routes = this.#routes.map((r) => (r.dev === opts.iface ? { ...r, metric } : r)).sort((a, b) => a.metric - b.metric);
    opts.onProgress?.({ step: 'metric', message: `metric ${metric} on ${opts.iface}`, command: ['ip', 'route', 'replace', 'default', 'via', LEASE.gateway, 'dev', opts.iface, 'metric', String(metric)] });
    return { iface: opts.iface, stack: 'dhclient', policy: opts.policy, metric, routesBefore: before, routesAfter: [...this.#routes], fixedTakeover: takeover };
  }

  async check(opts: CheckOptions): Promise<CheckResult> {
    this.probed.push({ pingTargets: [...opts.pingTargets], dnsName: opts.dnsName, at: Date.now() });
    if (this.probed.length > 50) this.probed.shift();
    const s = await this.status(opts);
    const exists = s.exists;
    const leased = exists && this.#leased;
    const data = leased && this.#twin.dataUp;
    const probe = (kind: ProbeResult['kind'], target: string, ok: boolean, detail: string): ProbeResult => ({ kind, target, ok, ms: ok ? 30 + Math.round(Math.random() * 20) : undefined, detail });
    const gatewayProbe = leased ? probe('gateway', LEASE.gateway, true, 'the modem answers') : undefined;
    const pingProbes = leased ? opts.pingTargets.map((t) => probe('ping', t, data, data ? 'reply' : 'no reply (100% loss)')) : [];
    const dnsProbe = leased ? probe('dns', LEASE.dns[0]!, data, data ? `${opts.dnsName} A 93.184.215.14` : 'timed out') : undefined;
    const { classification, summary } = classifyCheck({
      iface: opts.iface,
      exists,
      linkUp: !!s.link?.up,
      carrier: !!s.link?.carrier,
      address: leased ? LEASE.address : undefined,
      ifaceDefaultGateway: s.ifaceDefault?.gateway,
      ifaceIsPrimary: s.role === 'primary',
      targetRouteDev: s.winningDefault?.dev,
      gatewayProbe,
      pingProbes,
      dnsProbe,
    });
    return {
      iface: opts.iface,
      classification,
      summary,
      address: leased ? LEASE.address : undefined,
      gateway: s.ifaceDefault?.gateway,
      dnsServer: leased ? LEASE.dns[0] : undefined,
      probes: [gatewayProbe, ...pingProbes, dnsProbe].filter((p): p is ProbeResult => !!p),
      routeForTarget: s.winningDefault ? { dst: opts.pingTargets[0] ?? '1.1.1.1', gateway: s.winningDefault.gateway, dev: s.winningDefault.dev, src: s.winningDefault.prefsrc } : undefined,
    };
  }

  async persist(opts: UpOptions): Promise<PersistResult> {
    return { iface: opts.iface, stack: 'dhclient', files: [], changed: false };
  }

  async unpersist(opts: CommonOptions): Promise<PersistResult> {
    return { iface: opts.iface, stack: 'dhclient', files: [], changed: false };
  }
}
