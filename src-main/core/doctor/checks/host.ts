// Doctor checks of the host side: the interface, its lease, the default route, DNS and the internet
// past the modem (issue 4, issue 6, issue 12).
import type { HostFacts } from '../facts.js';
import { check, fail, fix, pass, skip, warn, type JudgeInput, type Judgement } from './entry.js';

function hostIface(host: HostFacts | null): Judgement {
  if (!host || !host.iface) return skip('No network interface known: give it with --iface, or let simhat find it from the USB view.');
  const ev = host.evidence.filter((e) => /\bip\b.*\b(link|addr)\b/.test(e.command));
  if (!host.exists) return fail(`The interface ${host.iface} does not exist. The modem may be in a mode without a network interface, or systemd renamed it (look for enx... in \`ip link\`).`, ev);
  if (!host.up) return fail(`${host.iface} exists but is down.`, ev, fix('dhcp-up', `Bring ${host.iface} up and ask the modem for an address (DHCP)`));
  return pass(`${host.iface} exists and is up.`, ev);
}

function hostLease(host: HostFacts): Judgement {
  const ev = host.evidence.filter((e) => /\baddr\b|dhc|lease/.test(e.command));
  if (!host.address) {
    return fail(`${host.iface} has no IPv4 address: no DHCP client ran on it, or the modem did not answer.`, ev, fix('dhcp-up', `Ask the modem for an address on ${host.iface} (DHCP)`));
  }
  const gw = host.gateway ? `, gateway ${host.gateway}` : '';
  return pass(`${host.iface} has ${host.address}${gw}. (A lease proves the USB link, not the data session: the modem hands one out even with no SIM or APN.)`, ev);
}

function hostRoute(host: HostFacts): Judgement {
  const ev = host.evidence.filter((e) => /\broute\b/.test(e.command));
  const iface = host.iface!;
  const mine = host.defaultRoutes.filter((r) => r.dev === iface);
  const others = host.defaultRoutes.filter((r) => r.dev !== iface);
  const best = mine.length ? Math.min(...mine.map((r) => r.metric)) : null;
  const othersBest = others.length ? Math.min(...others.map((r) => r.metric)) : null;
  const policyFix = (p: string) => fix('route-policy', `Set ${iface}'s default-route metric for the ${p} policy (${p === 'primary' ? 50 : 700})`);
  if (best === null) {
    if (others.length === 0) return fail(`There is no default route at all: nothing tells the computer to send internet traffic through ${iface}.`, ev, policyFix(host.policy ?? 'primary'));
    if (host.policy === 'primary') return fail(`${iface} has no default route, so the LTE link is not primary: traffic goes via ${others[0]!.dev}.`, ev, policyFix('primary'));
    if (host.policy === 'failover') return warn(`${iface} has no default route, so it cannot take over when ${others[0]!.dev} fails.`, ev, policyFix('failover'));
    return pass(`${iface} carries no default route; traffic goes via ${others[0]!.dev} (metric ${othersBest}).`, ev);
  }
  if (othersBest === null) return pass(`The only default route is via ${iface} (metric ${best}).`, ev);
  const takeover = best < othersBest;
  const other = others.find((r) => r.metric === othersBest)!;
  if (takeover) {
    const why = best === 0
      ? 'metric 0 is what a plain `dhclient` installs'
      : best === 100
        ? 'NetworkManager treats RNDIS usb0 as Ethernet, metric 100'
        : `metric ${best}`;
    const msg = `${iface} took the default route from ${other.dev}: ${why}, lower than ${other.dev}'s ${othersBest}. All traffic now goes over LTE.`;
    if (host.policy === 'primary') return pass(`${iface} is the primary default route (metric ${best} < ${other.dev} ${othersBest}), as chosen.`, ev);
    if (host.policy === 'failover') return fail(`${msg} The chosen policy is failover (LTE only as backup).`, ev, policyFix('failover'));
    return warn(`${msg} If LTE should only be a backup, set the failover policy.`, ev, policyFix('failover'));
  }
  if (host.policy === 'primary') return fail(`${other.dev} (metric ${othersBest}) wins over ${iface} (metric ${best}), but the chosen policy is LTE primary.`, ev, policyFix('primary'));
  return pass(`${iface} is the backup default route (metric ${best} > ${other.dev} ${othersBest}).`, ev);
}

