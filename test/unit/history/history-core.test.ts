// The pure half of the history (issue 11): --since parsing, outages and uptime from events and
// samples, the text table and outage lines, the default database path.
import { describe, expect, it } from 'vitest';
import { formatSince, parseSince } from '../../../src-main/core/history/since.js';
import { causeOf, outages, recoveryWords, uptimePercent } from '../../../src-main/core/history/outages.js';
import { formatDuration, outageLine, renderHistoryText } from '../../../src-main/core/history/render.js';
import { defaultHistoryPath } from '../../../src-main/core/history/paths.js';
import type { HistoryEvent, Sample } from '../../../src-main/core/history/types.js';
import type { RecoveryRecord } from '../../../src-main/core/watchdog/types.js';

const T0 = Date.UTC(2026, 11, 7, 14, 0, 0);
const min = 60_000;

function sample(at: number, online: boolean, extra: Partial<Sample> = {}): Sample {
  return { at, rssi: -71, rsrp: -95, rsrq: -10, sinr: 12, tech: 'LTE', operator: 'Freedom Mobile', cellId: '0C1D4E02', tac: '3A2B', online, latencyMs: online ? 40 : null, rxBytes: 1000, txBytes: 500, ...extra };
}

function recovery(startedAt: number, fields: Partial<RecoveryRecord>): RecoveryRecord {
  return { trigger: 'pdn-deactivated', symptom: 'no-data-session', startedAt, durationMs: 8_000, stages: [], outcome: 'recovered', ...fields };
}

describe('--since', () => {
  it.each([
    ['10m', 10 * min],
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
    ['30s', 30_000],
    [' 2h ', 7_200_000],
  ])('%j is %i ms', (text, ms) => {
    expect(parseSince(text)).toBe(ms);
  });
  it.each(['', '1', 'h', '0h', '-1h', '1.5h', '1w', '1h30m', '367d', '1e3h'])('refuses %j with the accepted forms', (text) => {
    expect(() => parseSince(text)).toThrow(/10m, 1h, 24h or 7d|at most 366d/);
  });
  it.each([
    [3_600_000, '1h'],
    [86_400_000, '1d'],
    [7 * 86_400_000, '7d'],
    [10 * min, '10m'],
    [90_000, '90s'],
  ])('formats %i as %s', (ms, text) => {
    expect(formatSince(ms)).toBe(text);
  });
});

describe('outages from state events and recoveries', () => {
  const window = { from: T0, to: T0 + 60 * min };
  const events: HistoryEvent[] = [
    { kind: 'state', at: T0, from: 'connecting', to: 'online' },
    { kind: 'state', at: T0 + 2 * min, from: 'online', to: 'recovering', reason: 'recovering from no-data-session' },
    {
      kind: 'recovery',
      at: T0 + 2 * min + 8_400,
      recovery: recovery(T0 + 2 * min, { fixedBy: 'modem-data', stages: [{ stage: 'modem-data', steps: ['radio-cycle', 'renew-dhcp'], ok: true, durationMs: 8_400 }] }),
    },
    { kind: 'state', at: T0 + 2 * min + 8_400, from: 'recovering', to: 'online' },
    { kind: 'state', at: T0 + 30 * min, from: 'online', to: 'recovering' },
    {
      kind: 'recovery',
      at: T0 + 31 * min,
      recovery: recovery(T0 + 30 * min, { trigger: 'interval', symptom: 'modem-unresponsive', outcome: 'failed', verdict: { checkId: 'modem.at', summary: 'the modem does not answer AT' } }),
    },
    { kind: 'state', at: T0 + 31 * min, from: 'recovering', to: 'degraded', reason: 'the modem does not answer AT' },
  ];

  it('one outage per stay out of online, with cause and fixing stage; the last one still open with the verdict', () => {
    const list = outages(events, [], window);
    expect(list).toEqual([
      { start: T0 + 2 * min, end: T0 + 2 * min + 8_400, durationMs: 8_400, cause: 'data session dropped', fixedBy: 'radio cycle' },
      { start: T0 + 30 * min, durationMs: 30 * min, cause: 'modem stopped answering', verdict: 'the modem does not answer AT' },
    ]);
  });

  it('outage lines read like the issue says', () => {
    const [first, second] = outages(events, [], window);
    expect(outageLine(first!, false, 'UTC')).toBe('14:02–14:02 data session dropped; back after radio cycle in 8.4 s');
    expect(outageLine(second!, false, 'UTC')).toBe('14:30– modem stopped answering; still down after 30 min 0 s (the modem does not answer AT)');
    expect(outageLine({ start: T0 + 62 * min, end: T0 + 63 * min + 5_000, durationMs: 65_000, cause: 'DHCP lease lost' }, false, 'UTC')).toBe(
      '15:02–15:03 DHCP lease lost; back by itself in 1 min 5 s',
    );
  });

  it('a window opening inside an outage starts it at the window', () => {
    const list = outages([{ kind: 'state', at: T0 + 5 * min, from: 'degraded', to: 'online' }], [], window);
    expect(list).toEqual([{ start: T0, end: T0 + 5 * min, durationMs: 5 * min, cause: 'link down' }]);
  });

  it('uptime: the share of the observed window the link was online', () => {
    const list = outages(events, [], window);
    // 60 min observed, 8.4 s + 30 min down.
    expect(uptimePercent(list, [], events, window)).toBe(Math.round(((3600 - 8.4 - 1800) / 3600) * 1000) / 10);
    expect(uptimePercent([], [], [], window)).toBeNull();
  });

  it('cause words: the fast-path trigger first, else the symptom', () => {
    expect(causeOf({ trigger: 'interval', symptom: 'no-lease' })).toBe('DHCP lease lost');
    expect(causeOf({ trigger: 'port-vanished', symptom: 'port-missing' })).toBe('modem port vanished');
    expect(causeOf({ trigger: 'registration-changed', symptom: 'no-data-session' })).toBe('registration lost');
  });

  it('a recovery in words for the faces (the Home card): cause, and the fixing stage by the steps it ran', () => {
    const stage = (s: 'host' | 'modem-data' | 'usb', steps: string[], ok: boolean) => ({ stage: s, steps, ok, durationMs: 1000 });
    expect(recoveryWords({ trigger: 'pdn-deactivated', symptom: 'no-data-session', stages: [stage('host', ['renew-dhcp'], false), stage('modem-data', ['radio-cycle', 'renew-dhcp'], true)], fixedBy: 'modem-data' })).toEqual({
      cause: 'data session dropped',
      fixedBy: 'radio cycle',
    });
    expect(recoveryWords({ trigger: 'interval', symptom: 'no-lease', stages: [stage('host', ['renew-dhcp'], true)], fixedBy: 'host' })).toEqual({ cause: 'DHCP lease lost', fixedBy: 'DHCP renewal' });
    expect(recoveryWords({ trigger: 'interval', symptom: 'modem-unresponsive', stages: [stage('usb', ['rebind'], false)] })).toEqual({ cause: 'modem stopped answering' });
  });
});

