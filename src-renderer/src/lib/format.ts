// Small display helpers shared by the screens (pure, unit-tested).
import type { UsbMode } from '../../../src-main/api/contract.js';

export function modeLabel(mode: UsbMode): string {
  switch (mode) {
    case 'rndis':
      return 'RNDIS';
    case 'ecm':
      return 'ECM';
    case 'qmi':
      return 'QMI';
    case 'mbim':
      return 'MBIM';
    case 'ppp-only':
      return 'PPP only';
    default:
      return 'unknown';
  }
}

/** 0..4 bars from dBm (same thresholds phones use for LTE RSSI: -65/-75/-85/-95). */
export function barsFor(dBm: number | null): number {
  if (dBm === null) return 0;
  if (dBm >= -65) return 4;
  if (dBm >= -75) return 3;
  if (dBm >= -85) return 2;
  if (dBm >= -95) return 1;
  return 0;
}

export function timeOf(at: number): string {
  const d = new Date(at);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
