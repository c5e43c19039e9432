// Outages and uptime from the history (issue 11), pure. An outage runs from the link leaving
// `online` to its return, read from the watchdog's state events; the recoveries inside it give
// the cause and the stage that fixed it. A window without state events (history written without
// a watchdog) falls back to runs of offline samples.
import { stageLabel } from '../watchdog/policy.js';
import type { RecoveryRecord } from '../watchdog/types.js';
import type { HistoryEvent, Outage, Sample } from './types.js';

export interface Window {
  from: number;
  to: number;
}

const TRIGGER_CAUSE: Record<string, string> = {
  'pdn-deactivated': 'data session dropped',
  'registration-changed': 'registration lost',
  'sim-not-ready': 'SIM not ready',
  'port-vanished': 'modem port vanished',
  'interface-gone': 'interface gone',
};

const SYMPTOM_CAUSE: Record<string, string> = {
  'no-data-session': 'data session dropped',
  'no-lease': 'DHCP lease lost',
  'link-down': 'interface down',
  'interface-missing': 'interface missing',
  'no-default-route': 'default route gone',
  'route-elsewhere': 'route off policy',
  'gateway-unreachable': 'modem gateway unreachable',
  'dns-broken': 'DNS failing',
  'modem-unresponsive': 'modem stopped answering',
  'port-missing': 'modem port vanished',
};

/** Words for what started a recovery: the fast-path trigger when there was one, else the symptom. */
export function causeOf(r: Pick<RecoveryRecord, 'trigger' | 'symptom'>): string {
  return TRIGGER_CAUSE[r.trigger] ?? SYMPTOM_CAUSE[r.symptom] ?? r.symptom;
}

/** Words for the stage that brought the link back ("radio cycle"), from the steps it ran. */
export function fixedByOf(r: Pick<RecoveryRecord, 'fixedBy' | 'stages'>): string | undefined {
  const stage = r.fixedBy;
  return stage ? stageLabel(stage, r.stages.find((s) => s.stage === stage)?.steps ?? []) : undefined;
}

/** A recovery in the words outage lines use, for faces that show it (the Home screen's last outage). */
export function recoveryWords(r: Pick<RecoveryRecord, 'trigger' | 'symptom' | 'fixedBy' | 'stages'>): { cause: string; fixedBy?: string } {
  const fixedBy = fixedByOf(r);
  return { cause: causeOf(r), ...(fixedBy ? { fixedBy } : {}) };
}

export function outages(events: readonly HistoryEvent[], samples: readonly Sample[], window: Window): Outage[] {
  const states = events.filter((e): e is Extract<HistoryEvent, { kind: 'state' }> => e.kind === 'state').sort((a, b) => a.at - b.at);
  if (states.length === 0) return outagesFromSamples(samples, window);
  const recoveries = events.filter((e): e is Extract<HistoryEvent, { kind: 'recovery' }> => e.kind === 'recovery');
  const spans: { start: number; end?: number; reason?: string | undefined }[] = [];
  let open: { start: number; reason?: string | undefined } | undefined;
  // The link was already down when the window opened: the first state event leaves a non-online state.
  const first = states[0]!;
  if (first.from !== 'online' && first.from !== 'connecting' && first.to === 'online') open = { start: window.from };
  for (const e of states) {
    if (e.to !== 'online' && e.from === 'online' && !open) open = { start: e.at, reason: e.reason };
    else if (e.to === 'online' && open) {
      spans.push({ ...open, end: e.at });
      open = undefined;
    } else if (open && e.to === 'degraded') open.reason = e.reason;
  }
  if (open) spans.push(open);
  return spans.map((span) => describe(span, recoveries.map((r) => r.recovery), window));
}

function describe(span: { start: number; end?: number; reason?: string | undefined }, recoveries: RecoveryRecord[], window: Window): Outage {
  const inside = recoveries.filter((r) => r.startedAt >= span.start && (span.end === undefined || r.startedAt <= span.end));
  const fixed = inside.find((r) => r.outcome === 'recovered');
  const firstRecovery = inside[0];
  const lastFailed = [...inside].reverse().find((r) => r.outcome === 'failed');
  const end = span.end;
  const out: Outage = {
    start: span.start,
    durationMs: (end ?? window.to) - span.start,
    cause: firstRecovery ? causeOf(firstRecovery) : 'link down',
  };
  if (end !== undefined) out.end = end;
  const fixedBy = fixed ? fixedByOf(fixed) : undefined;
  if (fixedBy) out.fixedBy = fixedBy;
  if (end === undefined) {
    const verdict = lastFailed?.verdict?.summary ?? span.reason;
    if (verdict) out.verdict = verdict;
  }
  return out;
}

function outagesFromSamples(samples: readonly Sample[], window: Window): Outage[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const out: Outage[] = [];
  let start: number | undefined;
  for (const s of sorted) {
    if (!s.online && start === undefined) start = s.at;
    else if (s.online && start !== undefined) {
      out.push({ start, end: s.at, durationMs: s.at - start, cause: 'link down' });
      start = undefined;
    }
  }
  if (start !== undefined) out.push({ start, durationMs: window.to - start, cause: 'link down' });
  return out;
}

/**
 * Share of the observed part of the window the link was online, in percent with one decimal;
 * null when nothing was observed. The observed part starts at the first sample or event.
 */
export function uptimePercent(list: readonly Outage[], samples: readonly Sample[], events: readonly HistoryEvent[], window: Window): number | null {
  const firstSeen = Math.min(...samples.map((s) => s.at), ...events.map((e) => e.at));
  if (!Number.isFinite(firstSeen)) return null;
  const from = Math.max(window.from, firstSeen);
  const span = window.to - from;
  if (span <= 0) return null;
  const down = list.reduce((sum, o) => sum + Math.max(0, Math.min(o.end ?? window.to, window.to) - Math.max(o.start, from)), 0);
  return Math.round(((span - down) / span) * 1000) / 10;
}