function hostDns(host: HostFacts): Judgement {
  const ev = host.evidence.filter((e) => /dns|resolv|getent|nslookup|dig/i.test(e.command));
  if (!host.dns) return skip('No name resolution test was run (give --dns-name).');
  // The name asked for, through the server asked (issue 12: it once printed the server twice).
  const server = host.dns.server ?? (host.dnsServers.length ? host.dnsServers.join(', ') : "the lease's DNS server");
  if (host.dns.ok) return pass(`${host.dns.name} resolves through ${server}${host.dns.answer ? ` (${host.dns.answer})` : ''}.`, ev);
  return fail(`${host.dns.name} does not resolve through ${server}. The modem's DNS forwards to the carrier, which needs a data session.`, ev);
}

function hostInternet(facts: JudgeInput['facts'], host: HostFacts, results: JudgeInput['results']): Judgement {
  const ev = host.evidence.filter((e) => /ping/.test(e.command));
  if (host.pings.length === 0) return skip('No ping target was given (--ping-target).');
  const ok = host.pings.filter((p) => p.ok);
  if (ok.length > 0) return pass(`${ok.map((p) => p.target).join(', ')} answered through ${host.iface}.`, ev);
  const targets = host.pings.map((p) => p.target).join(', ');
  const modemSide = ['apn.set', 'apn.rndis-context', 'data.pdp'].map((id) => [id, results.get(id)] as const).find(([, r]) => r?.status === 'fail');
  const gw = host.gatewayReachable ? `${host.iface} reaches the modem (${host.gateway}) but nothing past it` : `Nothing answered through ${host.iface}`;
  if (modemSide) {
    return fail(`${gw} (${targets}): the modem has no data session (see ${modemSide[0]}).`, ev, modemSide[1]!.fix);
  }
  const pdp = results.get('data.pdp');
  if (facts.at === null || pdp?.status === 'skip') {
    return fail(`${gw} (${targets}). A lease proves only the USB link: the usual cause is that the modem has no data session (empty or wrong APN). Run the doctor with --port to check the modem side.`, ev);
  }
  return fail(`${gw} (${targets}), although the modem reports a data session: the carrier may block these targets, or the session is stale (reset the modem).`, ev);
}

const hostIfaceCheck = check({
  id: 'host.iface',
  title: 'Network interface present and up',
  requires: [],
  gathers: { host: ['link'] },
  fixes: ['dhcp-up'],
  judge: ({ facts }) => hostIface(facts.host),
});

const hostLeaseCheck = check({
  id: 'host.lease',
  title: 'Interface has an address from the modem',
  requires: ['host.iface'],
  gathers: { host: ['address'] },
  fixes: ['dhcp-up'],
  judge: ({ facts }) => hostLease(facts.host!),
});

const hostRouteCheck = check({
  id: 'host.route',
  title: 'Default route follows the chosen policy',
  requires: ['host.lease'],
  gathers: { host: ['routes'] },
  fixes: ['route-policy'],
  judge: ({ facts }) => hostRoute(facts.host!),
});

const hostDnsCheck = check({
  id: 'host.dns',
  title: 'Name resolution through the modem',
  requires: ['host.lease'],
  gathers: { host: ['dns-probe'] },
  fixes: [],
  judge: ({ facts }) => hostDns(facts.host!),
});

const hostInternetCheck = check({
  id: 'host.internet',
  title: 'Internet reachable past the modem',
  requires: ['host.lease'],
  gathers: { host: ['ping-probe'] },
  fixes: ['apply-apn'],
  judge: ({ facts, results }) => hostInternet(facts, facts.host!, results),
});

export const HOST_CHECKS = [hostIfaceCheck, hostLeaseCheck, hostRouteCheck, hostDnsCheck, hostInternetCheck] as const;
