// Api methods of the host network (issue 4): status, up/down with the route policy, persistence, and the
// connectivity check, for the modem's interface or one named by hand (`simhat net --iface`).
import type { NetTarget, NetworkStatus, Params, Result } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { CommonOptions, NetProgress } from '../core/net/types.js';
import { networkStatusOf, routeEntry } from './contract-map.js';
import type { OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';

type NetworkMethods = Pick<Impl, 'networkStatus' | 'networkUp' | 'networkDown' | 'setPolicy' | 'persistNetwork' | 'unpersistNetwork' | 'checkConnectivity' | 'checkNetwork'>;

const noIface = () => new ApiCallError({ code: 'no-interface', message: 'This mode has no network interface', hint: 'Switch to RNDIS first (Mode screen), or name the interface (--iface).' });

/** Network progress as operation steps: one per message, with the command it ran when there was one. */
const onProgress = (ctx: OpContext) => (n: NetProgress) => ctx.step(n.step, n.message, 'done', n.command?.join(' '), n);

class Network {
  constructor(private readonly p: Parts) {}

  /** The interface a call means: named by hand, else the modem's (the named or the first one). */
  async ifaceOf(t: NetTarget): Promise<string | null> {
    if (t.iface) return t.iface;
    return (await this.p.modems.pick(t.modemId))?.iface ?? null;
  }

  async needIface(t: NetTarget): Promise<string> {
    const iface = await this.ifaceOf(t);
    if (!iface) throw noIface();
    return iface;
  }

  common(iface: string, t: NetTarget, extra: Partial<CommonOptions> = {}): CommonOptions {
    return this.p.net({ iface, ...(t.stack ? { stack: t.stack } : {}), ...extra });
  }

  async status(iface: string, t: NetTarget): Promise<NetworkStatus> {
    const s = networkStatusOf(await this.p.env.network.status(this.common(iface, t)));
    this.p.events.emit({ type: 'network', status: s });
    return s;
  }

  async check(q: Params<'checkNetwork'>): Promise<Result<'checkNetwork'>> {
    const iface = await this.needIface(q);
    await this.p.settings.loaded;
    const targets = this.p.settings.checkTargets({ pingTargets: q.pingTargets, dnsName: q.dnsName });
    const steps: NetProgress[] = [];
    const r = await this.p.env.network.check({ ...this.common(iface, q, { onProgress: (n) => steps.push(n) }), pingTargets: targets.pingTargets, dnsName: targets.dnsName });
    return { ...r, steps };
  }

  async up(q: Params<'networkUp'>): Promise<Result<'networkUp'>> {
    const iface = await this.needIface(q);
    await this.p.settings.loaded;
    // The writer lock of the modem whose interface this is (an interface named by hand has none).
    const ref = q.modemId ? await this.p.modems.pick(q.modemId) : q.iface ? undefined : await this.p.modems.pick();
    const run = async (ctx: OpContext) => {
      const up = await this.p.env.network.up({
        ...this.common(iface, q, { signal: ctx.signal, onProgress: onProgress(ctx) }),
        policy: q.policy ?? this.p.settings.policy,
        ...(q.metric !== undefined ? { metric: q.metric } : {}),
        ...(q.persist ? { persist: true } : {}),
        ...(q.leaseTimeoutMs ? { leaseTimeoutMs: q.leaseTimeoutMs } : {}),
      });
      return { status: await this.status(iface, q), up };
    };
    return this.p.ops.start('network-up', run, ref ? { writes: { modemId: ref.id, what: `bringing ${iface} up` } } : {});
  }

  async down(q: Params<'networkDown'>): Promise<Result<'networkDown'>> {
    const iface = await this.needIface(q);
    return this.p.ops.start('network-down', async (ctx) => {
      const down = await this.p.env.network.down({ ...this.common(iface, q, { signal: ctx.signal, onProgress: onProgress(ctx) }), ...(q.unpersist ? { unpersist: true } : {}) });
      return { status: await this.status(iface, q), down };
    });
  }

  async policy(q: Params<'setPolicy'>): Promise<Result<'setPolicy'>> {
    const iface = await this.needIface(q);
    const steps: NetProgress[] = [];
    const r = await this.p.env.network.policy({ ...this.common(iface, q, { onProgress: (n) => steps.push(n) }), policy: q.policy, ...(q.metric !== undefined ? { metric: q.metric } : {}) });
    // One source of truth (issue 14): the policy set here is the saved setting every face and the watchdog keep to.
    await this.p.settings.update({ policy: q.policy });
    void this.status(iface, q).catch(() => {});
    return { before: r.routesBefore.map(routeEntry), after: r.routesAfter.map(routeEntry), policy: q.policy, detail: r, steps };
  }

  async persist(q: Params<'persistNetwork'>): Promise<Result<'persistNetwork'>> {
    const iface = await this.needIface(q);
    await this.p.settings.loaded;
    const steps: NetProgress[] = [];
    const r = await this.p.env.network.persist({ ...this.common(iface, q, { onProgress: (n) => steps.push(n) }), policy: q.policy ?? this.p.settings.policy, ...(q.metric !== undefined ? { metric: q.metric } : {}) });
    return { ...r, steps };
  }

  async unpersist(q: Params<'unpersistNetwork'>): Promise<Result<'unpersistNetwork'>> {
    const steps: NetProgress[] = [];
    const r = await this.p.env.network.unpersist(this.common(await this.needIface(q), q, { onProgress: (n) => steps.push(n) }));
    return { ...r, steps };
  }
}

export function networkMethods(p: Parts): NetworkMethods {
  const n = new Network(p);
  return {
    async networkStatus(t) {
      const iface = await n.ifaceOf(t);
      return iface ? n.status(iface, t) : { iface: null, up: false, lease: null, policy: null, routes: [] };
    },
    networkUp: (q) => n.up(q),
    networkDown: (q) => n.down(q),
    setPolicy: (q) => n.policy(q),
    persistNetwork: (q) => n.persist(q),
    unpersistNetwork: (q) => n.unpersist(q),
    async checkConnectivity(q) {
      const r = await n.check(q);
      return r.probes.map((x) => ({ id: x.kind === 'ping' ? ('internet' as const) : x.kind, ok: x.ok, target: x.target, detail: x.detail, ...(x.ms !== undefined ? { rttMs: x.ms } : {}) }));
    },
    checkNetwork: (q) => n.check(q),
  };
}
