// Api methods of staying online (issue 11): the link's state (the daemon's watchdog, or one look without
// it) and the history (samples, events, outages, uptime) of a time window.
import type { ConnectionInfo, HistoryWindow } from '../api/contract.js';
import { outages, uptimePercent } from '../core/history/outages.js';
import type { LinkKeeper } from './link-keeper.js';
import type { Impl, Parts } from './parts.js';

type LinkMethods = Pick<Impl, 'getConnection' | 'getHistory'>;

const DAY_MS = 86_400_000;

export function linkMethods(p: Parts, keeper: () => LinkKeeper | undefined): LinkMethods {
  /**
   * Without a daemon keeping the link: one look, no probe (`status` is a look, not a test). Online here
   * means the modem holds a data address and its interface a lease.
   */
  async function look(): Promise<ConnectionInfo> {
    const since = new Date().toISOString();
    const ref = await p.modems.pick().catch(() => undefined);
    if (!ref) return { kept: false, state: 'offline', since, reason: 'no modem found', modemId: null, iface: null };
    const net = ref.iface ? await p.env.network.status(p.net({ iface: ref.iface })).catch(() => null) : null;
    const lease = !!net?.exists && net.addresses.length > 0;
    const state = lease ? 'online' : 'offline';
    const reason = !ref.iface ? (ref.usb ? 'the modem has no network interface in this mode' : 'no network interface is known for this port; give --iface') : !net?.exists ? `${ref.iface} does not exist` : lease ? undefined : `${ref.iface} has no address from the modem`;
    return { kept: false, state, since, ...(reason ? { reason } : {}), modemId: ref.id, iface: ref.iface };
  }

  return {
    async getConnection() {
      return keeper()?.connection() ?? look();
    },

    async getHistory({ sinceMs }): Promise<HistoryWindow> {
      const to = Date.now();
      const from = to - (sinceMs ?? DAY_MS);
      const h = p.env.history;
      if (!h) return { from, to, samples: [], events: [], outages: [], uptimePercent: null, file: null };
      const samples = h.samples(from, to);
      const events = h.events(from, to);
      const window = { from, to };
      const list = outages(events, samples, window);
      return { from, to, samples, events, outages: list, uptimePercent: uptimePercent(list, samples, events, window), file: h.path };
    },
  };
}
