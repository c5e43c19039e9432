// Turning the other layers' views into the doctor's facts: detection's ModemDescription (issue 3)
// into UsbFacts, the network layer's status + check (issue 4) into HostFacts. Pure: types only.
import { familySpec } from '../devices/catalog.js';
import type { ModemDescription } from '../devices/types.js';
import { familyKey, profileById, profileOfVid } from '../vendors/index.js';
import type { CheckResult as NetCheck, NetStatus, PolicyName } from '../net/types.js';
import type { Evidence } from './report.js';
import type { HostFacts, UsbFacts, UsbInterfaceFact, UsbMode } from './facts.js';

export function usbFactsFrom(modem: ModemDescription | null, evidence: Evidence[] = []): UsbFacts {
  if (!modem) {
    return { present: false, vid: null, pid: null, family: null, name: null, mode: null, hasAtPort: false, interfaces: [], evidence };
  }
  const mode: UsbMode | null = modem.mode === 'unknown' ? null : modem.mode === 'serial' ? 'other' : modem.mode;
  const interfaces: UsbInterfaceFact[] = modem.interfaces
    .filter((i) => i.expectedDrivers.length > 0)
    .map((i) => ({
      number: i.number,
      driver: i.driver,
      role: i.role === 'at' ? 'at' : i.role === 'net-control' || i.role === 'net-data' ? 'net' : 'other',
      ttys: i.ttys,
      netdevs: i.netdevs,
    }));
  // '<vendor profile>-<family>', e.g. 'simcom-sim7600', 'quectel-ec25', 'telit-le910cx'.
  const spec = modem.family === 'unknown' ? undefined : familySpec(modem.family);
  const vendor = spec ? profileById(spec.vendor) : undefined;
  const family = spec && vendor ? familyKey(vendor, spec.family) : null;
  const describe: Evidence = {
    command: 'simhat devices',
    output: [
      `${modem.vid}:${modem.pid} ${modem.manufacturer ?? ''} ${modem.product ?? ''} at USB port ${modem.portPath}`.replace(/\s+/g, ' '),
      `mode ${modem.modeName}, family ${modem.family}${modem.familyConfirmed ? '' : ' (guess)'}`,
      ...modem.interfaces.map(
        (i) => `if${i.number} ${i.role} driver=${i.driver ?? '(none)'}${[...i.ttys, ...i.netdevs].length ? ' ' + [...i.ttys, ...i.netdevs].join(',') : ''}`,
      ),
      ...modem.warnings.map((w) => `warning: ${w}`),
    ].join('\n'),
  };
  return {
    present: true,
    vid: modem.vid,
    pid: modem.pid,
    family,
    name: modem.model ?? labelOf(modem),
    mode,
    hasAtPort: modem.keepsAtPort,
    interfaces,
    evidence: [describe, ...evidence],
  };
}

function labelOf(m: ModemDescription): string {
  return `${profileOfVid(m.vid)?.label ?? 'Modem'} ${m.family.toUpperCase()}`;
}

export interface HostInputs {
  iface: string;
  status: NetStatus | null;
  check: NetCheck | null;
  policy: PolicyName | null;
  /** The name the DNS probe resolved (the probe's target is the server it asked). */
  dnsName?: string;
  evidence: Evidence[];
}

export function hostFactsFrom(input: HostInputs): HostFacts {
  const { status, check } = input;
  const addr = status?.addresses[0];
  const gatewayProbe = check?.probes.find((p) => p.kind === 'gateway');
  const dnsProbe = check?.probes.find((p) => p.kind === 'dns');
  const evidence = [...input.evidence];
  for (const p of check?.probes ?? []) {
    evidence.push({ command: p.kind === 'dns' ? `dns ${p.target}` : `ping -I ${input.iface} ${p.target}`, output: `${p.ok ? 'ok' : 'failed'}${p.ms !== undefined ? ` ${p.ms} ms` : ''}: ${p.detail}` });
  }
  return {
    iface: input.iface,
    exists: status?.exists ?? false,
    up: !!status?.link?.up && (status.link.carrier ?? true),
    address: addr ? `${addr.address}/${addr.prefixlen}` : (check?.address ?? null),
    gateway: status?.ifaceDefault?.gateway ?? check?.gateway ?? null,
    dnsServers: status?.dns ?? (check?.dnsServer ? [check.dnsServer] : []),
    defaultRoutes: (status?.defaultRoutes ?? []).map((r) => ({ dev: r.dev, via: r.gateway ?? null, metric: r.metric })),
    policy: input.policy,
    gatewayReachable: gatewayProbe ? gatewayProbe.ok : null,
    dns: dnsProbe ? { name: input.dnsName || dnsNameOf(dnsProbe.detail) || dnsProbe.target, ok: dnsProbe.ok, answer: dnsProbe.ok ? dnsProbe.detail : null, server: dnsProbe.target } : null,
    pings: (check?.probes ?? []).filter((p) => p.kind === 'ping').map((p) => ({ target: p.target, ok: p.ok })),
    evidence,
  };
}

/** The name out of a DNS probe's detail `<name> -> <addresses>` (network-ops.ts), when it has one. */
function dnsNameOf(detail: string): string | undefined {
  return /^(\S+) -> /.exec(detail)?.[1];
}
