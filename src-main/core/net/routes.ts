// Route-table judgement: who wins the default route, the uplink's role, and dhclient's
// metric-0 takeover (sim7600.md §3: plain `dhclient usb0` adds a metric-0 default that beats
// Ethernet and Wi-Fi).
import { defaultRoutes } from './ip-parse.js';
import type { Route, RouteFinding } from './types.js';

export interface RouteView {
  defaults: Route[];
  winning: Route | undefined;
  ifaceDefault: Route | undefined;
  role: 'primary' | 'backup' | 'none';
  findings: RouteFinding[];
}

export function analyseRoutes(routes: Route[], iface: string): RouteView {
  const defaults = defaultRoutes(routes);
  const winning = defaults[0];
  const mine = defaults.filter((r) => r.dev === iface);
  const ifaceDefault = mine[0];
  const role = !ifaceDefault ? 'none' : winning && winning.dev === iface ? 'primary' : 'backup';
  const others = defaults.filter((r) => r.dev !== iface);
  const findings: RouteFinding[] = [];
  for (const r of mine) {
    if (r.metric === 0 && others.length > 0) {
      findings.push({
        code: 'metric0-takeover',
        message: `"default via ${r.gateway ?? '?'} dev ${iface}" has metric 0 and beats ${others.map((o) => `${o.dev} (metric ${o.metric})`).join(', ')}: a plain DHCP client took the default route. Fix: simhat net policy failover --iface ${iface}`,
        route: r,
      });
    }
  }
  if (mine.length > 1) {
    for (const r of mine.slice(1)) {
      findings.push({ code: 'duplicate-default', message: `${iface} has more than one default route (metric ${r.metric} too)`, route: r });
    }
  }
  return { defaults, winning, ifaceDefault, role, findings };
}

/** One-line rendering of a route, like `ip route`. */
export function formatRoute(r: Route): string {
  return [r.dst, r.gateway ? `via ${r.gateway}` : '', `dev ${r.dev}`, r.protocol ? `proto ${r.protocol}` : '', `metric ${r.metric}`, r.prefsrc ? `src ${r.prefsrc}` : '']
    .filter(Boolean)
    .join(' ');
}
