// The renderer's own history helpers (issue 11): it may import only types from the main process, so it
// re-states the outage line, durations and the defaults of the settings of staying online (the words for
// a cause and a fixing stage come from the service). These tables keep each copy equal to the main
// process's, so they never drift; and the chart's geometry and table alternative are checked on a fixed day.
import { describe, expect, it } from 'vitest';
import { chartModel, clock, formatDuration, hourlyRows, outageLine, uptimeText, CHART, HOUR_MS } from '../../../src-renderer/src/lib/history.js';
import { effective, keepOnlineText, STAY_ONLINE_DEFAULTS } from '../../../src-renderer/src/lib/stay-online.js';
import { formatDuration as coreDuration, outageLine as coreOutageLine } from '../../../src-main/core/history/render.js';
import { DEFAULT_WATCHDOG_SETTINGS } from '../../../src-main/core/watchdog/settings.js';
import { STAY_ONLINE_DEFAULTS as API_DEFAULTS } from '../../../src-main/api/settings-rules.js';
import { DEFAULT_MAX_BYTES, DEFAULT_RETENTION_DAYS } from '../../../src-main/platform/history/store.js';
import type { Outage, Sample } from '../../../src-main/api/contract.js';

describe('the renderer says what the CLI says', () => {
  it.each([0, 8400, 59_949, 61_000, 3_599_000, 3_600_000, 86_400_000 + 1_800_000])('duration %i ms', (ms) => {
    expect(formatDuration(ms)).toBe(coreDuration(ms));
  });

  const at = Date.UTC(2026, 0, 1, 14, 2, 0);
  it.each<[string, Outage]>([
    ['fixed by a stage', { start: at, end: at + 8400, durationMs: 8400, cause: 'data session dropped', fixedBy: 'radio cycle' }],
    ['back by itself', { start: at, end: at + 61_000, durationMs: 61_000, cause: 'link down' }],
    ['still down, with the verdict', { start: at, durationMs: 600_000, cause: 'modem stopped answering', verdict: 'The modem does not answer AT' }],
  ])('outage line: %s', (_name, o) => {
    expect(outageLine(o, 'UTC')).toBe(coreOutageLine(o, false, 'UTC'));
  });

  it('defaults of staying online: the renderer, the settings rules, the watchdog and the history store agree', () => {
    expect(STAY_ONLINE_DEFAULTS).toEqual(API_DEFAULTS);
    expect(STAY_ONLINE_DEFAULTS.checkIntervalS).toBe(DEFAULT_WATCHDOG_SETTINGS.intervalS);
    expect(STAY_ONLINE_DEFAULTS.maxResetsPerHour).toBe(DEFAULT_WATCHDOG_SETTINGS.maxResetsPerHour);
    expect(STAY_ONLINE_DEFAULTS.hubPowerCycle).toBe(DEFAULT_WATCHDOG_SETTINGS.hubPowerCycle);
    expect(STAY_ONLINE_DEFAULTS.historyRetentionDays).toBe(DEFAULT_RETENTION_DAYS);
    expect(STAY_ONLINE_DEFAULTS.historyMaxMiB * 1024 * 1024).toBe(DEFAULT_MAX_BYTES);
    expect(effective({}, 'checkIntervalS')).toBe(30);
    expect(effective({ checkIntervalS: 5 }, 'checkIntervalS')).toBe(5);
    expect(effective(null, 'hubPowerCycle')).toBe(false);
  });
});

const sample = (at: number, rsrp: number | null, online = true, rssi: number | null = null): Sample => ({
  at,
  rssi,
  rsrp,
  rsrq: null,
  sinr: null,
  tech: 'LTE',
  operator: null,
  cellId: null,
  tac: null,
  online,
  latencyMs: null,
  rxBytes: null,
  txBytes: null,
});

