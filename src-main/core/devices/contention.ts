// What to tell the user when another program holds the AT port (sim7600.md §3: ModemManager probes
// and holds the AT ports; a udev rule ENV{ID_MM_DEVICE_IGNORE}="1" for this device, or pausing MM,
// frees them). Pure: the holders come from platform/usb/port-holders.ts.
import type { BusyInfo, PortHolder } from './types.js';

const HEX4 = /^[0-9a-f]{4}$/;

/** The udev rule line that makes ModemManager leave this VID:PID alone. Throws on malformed ids. */
export function mmIgnoreRule(vid: string, pid: string): string {
  if (!HEX4.test(vid) || !HEX4.test(pid)) throw new Error(`not a USB id: ${vid}:${pid}`);
  return `ACTION=="add|change|move|bind", SUBSYSTEM=="usb", ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}", ENV{ID_MM_DEVICE_IGNORE}="1"`;
}

export function isModemManager(holder: PortHolder): boolean {
  return /^modemmanager$/i.test(holder.command);
}

/** Busy info with the fix text, or null when nobody else holds the port. */
export function busyInfo(vid: string, pid: string, holders: PortHolder[]): BusyInfo | null {
  if (holders.length === 0) return null;
  const lines: string[] = [];
  const who = holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ');
  lines.push(`${holders[0]?.port ?? 'the AT port'} is held by ${who}.`);
  if (holders.some(isModemManager)) {
    lines.push(
      `Let ModemManager ignore this modem: put this line in /etc/udev/rules.d/77-simhat-mm-ignore.rules`,
      `  ${mmIgnoreRule(vid, pid)}`,
      'then run `udevadm control --reload` and `udevadm trigger`, and replug the modem;',
      'or pause ModemManager while you work: `systemctl stop ModemManager`.',
    );
  }
  const others = holders.filter((h) => !isModemManager(h));
  if (others.length > 0) lines.push(`Close ${others.map((h) => h.command).join(', ')} (a terminal program such as minicom or screen?) and retry.`);
  return { holders: holders.map((h) => ({ ...h })), fix: lines.join('\n') };
}
