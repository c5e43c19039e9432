// `status` (issue 6): one read-only look at the modem and its link: model, revision, IMEI, IMSI,
// ICCID, SIM state, registration, operator, RAT, signal, mode, contexts, PDP address, interface,
// lease, route. Gathered with the doctor's own queries (one code path for both).
import type { DoctorFacts } from '../core/doctor/facts.js';
import { gatherFacts, type DoctorDeps, type DoctorOptions } from './doctor.js';

export interface ModemStatusView {
  port: string | null;
  answered: boolean;
  /** Why the AT side is missing, when it is. */
  problem: string | null;
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  imsi: string | null;
  iccid: string | null;
  /** ready | pin | puk | ph-pin | not-inserted | busy | failure | other; null unknown. */
  sim: string | null;
  /** home | roaming | searching | denied | not-searching | unknown; null when not reported. */
  registration: string | null;
  operator: string | null;
  rat: string | null;
  signalDbm: number | null;
  csq: number | null;
  /** rndis | ecm | qmi | mbim | other; null unknown. */
  mode: string | null;
  usbId: string | null;
  contexts: { cid: number; type: string; apn: string; active: boolean | null; address: string | null }[];
  /** Address of context 1, null when none. */
  pdpAddress: string | null;
  iface: string | null;
  lease: { address: string; gateway: string | null; dns: string[] } | null;
  route: { metric: number; via: string | null; wins: boolean } | null;
}

const REG: Record<number, string> = { 0: 'not-searching', 1: 'home', 2: 'searching', 3: 'denied', 4: 'unknown', 5: 'roaming' };

export async function getStatus(deps: DoctorDeps, options: DoctorOptions = {}): Promise<ModemStatusView> {
  // Status never probes the internet: it is a look, not a test.
  return statusOf(await gatherFacts(deps, { ...options, pingTargets: [] }));
}

export function statusOf(f: DoctorFacts): ModemStatusView {
  const at = f.at;
  const reg = at?.registrations.find((r) => r.stat === 1 || r.stat === 5) ?? at?.registrations[0];
  const addr = (cid: number) => {
    const a = at?.addresses?.find((x) => x.cid === cid)?.address;
    return a && !/^0(\.0)*$/.test(a) ? a : null;
  };
  const mode = f.usb?.mode ?? (at?.usbPid ? ({ '9011': 'rndis', '9018': 'ecm', '9001': 'qmi', '9003': 'mbim' } as Record<string, string>)[at.usbPid] ?? 'other' : null);
  const h = f.host;
  const mine = h?.defaultRoutes.filter((r) => r.dev === h.iface) ?? [];
  const best = mine.length ? mine.reduce((a, b) => (a.metric <= b.metric ? a : b)) : null;
  const others = h?.defaultRoutes.filter((r) => r.dev !== h.iface) ?? [];
  return {
    port: at?.port ?? null,
    answered: at?.answered ?? false,
    problem: at ? (at.openFailure ? `${at.openFailure.code}: ${at.openFailure.message}` : null) : 'no AT port known (give --port)',
    manufacturer: at?.manufacturer ?? null,
    model: at?.model ?? f.usb?.name ?? null,
    revision: at?.revision ?? null,
    imei: at?.imei ?? null,
    imsi: at?.imsi ?? null,
    iccid: at?.iccid ?? null,
    sim: at?.sim?.state ?? null,
    registration: reg ? (REG[reg.stat] ?? `stat ${reg.stat}`) : null,
    operator: at?.operator ?? null,
    rat: at?.rat ?? null,
    signalDbm: at?.signal?.dbm ?? null,
    csq: at?.signal?.rssi ?? null,
    mode,
    usbId: f.usb?.present && f.usb.vid ? `${f.usb.vid}:${f.usb.pid}` : null,
    contexts: (at?.contexts ?? []).map((c) => ({ cid: c.cid, type: c.type, apn: c.apn, active: at?.active?.find((a) => a.cid === c.cid)?.active ?? null, address: addr(c.cid) })),
    pdpAddress: addr(1),
    iface: h?.iface ?? null,
    lease: h?.address ? { address: h.address, gateway: h.gateway, dns: h.dnsServers } : null,
    route: best ? { metric: best.metric, via: best.via, wins: others.every((o) => o.metric > best.metric) } : null,
  };
}

/** Text for the CLI, one fact per line. */
export function renderStatus(s: ModemStatusView): string {
  const v = (x: unknown) => (x === null || x === undefined || x === '' ? '-' : String(x));
  const lines = [
    `Port:          ${v(s.port)}${s.problem ? `  (${s.problem})` : ''}`,
    `Model:         ${v(s.model)}  ${s.revision ? `(${s.revision})` : ''}`.trimEnd(),
    `IMEI:          ${v(s.imei)}`,
    `IMSI:          ${v(s.imsi)}`,
    `ICCID:         ${v(s.iccid)}`,
    `SIM:           ${v(s.sim)}`,
    `Registration:  ${v(s.registration)}${s.operator ? ` on ${s.operator}` : ''}${s.rat ? ` (${s.rat})` : ''}`,
    `Signal:        ${s.signalDbm !== null ? `${s.signalDbm} dBm (CSQ ${s.csq})` : s.csq !== null ? `unknown (CSQ ${s.csq})` : '-'}`,
    `Mode:          ${v(s.mode)}${s.usbId ? ` (${s.usbId})` : ''}`,
    'Contexts:',
    ...(s.contexts.length ? s.contexts.map((c) => `  ${c.cid}  ${c.type.padEnd(6)} "${c.apn}"${c.active ? ' active' : ''}${c.address ? ` ${c.address}` : ''}`) : ['  -']),
    `PDP address:   ${v(s.pdpAddress)}`,
    `Interface:     ${v(s.iface)}`,
    `Lease:         ${s.lease ? `${s.lease.address}${s.lease.gateway ? ` via ${s.lease.gateway}` : ''}${s.lease.dns.length ? `, DNS ${s.lease.dns.join(' ')}` : ''}` : '-'}`,
    `Route:         ${s.route ? `default metric ${s.route.metric}${s.route.wins ? ' (carries the traffic)' : ' (backup)'}` : '-'}`,
  ];
  return lines.join('\n') + '\n';
}