describe('outages from samples alone (no watchdog state events)', () => {
  it('runs of offline samples', () => {
    const samples = [sample(T0, true), sample(T0 + min, false), sample(T0 + 2 * min, false), sample(T0 + 3 * min, true), sample(T0 + 4 * min, false)];
    const window = { from: T0, to: T0 + 5 * min };
    const list = outages([], samples, window);
    expect(list).toEqual([
      { start: T0 + min, end: T0 + 3 * min, durationMs: 2 * min, cause: 'link down' },
      { start: T0 + 4 * min, durationMs: min, cause: 'link down' },
    ]);
    expect(uptimePercent(list, samples, [], window)).toBe(40);
  });
});

describe('text form', () => {
  it('a short table and the outage lines', () => {
    const window = { from: T0, to: T0 + 60 * min };
    const samples = Array.from({ length: 120 }, (_, i) => sample(T0 + i * 30_000, i < 4 || i > 5, { rsrp: i < 60 ? -95 : -101 }));
    const list = [{ start: T0 + 2 * min, end: T0 + 2 * min + 8_400, durationMs: 8_400, cause: 'data session dropped', fixedBy: 'radio cycle' }];
    const text = renderHistoryText({ window, samples, eventCount: 3, outages: list, uptimePercent: 99.8 }, { timeZone: 'UTC', maxRows: 4 });
    expect(text).toBe(
      [
        'simhat history, last 1h: uptime 99.8 %, 1 outage(s), 120 sample(s), 3 event(s)',
        '',
        'time         online  rsrp      sinr   tech  operator        latency',
        '14:00-14:15  93 %    -95 dBm   12 dB  LTE   Freedom Mobile  40 ms',
        '14:15-14:30  100 %   -95 dBm   12 dB  LTE   Freedom Mobile  40 ms',
        '14:30-14:45  100 %   -101 dBm  12 dB  LTE   Freedom Mobile  40 ms',
        '14:45-15:00  100 %   -101 dBm  12 dB  LTE   Freedom Mobile  40 ms',
        '',
        'Outages:',
        '14:02–14:02 data session dropped; back after radio cycle in 8.4 s',
        '',
      ].join('\n'),
    );
  });

  it('windows over a day carry the date; an empty window says so', () => {
    const window = { from: T0, to: T0 + 7 * 86_400_000 };
    const text = renderHistoryText({ window, samples: [], eventCount: 0, outages: [{ start: T0, end: T0 + 5_000, durationMs: 5_000, cause: 'interface down', fixedBy: 'interface brought up' }], uptimePercent: null }, { timeZone: 'UTC' });
    expect(text).toContain('last 7d: no data');
    expect(text).toContain('12-07 14:00–12-07 14:00 interface down; back after interface brought up in 5.0 s');
    expect(renderHistoryText({ window, samples: [], eventCount: 0, outages: [], uptimePercent: null })).toContain('No outages.');
  });

  it.each([
    [8_400, '8.4 s'],
    [59_949, '59.9 s'],
    [65_000, '1 min 5 s'],
    [2 * 3_600_000 + 5 * min, '2 h 5 min'],
  ])('duration %i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('default database path', () => {
  it.each([
    [{ isRoot: true, env: { XDG_STATE_HOME: '/x' }, home: '/root' }, '/var/lib/simhat/history.db'],
    [{ isRoot: false, env: { XDG_STATE_HOME: '/home/pi/.st' }, home: '/home/pi' }, '/home/pi/.st/simhat/history.db'],
    [{ isRoot: false, env: {}, home: '/home/pi' }, '/home/pi/.local/state/simhat/history.db'],
    [{ isRoot: false, env: { XDG_STATE_HOME: 'relative/dir' }, home: '/home/pi' }, '/home/pi/.local/state/simhat/history.db'],
  ])('%j -> %s', (who, path) => {
    expect(defaultHistoryPath(who)).toBe(path);
  });
});
