// `simhat status` as text: one fact per line, long values wrapped under their column (80 columns), the
// states that decide "online or not" in colour on a terminal (the JSON form is the Api's ModemStatus).
import type { ConnectionInfo, ModemStatus } from '../api/contract.js';
import { asStyle, wrapWithIndent, type Paint, type Style, type StyleSource } from './terminal-style.js';

const LABEL_WIDTH = 15;

/** The Api's state words as a person says them ("not-inserted" -> "not inserted"). */
const SIM_WORDS: Record<string, string> = { pin: 'locked (PIN needed)', puk: 'blocked (PUK needed)', 'ph-pin': 'locked to a device (PH-SIM PIN)', busy: 'starting up' };

const spoken = (word: string) => word.replace(/-/g, ' ');

/** `out`: the style, or the command's io (its terminal decides colour and width). */
export function renderStatus(s: ModemStatus, out?: StyleSource, connection?: ConnectionInfo, via?: string): string {
  const style = asStyle(out);
  const v = (x: unknown) => (x === null || x === undefined || x === '' || x === 'unknown' ? '-' : String(x));
  const lines: string[] = [];
  const fact = (label: string, value: string) => lines.push(...wrapWithIndent(value, style.width, `${label}:`.padEnd(LABEL_WIDTH), ' '.repeat(LABEL_WIDTH)));
  fact('Port', v(s.port));
  // On a line of its own: a problem is a sentence of its own ("….)" in parentheses read badly, issue 14 item 8).
  if (s.problem) fact('Problem', style.red(s.problem));
  fact('Model', `${v(s.model)}  ${s.revision ? `(${s.revision})` : ''}`.trimEnd());
  fact('IMEI', v(s.imei));
  fact('IMSI', v(s.imsi));
  fact('ICCID', v(s.iccid));
  fact('SIM', simPaint(s.sim, style)(s.sim === 'unknown' ? '-' : (SIM_WORDS[s.sim] ?? spoken(s.sim))));
  fact('Registration', `${registrationPaint(s.registration, style)(s.registration === 'unknown' ? '-' : spoken(s.registration))}${s.operator ? ` on ${s.operator}` : ''}${s.rat ? ` (${s.rat})` : ''}`);
  fact('Signal', signalText(s, style));
  fact('Mode', `${v(s.mode)}${s.usbId ? ` (${s.usbId})` : ''}`);
  lines.push('Contexts:');
  if (s.contexts.length === 0) lines.push('  -');
  for (const c of s.contexts) {
    const apn = c.apn === '' ? `"" ${style.yellow('(empty)')}` : `"${c.apn}"`;
    lines.push(...wrapWithIndent(`${apn}${c.active ? ` ${style.green('active')}` : ''}${c.address ? ` ${c.address}` : ''}`, style.width, `  ${String(c.cid).padEnd(2)} ${c.type.padEnd(6)} `));
  }
  fact('PDP address', v(s.pdpAddress));
  fact('Interface', v(s.iface));
  fact('Lease', s.lease ? `${s.lease.address}${s.lease.prefix !== undefined ? `/${s.lease.prefix}` : ''}${s.lease.gateway ? ` via ${s.lease.gateway}` : ''}${s.lease.dns.length ? `, DNS ${s.lease.dns.join(' ')}` : ''}` : '-');
  fact('Route', s.route ? `default metric ${s.route.metric}${s.route.wins ? ' (carries the traffic)' : ' (backup)'}` : '-');
  if (connection) {
    // The link as the daemon keeps it (issue 11), or one look without it.
    const paint = connection.state === 'online' ? style.green : connection.state === 'degraded' || connection.state === 'offline' ? style.red : style.yellow;
    const since = connection.kept ? ` since ${connection.since.slice(11, 19)}` : '';
    fact('Connection', `${paint(connection.state)}${since}${connection.reason ? ` (${connection.reason})` : ''}${connection.kept || via === 'daemon' ? ' [kept by simhat daemon]' : ''}`);
    const r = connection.lastRecovery;
    if (r) fact('Last recovery', `${r.outcome}${r.fixedBy ? ` by ${r.fixedBy}` : ''} after ${(r.durationMs / 1000).toFixed(1)} s (${r.trigger})`);
  }
  return lines.join('\n') + '\n';
}

function simPaint(sim: string, s: Style): Paint {
  if (sim === 'ready') return s.green;
  if (sim === 'busy' || sim === 'unknown') return s.yellow;
  return s.red;
}

function registrationPaint(reg: string, s: Style): Paint {
  if (reg === 'home' || reg === 'roaming') return s.green;
  if (reg === 'searching' || reg === 'unknown') return s.yellow;
  return s.red;
}

function signalText(st: ModemStatus, s: Style): string {
  if (st.signalDbm === null) return st.csq !== null ? `${s.red('unknown')} (CSQ ${st.csq})` : '-';
  // Bars as the status reader counts them (0-4): 3 and up is good, 2 usable, less is poor.
  const paint = st.signalBars >= 3 ? s.green : st.signalBars === 2 ? s.yellow : s.red;
  return `${paint(`${st.signalDbm} dBm`)} (CSQ ${st.csq})`;
}
