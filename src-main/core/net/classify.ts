// Classifying a connectivity check (issue 4). Order matters: each stage only makes sense when
// the one before passed. A lease alone proves only the USB link: the modem serves DHCP even with
// no SIM or APN (sim7600.md §3), so "gateway answers, nothing beyond" means no data session.
import type { CheckClass, ProbeResult } from './types.js';

export interface CheckFacts {
  iface: string;
  exists: boolean;
  linkUp: boolean;
  carrier: boolean;
  address: string | undefined;
  ifaceDefaultGateway: string | undefined;
  /** The interface's default route is the kernel's winner (it is meant to carry traffic). */
  ifaceIsPrimary: boolean;
  /** Device the kernel picks for the first target without forcing an interface. */
  targetRouteDev: string | undefined;
  gatewayProbe: ProbeResult | undefined;
  pingProbes: ProbeResult[];
  dnsProbe: ProbeResult | undefined;
}

export function classifyCheck(f: CheckFacts): { classification: CheckClass; summary: string } {
  const r = (classification: CheckClass, summary: string) => ({ classification, summary });
  if (!f.exists) return r('interface-missing', `${f.iface} does not exist: is the modem in RNDIS/ECM mode (simhat mode) and plugged in?`);
  if (!f.linkUp || !f.carrier) return r('link-down', `${f.iface} link is down${f.linkUp ? ' (no carrier)' : ''}: run simhat net up --iface ${f.iface}, or re-plug the modem.`);
  if (!f.address) return r('no-lease', `${f.iface} has no IPv4 address: no DHCP lease from the modem. Run simhat net up --iface ${f.iface}.`);
  if (!f.ifaceDefaultGateway) return r('no-default-route', `${f.iface} has ${f.address} but no default route through it: run simhat net policy failover --iface ${f.iface}.`);
  if (f.ifaceIsPrimary && f.targetRouteDev && f.targetRouteDev !== f.iface) {
    return r('route-elsewhere', `${f.iface} is the primary uplink but traffic to the targets goes via ${f.targetRouteDev} (a more specific route or policy rule).`);
  }
  if (f.gatewayProbe && !f.gatewayProbe.ok) return r('gateway-unreachable', `the modem's gateway ${f.ifaceDefaultGateway} does not answer on ${f.iface}: the USB link or the modem is not working.`);
  if (f.pingProbes.length > 0 && !f.pingProbes.some((p) => p.ok)) {
    return r('no-data-session', `the modem (${f.ifaceDefaultGateway}) answers on ${f.iface} but nothing beyond it does: the modem has no data session. Check the APN (simhat apn) and registration (simhat doctor).`);
  }
  if (f.dnsProbe && !f.dnsProbe.ok) return r('dns-broken', `pings through ${f.iface} pass but DNS via ${f.dnsProbe.target} fails: ${f.dnsProbe.detail}.`);
  return r('ok', `${f.iface} works: gateway, ${f.pingProbes.filter((p) => p.ok).length} ping target(s) and DNS answer.`);
}
