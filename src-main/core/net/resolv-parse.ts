// DNS servers in use: resolv.conf (what dhclient-script / dhcpcd write) and the dhclient lease file.
import { isIpv4 } from './validate.js';

/** `nameserver` lines of resolv.conf(5), IPv4 only, in order. */
export function parseResolvConf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const m = /^nameserver\s+(\S+)$/.exec(line);
    if (m?.[1] && isIpv4(m[1])) out.push(m[1]);
  }
  return out;
}

export interface DhclientLease {
  iface: string;
  address: string;
  routers: string[];
  dns: string[];
}

/** dhclient.leases(5): the LAST lease block for the interface is the current one. */
export function parseDhclientLeases(text: string, iface: string): DhclientLease | undefined {
  let found: DhclientLease | undefined;
  for (const block of text.split(/^lease\s*\{/m).slice(1)) {
    const body = block.split(/^\}/m)[0] ?? '';
    const ifm = /interface\s+"([^"]+)";/.exec(body);
    const addr = /fixed-address\s+([0-9.]+);/.exec(body);
    if (!ifm || ifm[1] !== iface || !addr?.[1]) continue;
    const list = (opt: string) => {
      const m = new RegExp(`option\\s+${opt}\\s+([^;]+);`).exec(body);
      return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(isIpv4) : [];
    };
    found = { iface, address: addr[1], routers: list('routers'), dns: list('domain-name-servers') };
  }
  return found;
}
