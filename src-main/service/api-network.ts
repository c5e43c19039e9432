// Api methods of the host network (issue 4): status, up/down with the route policy, persistence, and the
// connectivity check, for the modem's interface or one named by hand (`simhat net --iface`).
import type { NetTarget, NetworkStatus, Params } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { CommonOptions, NetProgress } from '../core/net/types.js';
import { networkStatusOf, routeEntry } from './contract-map.js';
import type { OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';

type NetworkMethods = Pick<Impl, 'networkStatus' | 'networkUp' | 'networkDown' | 'setPolicy' | 'persistNetwork' | 'unpersistNetwork' | 'checkConnectivity' | 'checkNetwork'>;

const noIface = () => new ApiCallError({ code: 'no-interface', message: 'This mode has no network interface', hint: 'Switch to RNDIS first (Mode screen), or name the interface (--iface).' });

export function networkMethods(p: Parts): NetworkMethods {
  /** The interface a call means: named by hand, else the modem's (the named or the first one). */
  async function ifaceOf(t: NetTarget, required: true): Promise<string>;
  async function ifaceOf(t: NetTarget, required: false): Promise<string | null>;
  async function ifaceOf(t: NetTarget, required: boolean): Promise<string | null> {
    if (t.iface) return t.iface;
    const ref = await p.modems.pick(t.modemId);
    if (!ref?.iface && required) throw noIface();
    return ref?.iface ?? null;
  }

  const common = (iface: string, t: NetTarget, extra: Partial<CommonOptions> = {}): CommonOptions => p.net({ iface, ...(t.stack ? { stack: t.stack } : {}), ...extra });

  /** Network progress: one step per message, with the command it ran when there was one. */
  const onProgress = (ctx: OpContext) => (n: NetProgress) => ctx.step(n.step, n.message, 'done', n.command?.join(' '), n);

  async function status(iface: string, t: NetTarget): Promise<NetworkStatus> {
    const s = networkStatusOf(await p.env.network.status(common(iface, t)));
    p.events.emit({ type: 'network', status: s });
    return s;
  }

  function checkParams(q: Params<'checkNetwork'>) {
    return p.settings.loaded.then(() => p.settings.checkTargets({ pingTargets: q.pingTargets, dnsName: q.dnsName }));
  }

  async function check(q: Params<'checkNetwork'>) {
    const iface = await ifaceOf(q, true);
    const targets = await checkParams(q);
    const steps: NetProgress[] = [];
    const r = await p.env.network.check({ ...common(iface, q, { onProgress: (n) => steps.push(n) }), pingTargets: targets.pingTargets, dnsName: targets.dnsName });
    return { ...r, steps };
  }

  return {
    async networkStatus(t) {
      const iface = await ifaceOf(t, false);
      if (!iface) return { iface: null, up: false, lease: null, policy: null, routes: [] };
      return status(iface, t);
    },

    async networkUp(q) {
      const iface = await ifaceOf(q, true);
      await p.settings.loaded;
      // The writer lock of the modem whose interface this is (an interface named by hand has none).
      const ref = q.modemId ? await p.modems.pick(q.modemId) : q.iface ? undefined : await p.modems.pick();
      const run = async (ctx: OpContext) => {
        const up = await p.env.network.up({
          ...common(iface, q, { signal: ctx.signal, onProgress: onProgress(ctx) }),
          policy: q.policy ?? p.settings.policy,
          ...(q.metric !== undefined ? { metric: q.metric } : {}),
          ...(q.persist ? { persist: true } : {}),
          ...(q.leaseTimeoutMs ? { leaseTimeoutMs: q.leaseTimeoutMs } : {}),
        });
        return { status: await status(iface, q), up };
      };
      return p.ops.start('network-up', run, ref ? { writes: { modemId: ref.id, what: `bringing ${iface} up` } } : {});
    },

    async networkDown(q) {
      const iface = await ifaceOf(q, true);
      return p.ops.start('network-down', async (ctx) => {
        const down = await p.env.network.down({ ...common(iface, q, { signal: ctx.signal, onProgress: onProgress(ctx) }), ...(q.unpersist ? { unpersist: true } : {}) });
        return { status: await status(iface, q), down };
      });
    },

    async setPolicy(q) {
      const iface = await ifaceOf(q, true);
      const steps: NetProgress[] = [];
      const r = await p.env.network.policy({ ...common(iface, q, { onProgress: (n) => steps.push(n) }), policy: q.policy, ...(q.metric !== undefined ? { metric: q.metric } : {}) });
      // One source of truth (issue 14): the policy set here is the saved setting every face and the watchdog keep to.
      await p.settings.update({ policy: q.policy });
      void status(iface, q).catch(() => {});
      return { before: r.routesBefore.map(routeEntry), after: r.routesAfter.map(routeEntry), policy: q.policy, detail: r, steps };
    },

    async persistNetwork(q) {
      const iface = await ifaceOf(q, true);
      await p.settings.loaded;
      const steps: NetProgress[] = [];
      const r = await p.env.network.persist({ ...common(iface, q, { onProgress: (n) => steps.push(n) }), policy: q.policy ?? p.settings.policy, ...(q.metric !== undefined ? { metric: q.metric } : {}) });
      return { ...r, steps };
    },

    async unpersistNetwork(q) {
      const steps: NetProgress[] = [];
      const r = await p.env.network.unpersist(common(await ifaceOf(q, true), q, { onProgress: (n) => steps.push(n) }));
      return { ...r, steps };
    },

    async checkConnectivity(q) {
      const r = await check(q);
      return r.probes.map((x) => ({ id: x.kind === 'ping' ? ('internet' as const) : x.kind, ok: x.ok, target: x.target, detail: x.detail, ...(x.ms !== undefined ? { rttMs: x.ms } : {}) }));
    },

    checkNetwork: check,
  };
}
