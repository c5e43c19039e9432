// What a user can do when another program holds the AT port (issue 6: port.at / port.conflict and the
// free-port / udev-rule fixes). simhat never kills or stops other programs: it names them, and for
// ModemManager (sim7600.md §3: it probes and holds the AT ports) it offers the two real ways out:
//  - the udev rule (ENV{ID_MM_DEVICE_IGNORE}="1"), installed by the privileged helper's `udev-rule`
//    verb. ModemManager reads that property only when a device is added: a modem it already grabbed
//    stays grabbed (its uevent handler returns early for a known port) until the modem is re-plugged
//    or ModemManager restarts and re-probes;
//  - stopping ModemManager for this session (`systemctl stop ModemManager`). The privileged helper has
//    no verb for that (its allow-list only writes simhat's own files and runs its DHCP/udev steps), so
//    the user runs it; simhat never builds a shell string for it.
// Pure: the holders come from the platform's /proc scan.

export interface Holder {
  pid: number;
  command: string;
}

/** The holder is ModemManager ('/usr/sbin/ModemManager' or the comm name 'ModemManager'). */
export function isModemManager(h: Holder): boolean {
  return /ModemManager/i.test(h.command);
}

export function describeHolders(holders: readonly Holder[]): string {
  return holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ');
}

/** The commands the user may run for ModemManager, exactly as shown in the advice. */
export const MM_COMMANDS = {
  restart: 'sudo systemctl restart ModemManager',
  stop: 'sudo systemctl stop ModemManager',
  start: 'sudo systemctl start ModemManager',
} as const;

/** After the udev rule is in place: how ModemManager lets go of a modem it already holds. */
export const MM_REPROBE =
  `ModemManager applies the rule only when it next sees the modem: re-plug the modem, or run \`${MM_COMMANDS.restart}\` so it re-probes and leaves this modem alone.`;

/** Stopping ModemManager for this session, which the user does (simhat has no privileged verb for it). */
export const MM_STOP_FOR_SESSION =
  `To free the port for this session only, stop ModemManager yourself: \`${MM_COMMANDS.stop}\` (\`${MM_COMMANDS.start}\` brings it back); simhat does not stop it, its privileged helper has no verb for that.`;

/** The options, in order, for `port` held by `holders` (empty: the holder is unknown). */
export function portHolderAdvice(port: string, holders: readonly Holder[]): string {
  const mm = holders.filter(isModemManager);
  const others = holders.filter((h) => !isModemManager(h));
  const parts: string[] = [];
  if (mm.length > 0) {
    parts.push(
      'ModemManager probes and holds the AT ports of every modem it sees; its commands interleave with simhat\'s.',
      'What you can do: (1) apply the udev-rule fix: simhat installs a udev rule (ENV{ID_MM_DEVICE_IGNORE}="1") for SIMCom/Quectel modems through its privileged helper;',
      MM_REPROBE,
      `(2) ${MM_STOP_FOR_SESSION}`,
    );
  }
  if (others.length > 0) {
    parts.push(`Close ${describeHolders(others)} yourself (a terminal program such as minicom or screen?) and retry: simhat never stops other programs.`);
  }
  if (holders.length === 0) {
    parts.push(
      `simhat could not tell which program it is (run as root, or \`sudo fuser -v ${port}\`); if it is ModemManager, apply the udev-rule fix or stop it for this session (\`${MM_COMMANDS.stop}\`); otherwise close that program: simhat never stops other programs.`,
    );
  }
  return parts.join(' ');
}
