// Raw USB facts (sysfs, or a recorded usb-devices dump) + the catalog -> a ModemDescription.
// Pure: the caller supplies what it read. Select ports by VID:PID + interface number, never by tty
// number (sim7600.md §1: other USB-serial adapters shift ttyUSBn).
import { PROBE_FOR_AT, classKey, compositionsFor, familyFromUsbStrings, familyLayout, familySpec, isModemVendor, layoutsFor, type CompositionSpec } from './catalog.js';
import type { InterfaceDescription, ModemDescription, RawUsbDevice } from './types.js';

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * Picks the catalog composition whose signature matches the interfaces read (Quectel modes share a
 * PID; on 9011 a SIM7600 has RNDIS, an A76xx may have ECM). An exact class triple counts most; the
 * class alone with a fitting driver also counts (`lsusb -t` prints no subclass or protocol). The
 * family the USB strings name breaks ties.
 */
export function selectComposition(raw: RawUsbDevice, candidates = layoutsFor(raw.vid, raw.pid)): CompositionSpec | undefined {
  if (candidates.length <= 1) return candidates[0];
  const byNumber = new Map(raw.interfaces.map((i) => [i.number, i]));
  const named = familyFromUsbStrings(raw.manufacturer, raw.product);
  let best: CompositionSpec | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    let score = 0;
    for (const [n, key] of Object.entries(c.signature ?? {})) {
      const i = byNumber.get(Number(n));
      const have = i ? classKey(i.classTriple) : undefined;
      if (i && have === key) score += 2;
      else if (i && have?.slice(0, 2) === key.slice(0, 2) && (i.driver === null || (c.interfaces[Number(n)]?.drivers ?? []).includes(i.driver))) score += 1;
      else {
        score = -1;
        break;
      }
    }
    if (score > 0 && named && c.families.includes(named)) score += 0.5;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best ?? (raw.interfaces.length === 0 ? candidates[0] : undefined);
}

/** Modem description of a device, or undefined when the VID is no modem vendor we know. */
export function describeModem(raw: RawUsbDevice, devRoot = '/dev'): ModemDescription | undefined {
  if (!isModemVendor(raw.vid)) return undefined;
  let spec = selectComposition(raw);
  // An A76xx in RNDIS mode looks like a SIM7600's 9011 but has its own layout: its USB strings say so.
  const named = familyFromUsbStrings(raw.manufacturer, raw.product);
  if (spec && named) spec = familyLayout(spec.vid, spec.pid, spec.mode, named) ?? spec;
  return buildDescription(raw, spec, devRoot);
}

export function buildDescription(raw: RawUsbDevice, spec: CompositionSpec | undefined, devRoot = '/dev'): ModemDescription {
  const vid = hex4(raw.vid);
  const pid = hex4(raw.pid);
  const interfaces: InterfaceDescription[] = [...raw.interfaces]
    .sort((a, b) => a.number - b.number)
    .map((i) => {
      const s = spec?.interfaces[i.number];
      return { ...i, ttys: [...i.ttys].sort(ttyOrder), netdevs: [...i.netdevs].sort(), role: s?.role ?? 'unknown', expectedDrivers: s?.drivers ?? [] };
    });
  const warnings = [...compositionWarnings(raw, spec, vid, pid), ...driverWarnings(interfaces, spec, vid, pid)];

  const atIf = interfaces.find((i) => i.role === 'at');
  const pppIf = interfaces.find((i) => i.role === 'ppp');
  const atTty = atIf?.ttys[0];
  if (atIf && atIf.driver !== null && !atTty) warnings.push(`if${atIf.number} (at): driver ${atIf.driver} bound but no tty appeared`);
  // A layout that maps no AT interface (the A76xx on 9011) finds its AT port by probing instead.
  const mapsAt = spec ? Object.values(spec.interfaces).some((i) => i.role === 'at') : false;
  if (spec && spec.keepsAtPort && !atIf && mapsAt) warnings.push('the AT interface is missing from this device');

  const netIf = interfaces.find((i) => (i.role === 'net-control' || i.role === 'net-data') && i.netdevs.length > 0);
  const families = familiesOf(raw, spec);
  const family = families[0] ?? 'unknown';
  return {
    id: `usb:${raw.portPath}:${vid}:${pid}`,
    portPath: raw.portPath,
    vid,
    pid,
    manufacturer: raw.manufacturer ?? null,
    product: raw.product ?? null,
    mode: spec?.mode ?? 'unknown',
    modeName: spec?.name ?? `unknown (${pid})`,
    familyCandidates: [...families],
    family,
    // A PID is not a model (sim7600.md §1): confirmed only by AT+CGMM (identity.ts), unless the PID is unambiguous.
    familyConfirmed: false,
    model: null,
    imei: null,
    strategy: familySpec(family)?.strategy ?? 'none',
    keepsAtPort: spec?.keepsAtPort ?? false,
    apnContexts: [...(spec?.apnContexts ?? [1])],
    interfaces,
    atPort: atTty ? `${devRoot}/${atTty}` : null,
    atInterface: atIf?.number ?? null,
    pppPort: pppIf?.ttys[0] ? `${devRoot}/${pppIf.ttys[0]}` : null,
    netIface: netIf?.netdevs[0] ?? null,
    busy: null,
    warnings,
  };
}

