// Reading the kernel's view through iproute2's JSON output (no root needed).
import { existsSync } from 'node:fs';
import { parseIpAddrJson, parseIpLinkJson, parseIpRouteGetJson, parseIpRouteJson } from '../../core/net/ip-parse.js';
import type { Ipv4Address, LinkInfo, Route, RouteLookup } from '../../core/net/types.js';
import { NetError } from '../../core/net/types.js';
import { validateIfaceName, validateIpv4 } from '../../core/net/validate.js';
import { requireProgram, runOk, run } from './run.js';

const ip = () => requireProgram('ip', 'iproute2');

/** Interface existence from sysfs (no process: names are checked before anything runs). */
export function ifaceExists(iface: string): boolean {
  return existsSync(`/sys/class/net/${validateIfaceName(iface)}`);
}

/** Validates the name and that it exists; the first thing every operation does. */
export function requireIface(iface: string): string {
  validateIfaceName(iface);
  if (!ifaceExists(iface)) {
    throw new NetError('interface-missing', `network interface ${iface} does not exist`, 'Is the modem plugged in and in RNDIS/ECM mode? `simhat devices` lists its interface (systemd may rename usb0 to enx<mac>).');
  }
  return iface;
}

export async function readLink(iface: string): Promise<LinkInfo | undefined> {
  const r = await run(ip(), ['-j', 'link', 'show', 'dev', validateIfaceName(iface)], { timeoutMs: 5000 });
  return r.code === 0 ? parseIpLinkJson(r.stdout)[0] : undefined;
}

export async function readAddresses(): Promise<{ links: LinkInfo[]; addresses: Ipv4Address[] }> {
  return parseIpAddrJson((await runOk(ip(), ['-j', '-4', 'addr', 'show'], { timeoutMs: 5000 })).stdout);
}

export async function readRoutes(): Promise<Route[]> {
  return parseIpRouteJson((await runOk(ip(), ['-j', '-4', 'route', 'show', 'table', 'main'], { timeoutMs: 5000 })).stdout);
}

/** Which route the kernel picks for dst (optionally forced out of an interface). */
export async function routeGet(dst: string, oif?: string): Promise<RouteLookup | undefined> {
  const args = ['-j', 'route', 'get', validateIpv4(dst)];
  if (oif) args.push('oif', validateIfaceName(oif));
  const r = await run(ip(), args, { timeoutMs: 5000 });
  return r.code === 0 ? parseIpRouteGetJson(r.stdout) : undefined;
}
