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

/**
 * A message and its hint as sentences: "…(simhat apn search <text>)." + hint reads
 * "…(simhat apn search <text>). Give it…", never ".).—" (issue 14 text defect).
 */
export function sentences(...parts: (string | undefined | null)[]): string {
  return parts
    .map((p) => (p ?? '').trim().replace(/^[—–-]\s*/, ''))
    .filter(Boolean)
    .map((p) => (/[.!?:…]$/.test(p) || /[.!?]\)$/.test(p) ? p : `${p}.`))
    .join(' ');
}

/** A duration for people: "0.4 ms", "12 ms", "1.5 s" (issue 14: not "0.3809179999952903 ms"). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** "LTE as backup" / "LTE as primary". */
export function policyLabel(policy: 'failover' | 'primary'): string {
  return policy === 'primary' ? 'LTE as primary' : 'LTE as backup';
}

/** A field's message with its subject: "is empty (…)" -> "APN is empty (…)" (issue 14 text defect). */
export function fieldMessage(label: string, message: string): string {
  const m = message.trim();
  if (/^[a-z]/.test(m)) return `${label} ${m}`;
  if (m.startsWith('"')) return `${label}: ${m}`;
  return m;
}
