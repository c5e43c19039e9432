// One DNS A query over UDP from the interface's own address to its DNS server. Node has no
// SO_BINDTODEVICE, so the socket is bound to the interface's address instead; the modem's DNS
// (192.168.225.1, sim7600.md §3) is on-link, so the query leaves through that interface.
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { buildDnsQuery, parseDnsResponse, type DnsAnswer } from '../../core/net/dns-packet.js';
import { validateDnsName, validateIpv4 } from '../../core/net/validate.js';

export function dnsQuery(name: string, server: string, fromAddress: string, timeoutMs: number): Promise<DnsAnswer> {
  validateDnsName(name);
  validateIpv4(server, 'DNS server');
  validateIpv4(fromAddress, 'source address');
  const id = randomInt(0, 0x10000);
  const sock = createSocket('udp4');
  return new Promise<DnsAnswer>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no DNS answer from ${server} within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | undefined, ans?: DnsAnswer) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(ans as DnsAnswer);
    };
    sock.on('error', (err) => finish(err));
    sock.on('message', (msg, rinfo) => {
      if (rinfo.address !== server) return;
      try {
        const ans = parseDnsResponse(msg);
        if (ans.id === id) finish(undefined, ans);
      } catch {
        // not a DNS answer for us: keep waiting until the timeout
      }
    });
    sock.bind(0, fromAddress, () => sock.send(buildDnsQuery(id, name), 53, server));
  });
}
