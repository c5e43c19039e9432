// A day of history as the daemon records it (issue 11), written with the real store
// (src-main/platform/history/store.ts): a sample every 5 minutes over the last 24 hours (LTE RSRP swinging
// between -100 and -80 dBm), and one outage three hours ago: the network dropped the data session
// (+CGEV: NW PDN DEACT) and a radio cycle brought it back after 8.4 s.
import type { HistoryEvent, Sample } from '../../src-main/core/history/types.js';
import type { RecoveryRecord } from '../../src-main/core/watchdog/types.js';
import { HistoryStore } from '../../src-main/platform/history/store.js';

export const DAY_MS = 86_400_000;
export const SAMPLE_EVERY_MS = 5 * 60_000;
export const OUTAGE_MS = 8400;

export interface DayOfHistory {
  store: HistoryStore;
  /** When the outage began (the data session dropped) and ended (online again). */
  outage: { start: number; end: number };
  samples: number;
}

export function sampleAt(at: number, online: boolean): Sample {
  const rsrp = Math.round(-90 + 10 * Math.sin(at / 3_600_000));
  return { at, rssi: rsrp + 25, rsrp, rsrq: -10, sinr: 12, tech: 'LTE', operator: 'Freedom', cellId: '27447301', tac: '1a2b', online, latencyMs: online ? 42 : null, rxBytes: at % 100_000, txBytes: at % 50_000 };
}

/** Writes the day into a new store at `path` (closed by the caller), `now` being the end of the day. */
export function writeDayOfHistory(path: string, now = Date.now()): DayOfHistory {
  const store = HistoryStore.open({ path, now: () => now });
  const first = now - DAY_MS + 60_000;
  const start = now - 3 * 3_600_000;
  const end = start + OUTAGE_MS;
  let count = 0;
  for (let at = first; at <= now - 60_000; at += SAMPLE_EVERY_MS) {
    store.addSample(sampleAt(at, !(at >= start && at < end)));
    count++;
  }
  // The outage's own sample: the check that found the session down.
  store.addSample(sampleAt(start + 1000, false));
  count++;
  const recovery: RecoveryRecord = {
    trigger: 'pdn-deactivated',
    symptom: 'no-data-session',
    startedAt: start,
    durationMs: OUTAGE_MS,
    stages: [
      { stage: 'modem-data', steps: ['radio-cycle', 'renew-dhcp'], ok: true, durationMs: OUTAGE_MS },
    ],
    outcome: 'recovered',
    fixedBy: 'modem-data',
  };
  const events: HistoryEvent[] = [
    { kind: 'state', at: first - 30_000, from: 'connecting', to: 'online' },
    { kind: 'state', at: start, from: 'online', to: 'recovering', reason: 'recovering from no-data-session' },
    { kind: 'recovery', at: end, recovery },
    { kind: 'state', at: end, from: 'recovering', to: 'online' },
  ];
  for (const e of events) store.addEvent(e);
  return { store, outage: { start, end }, samples: count };
}
