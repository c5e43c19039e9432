// Text of every file simhat writes for a stack, and the managed-block editing of files it
// shares with the user (dhcpcd.conf). Pure: the platform writes atomically with backups.
import { validateIfaceName, validateMetric } from './validate.js';

const MARK = 'simhat';

export function blockMarkers(id: string): { begin: string; end: string } {
  return {
    begin: `# >>> ${MARK} ${id} >>> (managed by simhat: edit with \`simhat net\`, not by hand)`,
    end: `# <<< ${MARK} ${id} <<<`,
  };
}

function findBlock(lines: string[], id: string): { start: number; end: number } | undefined {
  const { end } = blockMarkers(id);
  const beginPrefix = `# >>> ${MARK} ${id} >>>`;
  const start = lines.findIndex((l) => l.startsWith(beginPrefix));
  if (start < 0) return undefined;
  const stop = lines.indexOf(end, start + 1);
  if (stop < 0) throw new Error(`managed block "${id}" has a begin marker but no end marker: fix the file by hand`);
  return { start, end: stop };
}

/**
 * Insert or replace the block `id`. Applying the same body twice changes nothing; a file that
 * lacked a final newline gets one before the block (removal then leaves that newline).
 */
export function upsertManagedBlock(text: string, id: string, body: string): { text: string; changed: boolean } {
  const { begin, end } = blockMarkers(id);
  const blockLines = [begin, ...body.replace(/\n$/, '').split('\n'), end];
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const found = findBlock(lines, id);
  let next: string[];
  if (found) {
    next = [...lines.slice(0, found.start), ...blockLines, ...lines.slice(found.end + 1)];
  } else {
    next = [...lines, ...blockLines];
  }
  const out = next.join('\n') + '\n';
  return { text: out, changed: out !== text };
}

export function removeManagedBlock(text: string, id: string): { text: string; changed: boolean } {
  const lines = text.replace(/\n$/, '').split('\n');
  const found = findBlock(lines, id);
  if (!found) return { text, changed: false };
  const next = [...lines.slice(0, found.start), ...lines.slice(found.end + 1)];
  const out = next.length === 0 || (next.length === 1 && next[0] === '') ? '' : next.join('\n') + '\n';
  return { text: out, changed: true };
}

/** Whether any simhat block is left in the text (of any interface). */
export function hasAnyManagedBlock(text: string): boolean {
  return text.split('\n').some((l) => l.startsWith(`# >>> ${MARK} `));
}

export function hasManagedBlock(text: string, id: string): boolean {
  return findBlock(text.split('\n'), id) !== undefined;
}

/** dhcpcd.conf(5): per-interface block; `metric` sets the route metric (sim7600.md §3). */
export function renderDhcpcdBlock(iface: string, metric: number): string {
  validateIfaceName(iface);
  validateMetric(metric);
  return `interface ${iface}\nmetric ${metric}\n`;
}

/** systemd.network(5): DHCPv4 on the interface with our route metric. */
export function renderNetworkdFile(iface: string, metric: number): string {
  validateIfaceName(iface);
  validateMetric(metric);
  return [
    `# Managed by simhat for ${iface}: remove with \`simhat net down --iface ${iface} --unpersist\`.`,
    '[Match]',
    `Name=${iface}`,
    '',
    '[Network]',
    'DHCP=ipv4',
    '',
    '[DHCPv4]',
    `RouteMetric=${metric}`,
    'UseDNS=yes',
    '',
  ].join('\n');
}

/** File name under /etc/systemd/network; 10- so it sorts before distro catch-alls. */
export function networkdFileName(iface: string): string {
  return `10-simhat-${validateIfaceName(iface)}.network`;
}

/** interfaces(5) stanza in /etc/network/interfaces.d for ifupdown (boot-time dhclient). */
export function renderIfupdownStanza(iface: string, metric: number): string {
  validateIfaceName(iface);
  validateMetric(metric);
  return [
    `# Managed by simhat for ${iface}: remove with \`simhat net down --iface ${iface} --unpersist\`.`,
    `allow-hotplug ${iface}`,
    `iface ${iface} inet dhcp`,
    `    metric ${metric}`,
    '',
  ].join('\n');
}

/**
 * Our own dhclient.conf (passed with -cf) so a missing DHCP server fails within `timeoutS`
 * instead of dhclient's 60 s default, and so we do not depend on the distro's file.
 */
export function renderDhclientConf(timeoutS: number): string {
  const t = Math.max(1, Math.min(300, Math.round(timeoutS)));
  return [
    '# Written by simhat for its own dhclient runs (-cf); not used by the system dhclient.',
    `timeout ${t};`,
    'retry 30;',
    'request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, interface-mtu;',
    '',
  ].join('\n');
}

/**
 * udev rule: keep ModemManager off SIMCom/Quectel AT ports (sim7600.md §3) and let the generic
 * usb-serial driver take 1e0e:9018 (ECM) whose ports `option` does not know (sim7600.md §1).
 */
export function renderUdevRule(helperPath: string): string {
  if (!/^\/[A-Za-z0-9_.\-/]+$/.test(helperPath)) throw new Error(`invalid helper path ${helperPath}`);
  return [
    '# Installed by simhat (helper verb udev-rule); remove with `simhat-net-helper udev-rule action=remove` or delete this file.',
    'ACTION!="add|change", GOTO="simhat_end"',
    'SUBSYSTEM=="usb", ATTRS{idVendor}=="1e0e", ENV{ID_MM_DEVICE_IGNORE}="1"',
    'SUBSYSTEM=="tty", ATTRS{idVendor}=="1e0e", ENV{ID_MM_DEVICE_IGNORE}="1"',
    'SUBSYSTEM=="usb", ATTRS{idVendor}=="2c7c", ENV{ID_MM_DEVICE_IGNORE}="1"',
    'SUBSYSTEM=="tty", ATTRS{idVendor}=="2c7c", ENV{ID_MM_DEVICE_IGNORE}="1"',
    `ACTION=="add", SUBSYSTEM=="usb", ATTR{idVendor}=="1e0e", ATTR{idProduct}=="9018", RUN+="${helperPath} usb-serial-new-id vid=1e0e pid=9018"`,
    'LABEL="simhat_end"',
    '',
  ].join('\n');
}

export const UDEV_RULE_NAME = '77-simhat-modem.rules';

/** NetworkManager profile name for an interface (issue 4). */
export function nmProfileName(iface: string): string {
  return `simhat-${validateIfaceName(iface)}`;
}

/** `nmcli connection add` argv: ethernet bound to the interface, DHCPv4, our metric, no IPv6. */
export function nmcliAddArgs(iface: string, metric: number, autoconnect: boolean): string[] {
  validateMetric(metric);
  return [
    'connection', 'add', 'type', 'ethernet', 'ifname', iface, 'con-name', nmProfileName(iface),
    'connection.autoconnect', autoconnect ? 'yes' : 'no',
    // Outranks NM's auto "Wired connection N" for the same device (sim7600.md §3).
    'connection.autoconnect-priority', '50',
    'ipv4.method', 'auto', 'ipv4.route-metric', String(metric),
    'ipv6.method', 'ignore',
  ];
}

export function nmcliModifyArgs(iface: string, settings: Record<string, string>): string[] {
  const pairs = Object.entries(settings).flatMap(([k, v]) => {
    if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(k) || !/^[A-Za-z0-9_.-]*$/.test(v)) throw new Error(`invalid nmcli setting ${k}=${v}`);
    return [k, v];
  });
  return ['connection', 'modify', nmProfileName(iface), ...pairs];
}
