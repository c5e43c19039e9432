// Windows and macOS have no sysfs: modems are found from serialport's list() (one entry per serial
// port) plus the platform's network adapter listing. Pure mapping; the IO lives in
// platform/usb/serial-list-source.ts.
// - Windows: pnpId is the device instance id, e.g. USB\VID_1E0E&PID_9001&MI_02\6&2F1B3C7&0&0002;
//   MI_nn is the USB interface number, the parent part (6&2F1B3C7&0) is shared by all interfaces
//   of one device and stands in for the port path.
// - macOS: no interface number; ports of one device share locationId. Interface numbers are
//   inferred from the order of the port names, which is a guess and said so in a warning.
import { compositionsFor, isModemVendor, type CompositionSpec } from './catalog.js';
import { buildDescription } from './describe.js';
import type { ModemDescription, RawUsbDevice, RawUsbInterface } from './types.js';

/** The fields of serialport's PortInfo we use (@serialport/bindings-interface). */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** One row of `Get-NetAdapter | Select Name,InterfaceDescription,MacAddress,PnPDeviceID | ConvertTo-Json`. */
export interface WindowsNetAdapter {
  Name: string;
  InterfaceDescription?: string;
  MacAddress?: string;
  PnPDeviceID?: string;
}

const UNKNOWN_CLASS = { class: 0, subclass: 0, protocol: 0 };
// Some vendor drivers enumerate under their own bus name (\"AWUSB\\VID_1E0E&...\", seen with SimTech's driver).
const WIN_PNP = /^[A-Z]*USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})&MI_([0-9A-F]{2})\\(.+)&([0-9A-F]{4})$/i;

/** A composition whose serial interfaces include every interface number we saw (Quectel RNDIS moves AT to if4). */
function compositionByPorts(candidates: CompositionSpec[], numbers: number[]): CompositionSpec | undefined {
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((c) => numbers.every((n) => c.interfaces[n]?.drivers.includes('option')));
}

