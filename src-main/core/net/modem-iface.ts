// Which interfaces the privileged helper may touch (issue 15 item 2): only a modem's. Before, any name
// passed, so `set-metric iface=eth0 metric=0` re-routed the host, `dhcp-down iface=wlan0` flushed Wi-Fi
// and `networkd-file iface=eth0` wrote persistent config. The helper decides from sysfs itself (the
// facts come from platform/privileged/netdev-facts.ts): the netdev must sit on a USB interface bound to
// a modem's network driver, on a device of a known modem vendor or a catalog VID:PID. Pure.
import { COMPOSITIONS, compositionsFor, isModemVendor } from '../devices/catalog.js';
import { NetError } from './types.js';
import type { VerbRequest } from './verbs.js';

/**
 * The kernel drivers a modem's data interface binds (sim7600.md §1; Quectel EC25/EG25 usbnet modes;
 * cdc_ncm for the 5G SIM8200), plus whatever the device catalog names for a network interface (e.g.
 * SIMCom's own simcom_wwan on 9001, transcripts T-12), so the two never disagree.
 */
export const MODEM_NET_DRIVERS: readonly string[] = [
  ...new Set([
    'rndis_host',
    'cdc_ether',
    'qmi_wwan',
    'cdc_mbim',
    'cdc_ncm',
    ...COMPOSITIONS.flatMap((c) => Object.values(c.interfaces).filter((i) => i.role === 'net-control' || i.role === 'net-data')).flatMap((i) => i.drivers),
  ]),
];

/** What sysfs says about a network interface. */
export interface NetdevFacts {
  exists: boolean;
  /** Driver of the device under the netdev (`device/driver`), null for virtual interfaces (veth, bridge, lo). */
  driver: string | null;
  /** The USB device the netdev's interface belongs to, null when it is not on USB. */
  usb: { vid: number; pid: number } | null;
}

/**
 * How a request uses its interface: 'changes' acts on the live interface or writes config that brings it
 * up (it must be a modem's, present now); 'removes-own' only undoes simhat's own work for that name (a
 * modem that was unplugged must still be cleaned up: an absent name is fine, a present non-modem is not).
 */
export type IfaceUse = 'none' | 'changes' | 'removes-own';

export function ifaceUseOf(req: VerbRequest): IfaceUse {
  if (req.args.iface === undefined) return 'none';
  switch (req.verb) {
    case 'dhcp-down':
      return 'removes-own';
    case 'write-dhcpcd-block':
    case 'networkd-file':
    case 'ifupdown-file':
      return req.args.action === 'remove' ? 'removes-own' : 'changes';
    case 'nm-profile':
      return req.args.action === 'delete' || req.args.action === 'down' ? 'removes-own' : 'changes';
    default:
      return 'changes';
  }
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Why the interface is not a modem's, or null when it is. */
export function notModemReason(facts: NetdevFacts): string | null {
  if (!facts.exists) return 'it does not exist';
  if (!facts.usb) return facts.driver ? `it is not on USB (driver ${facts.driver})` : 'it is a virtual interface (no device under it)';
  const id = `${hex4(facts.usb.vid)}:${hex4(facts.usb.pid)}`;
  if (!facts.driver || !MODEM_NET_DRIVERS.includes(facts.driver)) return `its driver ${facts.driver ?? '(none)'} is not a modem's (${MODEM_NET_DRIVERS.join(', ')})`;
  if (!isModemVendor(facts.usb.vid) && compositionsFor(facts.usb.vid, facts.usb.pid).length === 0) return `its USB device ${id} is not a known modem`;
  return null;
}

/** Throws not-permitted unless the request may use this interface. */
export function assertModemIface(req: VerbRequest, facts: NetdevFacts): void {
  const use = ifaceUseOf(req);
  const iface = req.args.iface;
  if (use === 'none' || iface === undefined) return;
  if (!facts.exists) {
    if (use === 'removes-own') return;
    throw new NetError('interface-missing', `network interface ${iface} does not exist`, 'Is the modem plugged in and in a mode with a network interface (simhat devices)?');
  }
  const why = notModemReason(facts);
  if (why) {
    throw new NetError(
      'not-permitted',
      `${req.verb}: ${iface} is not a modem's network interface: ${why}`,
      'simhat changes only the interface of a SIMCom/Quectel modem (usb0, wwan0, ...); see `simhat devices`.',
    );
  }
}
