// Mapping between the layers' own types and the Api contract's (issue 10: one mapping, used by every
// method): modem summaries and ids, network status, carrier presets, auth names, signal bars.
import type { ApnSettings, CarrierPreset, ModemSummary, NetworkStatus, RouteEntry, UsbMode } from '../api/contract.js';
import type { Carrier } from '../core/apn/lookup.js';
import type { ApnPreset, AuthChoice } from '../core/apn/preset.js';
import type { ModemDescription } from '../core/devices/types.js';
import type { NetStatus, Route } from '../core/net/types.js';

/** Maps the detection layer's composition to the contract's mode names. */
export function usbModeOf(desc: ModemDescription): UsbMode {
  switch (desc.mode) {
    case 'rndis':
    case 'ecm':
    case 'qmi':
    case 'mbim':
      return desc.mode;
    case 'serial':
      return 'ppp-only';
    default:
      return 'unknown';
  }
}

/**
 * The modem's id in the Api: its USB port path, which survives a mode switch (the detection layer's own
 * id carries the PID, which changes with the composition; sim7600.md §1: serials are all alike).
 */
export function modemIdOf(desc: ModemDescription): string {
  return `usb:${desc.portPath}`;
}

/** Modems given by their AT port (attachPort): `port:<path>` with characters outside the id alphabet %-encoded. */
export function manualIdOf(port: string): string {
  return `port:${port.replace(/[^A-Za-z0-9._:@/-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}`;
}

export function summaryOf(desc: ModemDescription, extra: { revision?: string; simulated?: boolean } = {}): ModemSummary {
  const drivers = [...new Set(desc.interfaces.map((i) => i.driver).filter((d): d is string => !!d))];
  const holder = desc.busy?.holders[0];
  let state: ModemSummary['state'] = 'ready';
  let fix: ModemSummary['fix'] = null;
  if (!desc.keepsAtPort) state = 'no-at-port';
  else if (desc.busy) {
    state = 'port-busy';
    fix = { id: 'free-port', label: 'Free the port' };
  } else if (!desc.atPort) {
    state = 'no-driver';
    fix = { id: 'serial-driver', label: 'Bind the serial driver' };
  }
  const s: ModemSummary = {
    id: modemIdOf(desc),
    vid: desc.vid,
    pid: desc.pid,
    model: desc.model ?? desc.product ?? `${desc.vid}:${desc.pid}`,
    mode: usbModeOf(desc),
    drivers,
    state,
    fix,
  };
  if (desc.manufacturer) s.manufacturer = desc.manufacturer;
  if (desc.imei) s.imei = desc.imei;
  if (desc.atPort) s.atPort = desc.atPort;
  if (desc.netIface) s.iface = desc.netIface;
  if (holder) s.heldBy = holder.command;
  if (extra.revision) s.revision = extra.revision;
  if (extra.simulated) s.simulated = true;
  return s;
}

export function routeEntry(r: Route): RouteEntry {
  const e: RouteEntry = { destination: r.dst, iface: r.dev, metric: r.metric };
  if (r.gateway) e.gateway = r.gateway;
  return e;
}

export function networkStatusOf(s: NetStatus): NetworkStatus {
  const addr = s.addresses[0];
  return {
    iface: s.exists ? s.iface : null,
    up: !!s.link?.up && !!s.link.carrier,
    lease: addr
      ? { address: addr.address, prefix: addr.prefixlen, dns: s.dns, ...(s.ifaceDefault?.gateway ? { gateway: s.ifaceDefault.gateway } : {}) }
      : null,
    policy: s.role === 'primary' ? 'primary' : s.role === 'backup' ? 'failover' : null,
    routes: s.defaultRoutes.map(routeEntry),
    detail: s,
  };
}

export function presetOf(c: Carrier): CarrierPreset {
  return {
    id: c.id,
    country: c.countryCode,
    provider: c.provider,
    name: c.apn.name ?? c.apn.value,
    source: 'db',
    settings: {
      apn: c.apn.value,
      ipType: c.apn.ipType,
      username: c.apn.username ?? '',
      password: c.apn.password ?? '',
      auth: c.apn.auth ?? 'none',
    },
  };
}

/** Contract auth names <-> the APN layer's (SIMCom type 3 "PAP or CHAP" is 'auto' there). */
export const toAuthChoice = (a: ApnSettings['auth']): AuthChoice => (a === 'either' ? 'auto' : a);
export const fromAuthChoice = (a: AuthChoice): ApnSettings['auth'] => (a === 'auto' ? 'either' : a);

/** User presets are named by the user; their Api id is `user:<name, percent-encoded>`. */
export const userPresetId = (name: string): string => `user:${encodeURIComponent(name)}`;

export function userPresetOf(p: ApnPreset): CarrierPreset {
  return {
    id: userPresetId(p.name),
    country: '',
    provider: 'Saved preset',
    name: p.name,
    source: 'user',
    settings: { apn: p.apn, ipType: p.ipType, username: p.username ?? '', password: p.password ?? '', auth: fromAuthChoice(p.auth) },
  };
}

/** 0..4 bars (same thresholds as the renderer's format.ts). */
export function bars(dBm: number | null): number {
  if (dBm === null) return 0;
  return dBm >= -65 ? 4 : dBm >= -75 ? 3 : dBm >= -85 ? 2 : dBm >= -95 ? 1 : 0;
}