export function mapWindowsPorts(ports: SerialPortInfo[], adapters: WindowsNetAdapter[] = []): ModemDescription[] {
  const groups = new Map<string, { vid: number; pid: number; ports: { mi: number; path: string }[]; manufacturer?: string }>();
  for (const p of ports) {
    const m = WIN_PNP.exec(p.pnpId ?? '');
    if (!m?.[1] || !m[2] || !m[3] || !m[4]) continue;
    const vid = parseInt(m[1], 16);
    const pid = parseInt(m[2], 16);
    if (!isModemVendor(vid)) continue;
    const key = `${m[1]}:${m[2]}:${m[4]}`.toLowerCase();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { vid, pid, ports: [], ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) }));
    g.ports.push({ mi: parseInt(m[3], 16), path: p.path });
  }
  const out: ModemDescription[] = [];
  for (const [key, g] of groups) {
    const parent = key.split(':')[2] ?? key;
    const spec = compositionByPorts(compositionsFor(g.vid, g.pid), g.ports.map((p) => p.mi));
    const interfaces: RawUsbInterface[] = g.ports.map((p) => ({ number: p.mi, classTriple: UNKNOWN_CLASS, driver: 'usbser', ttys: [p.path], netdevs: [] }));
    // The network adapter carries the same parent instance id on its own MI_nn (RNDIS/ECM control interface).
    const vidpid = `VID_${g.vid.toString(16).padStart(4, '0')}&PID_${g.pid.toString(16).padStart(4, '0')}`.toUpperCase();
    for (const a of adapters) {
      const pm = WIN_PNP.exec(a.PnPDeviceID ?? '');
      if (!pm?.[3] || !pm[4] || !(a.PnPDeviceID ?? '').toUpperCase().includes(`USB\\${vidpid}&`) || pm[4].toLowerCase() !== parent) continue;
      interfaces.push({ number: parseInt(pm[3], 16), classTriple: UNKNOWN_CLASS, driver: 'netadapter', ttys: [], netdevs: [a.Name] });
    }
    const raw: RawUsbDevice = { portPath: `win:${parent}`, vid: g.vid, pid: g.pid, ...(g.manufacturer ? { manufacturer: g.manufacturer } : {}), interfaces };
    const d = buildDescription(raw, spec, '');
    // COM ports are full names on Windows, not /dev children; drivers are not the Linux ones.
    d.atPort = d.atPort?.replace(/^\//, '') ?? null;
    d.pppPort = d.pppPort?.replace(/^\//, '') ?? null;
    d.warnings = d.warnings.filter((w) => !/bound to (usbser|netadapter)/.test(w));
    out.push(d);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** `networksetup -listallhardwareports` blocks -> { port name, device, mac }. */
export function parseMacHardwarePorts(text: string): { port: string; device: string; mac?: string }[] {
  const out: { port: string; device: string; mac?: string }[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const port = /Hardware Port:\s*(.+)/.exec(block)?.[1]?.trim();
    const device = /Device:\s*(\S+)/.exec(block)?.[1];
    const mac = /Ethernet Address:\s*(\S+)/.exec(block)?.[1];
    if (port && device) out.push({ port, device, ...(mac && mac !== 'N/A' ? { mac } : {}) });
  }
  return out;
}

export function mapMacPorts(ports: SerialPortInfo[], hardwarePorts: { port: string; device: string }[] = []): ModemDescription[] {
  const groups = new Map<string, { vid: number; pid: number; paths: string[]; manufacturer?: string }>();
  for (const p of ports) {
    if (!p.vendorId || !p.productId) continue;
    const vid = parseInt(p.vendorId, 16);
    const pid = parseInt(p.productId, 16);
    if (!isModemVendor(vid) || !p.path.startsWith('/dev/cu.')) continue; // cu.* is the dial-out node to open
    const key = `${p.locationId ?? p.serialNumber ?? 'nolocation'}:${vid}:${pid}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { vid, pid, paths: [], ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}) }));
    g.paths.push(p.path);
  }
  const out: ModemDescription[] = [];
  for (const [key, g] of groups) {
    const candidates = compositionsFor(g.vid, g.pid);
    const spec = candidates[0];
    const serialNumbers = spec
      ? Object.entries(spec.interfaces)
          .filter(([, s]) => s.drivers.includes('option'))
          .map(([n]) => Number(n))
          .sort((a, b) => a - b)
      : [];
    const paths = [...g.paths].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const interfaces: RawUsbInterface[] = paths.map((path, i) => ({
      number: serialNumbers[i] ?? 100 + i,
      classTriple: UNKNOWN_CLASS,
      driver: 'macos-serial',
      ttys: [path.replace(/^\/dev\//, '')],
      netdevs: [],
    }));
    const hw = hardwarePorts.find((h) => /simtech|simcom|quectel/i.test(h.port));
    const netSpec = spec ? Object.entries(spec.interfaces).find(([, s]) => s.role === 'net-control' || s.role === 'net-data') : undefined;
    if (hw && netSpec) interfaces.push({ number: Number(netSpec[0]), classTriple: UNKNOWN_CLASS, driver: 'macos-net', ttys: [], netdevs: [hw.device] });
    const raw: RawUsbDevice = { portPath: `mac:${key.split(':')[0]}`, vid: g.vid, pid: g.pid, ...(g.manufacturer ? { manufacturer: g.manufacturer } : {}), interfaces };
    const d = buildDescription(raw, spec, '/dev');
    d.warnings = d.warnings.filter((w) => !/bound to macos-/.test(w));
    if (paths.length > 0) d.warnings.push('macOS does not name USB interface numbers: the AT port is inferred from the order of the ports');
    out.push(d);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Address table in the shape of os.networkInterfaces(). */
export type OsInterfaces = Record<string, readonly { address: string; family: string | number; internal: boolean }[] | undefined>;

/**
 * Checks the mapped network interface against os.networkInterfaces(): an adapter that exists but
 * has no address yet (no DHCP lease from the modem) is worth a warning, not a failure.
 */
export function withAddressCheck(modems: ModemDescription[], osInterfaces: OsInterfaces): ModemDescription[] {
  return modems.map((m) => {
    if (!m.netIface) return m;
    const addrs = (osInterfaces[m.netIface] ?? []).filter((a) => !a.internal && (a.family === 'IPv4' || a.family === 4));
    if (addrs.length > 0) return m;
    return { ...m, warnings: [...m.warnings, `${m.netIface} has no IPv4 address yet (no DHCP lease from the modem?)`] };
  });
}
