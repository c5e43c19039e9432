// `simhat status` as text: one fact per line (the JSON form is the Api's ModemStatus itself).
import type { ConnectionInfo, ModemStatus } from '../api/contract.js';

export function renderStatus(s: ModemStatus, connection?: ConnectionInfo, via?: string): string {
  const v = (x: unknown) => (x === null || x === undefined || x === '' || x === 'unknown' ? '-' : String(x));
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
    `Lease:         ${s.lease ? `${s.lease.address}${s.lease.prefix !== undefined ? `/${s.lease.prefix}` : ''}${s.lease.gateway ? ` via ${s.lease.gateway}` : ''}${s.lease.dns.length ? `, DNS ${s.lease.dns.join(' ')}` : ''}` : '-'}`,
    `Route:         ${s.route ? `default metric ${s.route.metric}${s.route.wins ? ' (carries the traffic)' : ' (backup)'}` : '-'}`,
  ];
  if (connection) {
    const since = connection.kept ? ` since ${connection.since.slice(11, 19)}` : '';
    lines.push(`Connection:    ${connection.state}${since}${connection.reason ? ` (${connection.reason})` : ''}${via ? `  [${connection.kept ? 'kept by the daemon' : via}]` : ''}`);
    const r = connection.lastRecovery;
    if (r) lines.push(`Last recovery: ${r.outcome}${r.fixedBy ? ` by ${r.fixedBy}` : ''} after ${(r.durationMs / 1000).toFixed(1)} s (${r.trigger})`);
  }
  return lines.join('\n') + '\n';
}
