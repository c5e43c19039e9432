// Raw USB facts (sysfs, or a recorded usb-devices dump) + the catalog -> a ModemDescription.
// Pure: the caller supplies what it read. Select ports by VID:PID + interface number, never by tty
// number (sim7600.md §1: other USB-serial adapters shift ttyUSBn).
import { A76XX_9011, classKey, compositionsFor, familySpec, isModemVendor, type CompositionSpec } from './catalog.js';
import type { InterfaceDescription, ModemDescription, RawUsbDevice } from './types.js';

export const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Picks the catalog composition whose signature matches the interfaces read (Quectel modes share a PID). */
export function selectComposition(raw: RawUsbDevice, candidates = compositionsFor(raw.vid, raw.pid)): CompositionSpec | undefined {
  if (candidates.length <= 1) return candidates[0];
  const byNumber = new Map(raw.interfaces.map((i) => [i.number, classKey(i.classTriple)]));
  const matching = candidates.find((c) => Object.entries(c.signature ?? {}).every(([n, key]) => byNumber.get(Number(n)) === key));
  return matching ?? (raw.interfaces.length === 0 ? candidates[0] : undefined);
}

/** Modem description of a device, or undefined when the VID is no modem vendor we know. */
export function describeModem(raw: RawUsbDevice, devRoot = '/dev'): ModemDescription | undefined {
  if (!isModemVendor(raw.vid)) return undefined;
  const spec = selectComposition(raw);
  return buildDescription(raw, spec, devRoot);
}

export function buildDescription(raw: RawUsbDevice, spec: CompositionSpec | undefined, devRoot = '/dev'): ModemDescription {
  const vid = hex4(raw.vid);
  const pid = hex4(raw.pid);
  const warnings: string[] = [];
  const interfaces: InterfaceDescription[] = [...raw.interfaces]
    .sort((a, b) => a.number - b.number)
    .map((i) => {
      const s = spec?.interfaces[i.number];
      return { ...i, ttys: [...i.ttys].sort(ttyOrder), netdevs: [...i.netdevs].sort(), role: s?.role ?? 'unknown', expectedDrivers: s?.drivers ?? [] };
    });

  if (!spec && compositionsFor(raw.vid, raw.pid).length > 0) {
    // Quectel keeps its PID across usbnet modes: the interfaces decide, and these match none we know.
    warnings.push(`${vid}:${pid}: the interfaces match no known layout of this PID; no AT port is chosen`);
  } else if (!spec) {
    warnings.push(
      `${vid}:${pid} is not in the device catalog: its interfaces are unknown and no AT port is chosen` +
        (raw.interfaces.length > 0 && raw.interfaces.every((i) => i.driver === null) ? ' (no kernel driver is bound to any interface)' : ''),
    );
  } else if (!spec.keepsAtPort) {
    warnings.push(`${pid}: this composition has no AT port; switch back with the vendor tool or a UART (never offer it)`);
  }

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

  const atIf = interfaces.find((i) => i.role === 'at');
  const pppIf = interfaces.find((i) => i.role === 'ppp');
  const atTty = atIf?.ttys[0];
  if (atIf && atIf.driver !== null && !atTty) warnings.push(`if${atIf.number} (at): driver ${atIf.driver} bound but no tty appeared`);
  if (spec && spec.keepsAtPort && !atIf && spec !== A76XX_9011) warnings.push('the AT interface is missing from this device');

  const netIf = interfaces.find((i) => (i.role === 'net-control' || i.role === 'net-data') && i.netdevs.length > 0);
  const families = spec?.families ?? ['unknown'];
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

function ttyOrder(a: string, b: string): number {
  const na = Number(/\d+$/.exec(a)?.[0] ?? NaN);
  const nb = Number(/\d+$/.exec(b)?.[0] ?? NaN);
  return a.replace(/\d+$/, '').localeCompare(b.replace(/\d+$/, '')) || na - nb;
}
