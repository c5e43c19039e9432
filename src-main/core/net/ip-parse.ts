// Parsers for iproute2 output. We ask for JSON (`ip -j`) wherever iproute2 offers it, and parse
// the one-line text of `ip route get` too (older iproute2 and the transcripts print text).
import type { Ipv4Address, LinkInfo, Route, RouteLookup } from './types.js';

type Json = Record<string, unknown>;

function parseArray(text: string, what: string): Json[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(trimmed);
  } catch {
    throw new Error(`${what}: output is not JSON`);
  }
  if (!Array.isArray(v)) throw new Error(`${what}: expected a JSON array`);
  return v.filter((x): x is Json => typeof x === 'object' && x !== null);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const flagsOf = (o: Json): string[] => (Array.isArray(o.flags) ? o.flags.filter((f): f is string => typeof f === 'string') : []);

function linkFrom(o: Json): LinkInfo | undefined {
  const ifname = str(o.ifname);
  if (!ifname || typeof o.ifindex !== 'number') return undefined;
  const flags = flagsOf(o);
  return {
    ifname,
    ifindex: o.ifindex,
    up: flags.includes('UP'),
    carrier: flags.includes('LOWER_UP') && !flags.includes('NO-CARRIER'),
    operstate: str(o.operstate) ?? 'UNKNOWN',
    mac: str(o.address),
  };
}

/** `ip -j link [show dev X]`. */
export function parseIpLinkJson(text: string): LinkInfo[] {
  return parseArray(text, 'ip -j link').flatMap((o) => {
    const l = linkFrom(o);
    return l ? [l] : [];
  });
}

/** `ip -j addr`: IPv4 addresses per interface (IPv6 is not used by the modem's NAT, sim7600.md §3). */
export function parseIpAddrJson(text: string): { links: LinkInfo[]; addresses: Ipv4Address[] } {
  const links: LinkInfo[] = [];
  const addresses: Ipv4Address[] = [];
  for (const o of parseArray(text, 'ip -j addr')) {
    const l = linkFrom(o);
    if (!l) continue;
    links.push(l);
    const infos = Array.isArray(o.addr_info) ? (o.addr_info as unknown[]) : [];
    for (const a of infos) {
      if (typeof a !== 'object' || a === null) continue;
      const ai = a as Json;
      const local = str(ai.local);
      if (ai.family !== 'inet' || !local || typeof ai.prefixlen !== 'number') continue;
      addresses.push({ ifname: l.ifname, address: local, prefixlen: ai.prefixlen, dynamic: ai.dynamic === true });
    }
  }
  return { links, addresses };
}

/** `ip -j route [show ...]` (IPv4 main table). A missing "metric" means 0 (the kernel's default). */
export function parseIpRouteJson(text: string): Route[] {
  return parseArray(text, 'ip -j route').flatMap((o) => {
    const dst = str(o.dst);
    const dev = str(o.dev);
    if (!dst || !dev) return [];
    return [
      {
        dst,
        gateway: str(o.gateway),
        dev,
        metric: typeof o.metric === 'number' ? o.metric : 0,
        protocol: str(o.protocol),
        prefsrc: str(o.prefsrc),
      },
    ];
  });
}

/** `ip -j route get <dst>`. */
export function parseIpRouteGetJson(text: string): RouteLookup | undefined {
  const o = parseArray(text, 'ip -j route get')[0];
  const dst = o && str(o.dst);
  const dev = o && str(o.dev);
  if (!o || !dst || !dev) return undefined;
  return { dst, gateway: str(o.gateway), dev, src: str(o.prefsrc) };
}

/** Text form: "10.254.0.1 via 192.168.225.1 dev usb0 src 192.168.225.28 uid 0 \n    cache". */
export function parseIpRouteGetText(text: string): RouteLookup | undefined {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (!line) return undefined;
  const words = line.trim().split(/\s+/);
  const dst = words[0];
  const after = (key: string): string | undefined => {
    const i = words.indexOf(key);
    return i >= 0 ? words[i + 1] : undefined;
  };
  const dev = after('dev');
  if (!dst || !dev) return undefined;
  return { dst, gateway: after('via'), dev, src: after('src') };
}

/** Default routes, lowest metric first (the kernel's choice is the first; ties keep table order). */
export function defaultRoutes(routes: Route[]): Route[] {
  return routes.filter((r) => r.dst === 'default' || r.dst === '0.0.0.0/0').sort((a, b) => a.metric - b.metric);
}

/** `ip route` text lines (iproute2 without -j, and the transcripts), e.g. T-29. */
export function parseIpRouteText(text: string): Route[] {
  return text.split('\n').flatMap((line) => {
    const w = line.trim().split(/\s+/);
    const dst = w[0];
    const after = (k: string) => {
      const i = w.indexOf(k);
      return i >= 0 ? w[i + 1] : undefined;
    };
    const dev = after('dev');
    if (!dst || !dev) return [];
    const metric = after('metric');
    return [{ dst, gateway: after('via'), dev, metric: metric && /^[0-9]+$/.test(metric) ? Number(metric) : 0, protocol: after('proto'), prefsrc: after('src') }];
  });
}
