// The text form of `simhat history` (issue 11): a short table of the samples (at most a dozen
// rows, each a slice of the window) and one line per outage, e.g.
//   14:02–14:03 data session dropped; back after radio cycle in 8.4 s
// Pure: times are formatted in the given time zone (default: the machine's).
import { formatSince } from './since.js';
import type { Outage, Sample } from './types.js';
import type { Window } from './outages.js';

export interface RenderOptions {
  timeZone?: string | undefined;
  /** Rows of the sample table at most; default 12. */
  maxRows?: number;
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function clock(ms: number, withDate: boolean, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return withDate ? `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}` : `${get('hour')}:${get('minute')}`;
}

/** One outage line. */
export function outageLine(o: Outage, withDate = false, timeZone?: string): string {
  const from = clock(o.start, withDate, timeZone);
  if (o.end === undefined) {
    return `${from}– ${o.cause}; still down after ${formatDuration(o.durationMs)}${o.verdict ? ` (${o.verdict})` : ''}`;
  }
  const back = o.fixedBy ? `back after ${o.fixedBy} in ${formatDuration(o.durationMs)}` : `back by itself in ${formatDuration(o.durationMs)}`;
  return `${from}–${clock(o.end, withDate, timeZone)} ${o.cause}; ${back}`;
}

const avg = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};
const mostCommon = (xs: (string | null)[]): string => {
  const counts = new Map<string, number>();
  for (const x of xs) if (x) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '-';
};
const num = (v: number | null, unit: string) => (v === null ? '-' : `${Math.round(v)} ${unit}`);

function sampleRows(samples: readonly Sample[], window: Window, withDate: boolean, options: RenderOptions): string[][] {
  const rows = Math.max(1, options.maxRows ?? 12);
  const slice = Math.ceil((window.to - window.from) / rows);
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const from = window.from + i * slice;
    const to = Math.min(window.to, from + slice);
    const part = samples.filter((s) => s.at >= from && (s.at < to || (i === rows - 1 && s.at <= to)));
    if (part.length === 0) continue;
    const online = (part.filter((s) => s.online).length / part.length) * 100;
    out.push([
      `${clock(from, withDate, options.timeZone)}-${clock(to, withDate, options.timeZone)}`,
      `${Math.round(online)} %`,
      num(avg(part.map((s) => s.rsrp)), 'dBm'),
      num(avg(part.map((s) => s.sinr)), 'dB'),
      mostCommon(part.map((s) => s.tech)),
      mostCommon(part.map((s) => s.operator)),
      num(avg(part.map((s) => s.latencyMs)), 'ms'),
    ]);
  }
  return out;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export interface HistoryView {
  window: Window;
  samples: readonly Sample[];
  eventCount: number;
  outages: readonly Outage[];
  uptimePercent: number | null;
}

export function renderHistoryText(view: HistoryView, options: RenderOptions = {}): string {
  const span = view.window.to - view.window.from;
  const withDate = span > 86_400_000;
  const lines: string[] = [];
  const uptime = view.uptimePercent === null ? 'no data' : `uptime ${view.uptimePercent.toFixed(1)} %`;
  lines.push(`simhat history, last ${formatSince(span)}: ${uptime}, ${view.outages.length} outage(s), ${view.samples.length} sample(s), ${view.eventCount} event(s)`);
  const rows = sampleRows(view.samples, view.window, withDate, options);
  if (rows.length > 0) lines.push('', ...table(['time', 'online', 'rsrp', 'sinr', 'tech', 'operator', 'latency'], rows));
  lines.push('', view.outages.length === 0 ? 'No outages.' : 'Outages:');
  for (const o of view.outages) lines.push(outageLine(o, withDate, options.timeZone));
  return lines.join('\n') + '\n';
}
