// The Connection screen's history (issue 11), pure: outage lines (their cause and fixing stage come in
// words from the service), and the signal chart's geometry and its table alternative. The renderer may
// import only types from the main process, so the outage line and durations re-state, small, what
// src-main/core/history/render.ts says for the CLI (test/unit/renderer/history-lib.test.ts keeps them in step).
import type { Outage, Sample } from '../../../src-main/api/contract.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** "14:02" (24 h clock) in the browser's time zone, or the one given (tests). */
export function clock(ms: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}`;
}

/** "14:02–14:03 data session dropped; back after radio cycle in 8.4 s" (as `simhat history` prints it). */
export function outageLine(o: Outage, timeZone?: string): string {
  const from = clock(o.start, timeZone);
  if (o.end === undefined) return `${from}– ${o.cause}; still down after ${formatDuration(o.durationMs)}${o.verdict ? ` (${o.verdict})` : ''}`;
  const back = o.fixedBy ? `back after ${o.fixedBy}` : 'back by itself';
  return `${from}–${clock(o.end, timeZone)} ${o.cause}; ${back} in ${formatDuration(o.durationMs)}`;
}

// ---- the signal chart ----------------------------------------------------------------------

export interface SignalSeries {
  /** RSRP when the modem reported it (LTE), else the CSQ RSSI. */
  metric: 'RSRP' | 'RSSI';
  points: { at: number; dBm: number }[];
}

export function signalSeries(samples: readonly Sample[]): SignalSeries {
  const rsrp = samples.some((s) => s.rsrp !== null);
  const points = samples
    .map((s) => ({ at: s.at, dBm: rsrp ? s.rsrp : s.rssi }))
    .filter((p): p is { at: number; dBm: number } => p.dBm !== null)
    .sort((a, b) => a.at - b.at);
  return { metric: rsrp ? 'RSRP' : 'RSSI', points };
}

/** Plot area inside the SVG's viewBox: room on the left for the dBm labels, below for the times. */
export const CHART = { width: 640, height: 220, left: 52, right: 12, top: 12, bottom: 34 } as const;

/** The y range per metric (3GPP TS 36.133 RSRP -140..-44 dBm; CSQ RSSI -113..-51 dBm), in steps of 20. */
const Y_RANGE: Record<SignalSeries['metric'], [number, number]> = { RSRP: [-140, -40], RSSI: [-120, -40] };

export interface ChartModel {
  metric: SignalSeries['metric'];
  /** One polyline per run of samples without a gap. */
  lines: string[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** Shaded spans where the link was down. */
  outages: { x: number; width: number }[];
  plot: { x: number; y: number; width: number; height: number };
}

/**
 * The chart of `samples` over `window`: x is time, y dBm. A run of samples is broken where they are more
 * than `gapMs` apart (the daemon was not running, or the modem was gone): no line is drawn across it.
 */
export function chartModel(window: { from: number; to: number }, samples: readonly Sample[], outages: readonly Outage[], timeZone?: string, gapMs = 15 * 60_000): ChartModel {
  const series = signalSeries(samples);
  const [yMin, yMax] = Y_RANGE[series.metric];
  const plot = { x: CHART.left, y: CHART.top, width: CHART.width - CHART.left - CHART.right, height: CHART.height - CHART.top - CHART.bottom };
  const span = Math.max(1, window.to - window.from);
  const xOf = (t: number) => plot.x + ((Math.min(window.to, Math.max(window.from, t)) - window.from) / span) * plot.width;
  const yOf = (v: number) => plot.y + plot.height - ((Math.min(yMax, Math.max(yMin, v)) - yMin) / (yMax - yMin)) * plot.height;
  const lines: string[] = [];
  let run: string[] = [];
  let last: number | undefined;
  for (const p of series.points) {
    if (p.at < window.from || p.at > window.to) continue;
    if (last !== undefined && p.at - last > gapMs) {
      lines.push(run.join(' '));
      run = [];
    }
    run.push(`${xOf(p.at).toFixed(1)},${yOf(p.dBm).toFixed(1)}`);
    last = p.at;
  }
  lines.push(run.join(' '));
  const xTicks = [0, 1, 2, 3, 4].map((i) => {
    const t = window.from + (span * i) / 4;
    return { x: xOf(t), label: clock(t, timeZone) };
  });
  const yTicks: { y: number; label: string }[] = [];
  for (let v = yMin; v <= yMax; v += 20) yTicks.push({ y: yOf(v), label: String(v) });
  return {
    metric: series.metric,
    // A single point draws nothing as a polyline: kept out, the table still lists it.
    lines: lines.filter((l) => l.includes(' ')),
    xTicks,
    yTicks,
    // At least 3 units wide: an outage of seconds in a day must still show.
    outages: outages.map((o) => ({ x: xOf(o.start), width: Math.max(3, xOf(o.end ?? window.to) - xOf(o.start)) })),
    plot,
  };
}

export interface HourRow {
  /** "13:00–14:00". */
  hour: string;
  samples: number;
  /** Mean signal of the hour, dBm (null when none was known). */
  signal: number | null;
  /** Share of the hour's samples that were online, percent. */
  online: number;
}

/** The table alternative of the chart: one row per clock hour of the window that has samples, oldest first. */
export function hourlyRows(window: { from: number; to: number }, samples: readonly Sample[], timeZone?: string): HourRow[] {
  const series = signalSeries(samples);
  const rows: HourRow[] = [];
  const inside = (at: number, from: number, to: number) => at >= Math.max(from, window.from) && at <= window.to && at < to;
  for (let from = Math.floor(window.from / HOUR_MS) * HOUR_MS; from <= window.to; from += HOUR_MS) {
    const to = from + HOUR_MS;
    const part = samples.filter((s) => inside(s.at, from, to));
    if (part.length === 0) continue;
    const values = series.points.filter((p) => inside(p.at, from, to)).map((p) => p.dBm);
    rows.push({
      hour: `${clock(from, timeZone)}–${clock(to, timeZone)}`,
      samples: part.length,
      signal: values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null,
      online: Math.round((part.filter((s) => s.online).length / part.length) * 100),
    });
  }
  return rows;
}

/** "Uptime 99.3 % since 14:02" over a window; null when nothing was observed. */
export function uptimeText(uptimePercent: number | null, firstSeen: number | null, window: { from: number }, timeZone?: string): string | null {
  if (uptimePercent === null) return null;
  // Recorded for only part of the window (the daemon started later): say since when.
  const since = firstSeen !== null && firstSeen > window.from + HOUR_MS ? ` (recorded since ${clock(firstSeen, timeZone)})` : '';
  return `Uptime ${uptimePercent.toFixed(1)} % over the last 24 hours${since}`;
}