/** What is wrong with the composition itself: unknown to the catalog, or one without an AT port. */
function compositionWarnings(raw: RawUsbDevice, spec: CompositionSpec | undefined, vid: string, pid: string): string[] {
  if (!spec && compositionsFor(raw.vid, raw.pid).length > 0) {
    // Quectel keeps its PID across usbnet modes: the interfaces decide, and these match none we know.
    return [`${vid}:${pid}: the interfaces match no known layout of this PID; no AT port is chosen`];
  }
  if (!spec) {
    const noDriver = raw.interfaces.length > 0 && raw.interfaces.every((i) => i.driver === null);
    return [
      `${vid}:${pid} is not in the device catalog: its interfaces are unknown` +
        (noDriver ? ' and no AT port is chosen (no kernel driver is bound to any interface)' : '; simhat probes its serial ports for AT'),
    ];
  }
  if (!spec.keepsAtPort) return [`${pid}: this composition has no AT port; switch back with the vendor tool or a UART (never offer it)`];
  return [];
}

/** Interfaces bound to another driver than the catalog expects, and those bound to none. */
function driverWarnings(interfaces: InterfaceDescription[], spec: CompositionSpec | undefined, vid: string, pid: string): string[] {
  const warnings: string[] = [];
  for (const i of interfaces) {
    if (i.expectedDrivers.length === 0) continue;
    if (i.driver === null) continue; // reported together below
    if (!i.expectedDrivers.includes(i.driver)) {
      warnings.push(`if${i.number} (${i.role}): bound to ${i.driver}, expected ${i.expectedDrivers.join(' or ')}`);
    }
  }
  const unbound = interfaces.filter((i) => i.expectedDrivers.length > 0 && i.driver === null);
  if (unbound.length > 0 && spec) {
    const list = unbound.map((i) => `if${i.number}`).join(', ');
    if (spec.quirks?.includes('needs-new-id') && unbound.some((i) => i.expectedDrivers.includes('option'))) {
      // sim7600.md §1: mainline option.c has no 9018 entry, so the ttyUSB ports vanish.
      warnings.push(`${pid}: no serial driver bound (${list}), add new_id: echo ${vid} ${pid} > /sys/bus/usb-serial/drivers/generic/new_id (or a udev rule)`);
    } else {
      warnings.push(`no driver bound to ${list}`);
    }
  }
  return warnings;
}

/** The families this device may be, the one its USB strings name first (SIM82xx "SDX..." on 9001, A76xx on 9011). */
function familiesOf(raw: RawUsbDevice, spec: CompositionSpec | undefined): ModemDescription['familyCandidates'] {
  const known = PROBE_FOR_AT.find((k) => k.vid === raw.vid && k.pid === raw.pid)?.families;
  const named = familyFromUsbStrings(raw.manufacturer, raw.product);
  const listed = spec?.families ?? known ?? ['unknown'];
  return named && listed.includes(named) ? [named, ...listed.filter((f) => f !== named)] : listed;
}

function ttyOrder(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? NaN);
  const nb = Number(/\d+$/.exec(b)?.[0] ?? NaN);
  return a.replace(/\d+$/, '').localeCompare(b.replace(/\d+$/, '')) || na - nb;
}
