// `simhat devices` as text (issue 3): per modem its USB identity, mode, AT port, network interface and
// the driver on each interface, then who holds the AT port and any warning. Prose wraps at 80 columns;
// a line to paste (a udev rule) is never broken. Colour on a terminal only.
import type { DeviceDescription, DeviceListing } from '../api/contract.js';
import { PLAIN, wrapWithIndent, type Style } from './terminal-style.js';

export function renderDevice(m: DeviceDescription, s: Style = PLAIN): string {
  const model = m.model ?? `${m.family} (guess from PID${m.familyCandidates.length > 1 ? `; could be ${m.familyCandidates.join('/')}` : ''})`;
  const lines = wrapWithIndent(`${m.portPath}  ${m.vid}:${m.pid}  ${s.bold(model)}${m.imei ? `  IMEI ${m.imei}` : ''}`, s.width, '', '  ');
  const fact = (label: string, value: string) => lines.push(...wrapWithIndent(value, s.width, `  ${`${label}:`.padEnd(10)} `));
  fact('mode', m.modeName);
  fact('AT port', m.atPort ? `${m.atPort}${m.atInterface !== null ? ` (if${m.atInterface})` : ''}` : s.red('(none)'));
  fact('network', m.netIface ?? s.yellow('(none)'));
  lines.push(...wrapWithIndent(`APN goes to PDP contexts ${m.apnContexts.join(', ')}; mode switch: ${m.strategy}`, s.width, '  '));
  lines.push('  interfaces:');
  for (const i of m.interfaces) {
    const driver = i.driver ?? s.yellow('(no driver)'.padEnd(12));
    lines.push(`    if${i.number} ${i.role.padEnd(11)} ${i.driver ? driver.padEnd(12) : driver} ${[...i.ttys, ...i.netdevs].join(' ')}`.trimEnd());
  }
  if (m.busy) {
    for (const l of m.busy.fix.split('\n')) {
      const label = `  ${s.red('busy:')} `;
      // A udev rule or other config line is pasted as is: one line, whatever its length.
      if (/=="/.test(l)) lines.push(label + l);
      else lines.push(...wrapWithIndent(l, s.width, label, '        '));
    }
  }
  for (const w of m.warnings) lines.push(...wrapWithIndent(w, s.width, `  ${s.yellow('warning:')} `, '           '));
  return lines.join('\n');
}

/** The whole listing: every modem, or why there is none, and the reason a list is partial. */
export function renderDevices(list: DeviceListing, s: Style = PLAIN): string {
  if (list.modems.length === 0) return wrapWithIndent(`No modem found.${list.reason ? ` ${list.reason}` : ''}`, s.width, '', '  ').join('\n') + '\n';
  const body = list.modems.map((m) => renderDevice(m, s)).join('\n\n') + '\n';
  return list.reason ? body + wrapWithIndent(list.reason, s.width, 'note: ', '      ').join('\n') + '\n' : body;
}