describe('the signal chart and its table', () => {
  const from = Date.UTC(2026, 0, 1, 12, 0, 0);
  const to = from + 24 * HOUR_MS;
  const window = { from, to };

  it('axes: five time ticks across the window, dBm ticks every 20 from -140 to -40 for RSRP', () => {
    const m = chartModel(window, [sample(from + HOUR_MS, -90), sample(from + HOUR_MS + 300_000, -85)], [], 'UTC');
    expect(m.metric).toBe('RSRP');
    expect(m.xTicks.map((t) => t.label)).toEqual(['12:00', '18:00', '00:00', '06:00', '12:00']);
    expect(m.xTicks[0]!.x).toBe(CHART.left);
    expect(m.xTicks[4]!.x).toBe(CHART.width - CHART.right);
    expect(m.yTicks.map((t) => t.label)).toEqual(['-140', '-120', '-100', '-80', '-60', '-40']);
    // -40 dBm is the top of the plot, -140 its bottom.
    expect(m.yTicks[5]!.y).toBe(CHART.top);
    expect(m.yTicks[0]!.y).toBe(CHART.height - CHART.bottom);
    expect(m.lines).toHaveLength(1);
  });

  it('breaks the line where samples are missing, leaves out single points and unknown values, shades outages', () => {
    const s = [sample(from, -90), sample(from + 300_000, -91), sample(from + 600_000, null), sample(from + 5 * HOUR_MS, -80), sample(from + 5 * HOUR_MS + 300_000, -81), sample(from + 10 * HOUR_MS, -99)];
    const m = chartModel(window, s, [{ start: from + 2 * HOUR_MS, end: from + 3 * HOUR_MS, durationMs: HOUR_MS, cause: 'link down' }, { start: to - HOUR_MS, durationMs: HOUR_MS, cause: 'link down' }], 'UTC');
    expect(m.lines).toHaveLength(2);
    expect(m.lines.map((l) => l.split(' ').length)).toEqual([2, 2]);
    const plotW = CHART.width - CHART.left - CHART.right;
    expect(m.outages[0]!.x).toBeCloseTo(CHART.left + plotW / 12, 5);
    expect(m.outages[0]!.width).toBeCloseTo(plotW / 24, 5);
    // An outage still going runs to the end of the window.
    expect(m.outages[1]!.x + m.outages[1]!.width).toBeCloseTo(CHART.width - CHART.right, 5);
  });

  it('falls back to the CSQ RSSI when the modem gave no RSRP (3G, 2G)', () => {
    const m = chartModel(window, [sample(from, null, true, -71), sample(from + 300_000, null, true, -73)], [], 'UTC');
    expect(m.metric).toBe('RSSI');
    expect(m.yTicks.map((t) => t.label)).toEqual(['-120', '-100', '-80', '-60', '-40']);
  });

  it('the table has one row per clock hour with samples: mean signal, online share, count', () => {
    const s = [sample(from + 60_000, -90), sample(from + 120_000, -94, false), sample(from + 2 * HOUR_MS + 5, -80), sample(from + 2 * HOUR_MS + 10, null)];
    expect(hourlyRows({ from: from - 1_800_000, to }, s, 'UTC')).toEqual([
      { hour: '12:00–13:00', samples: 2, signal: -92, online: 50 },
      { hour: '14:00–15:00', samples: 2, signal: -80, online: 100 },
    ]);
  });

  it('uptime: says since when only when the recording began well into the window', () => {
    expect(uptimeText(null, null, window)).toBeNull();
    expect(uptimeText(99.25, from + 60_000, window, 'UTC')).toBe('Uptime 99.3 % over the last 24 hours');
    expect(uptimeText(100, from + 6 * HOUR_MS, window, 'UTC')).toBe('Uptime 100.0 % over the last 24 hours (recorded since 18:00)');
    expect(clock(from, 'UTC')).toBe('12:00');
  });
});

describe('Keep me online in words', () => {
  const unit = 'simhat.service';
  it.each([
    [{ available: true, enabled: true, active: true }, 'On: simhat.service starts at boot and keeps the link online now.'],
    [{ available: true, enabled: true, active: false }, 'On at boot, but not running now (it stopped or failed: journalctl -u simhat.service tells why).'],
    [{ available: true, enabled: false, active: true }, 'Off at boot; the daemon runs now because someone started it by hand.'],
    [{ available: true, enabled: false, active: false }, 'Off: nothing watches the link, and after a reboot the Pi stays offline until someone connects.'],
    [{ available: false, enabled: false, active: false, hint: 'run `sudo simhat daemon --enable` once' }, 'Not available: run `sudo simhat daemon --enable` once'],
  ])('%j', (s, text) => {
    expect(keepOnlineText({ unit, ...s })).toBe(text);
  });
});
