// The Connection screen's history (issue 11): uptime, the outage with its cause and the stage that fixed
// it, the signal over 24 h as an SVG with a title, a description and axes, and its table alternative;
// the empty state without a history. The real service on the in-process twin, with a real history
// database written by the store the daemon uses (test/helpers/history-fixture.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ConnectionScreen from '../../../src-renderer/src/screens/ConnectionScreen.svelte';
import App from '../../../src-renderer/src/App.svelte';
import { AppState } from '../../../src-renderer/src/lib/app.svelte.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { outageLine } from '../../../src-main/core/history/render.js';
import type { HistoryStore } from '../../../src-main/platform/history/store.js';
import { writeDayOfHistory, OUTAGE_MS } from '../../helpers/history-fixture.js';

const T = { timeout: 10_000 };
let dir: string | undefined;
let store: HistoryStore | undefined;
let service: Service | undefined;
let app: AppState | undefined;

afterEach(async () => {
  cleanup();
  app?.dispose();
  await service?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = store = service = app = undefined;
});

async function start(withHistory: boolean) {
  const env = createDemoEnv({ scenario: 'good', version: 'test', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 5 });
  dir = mkdtempSync(join(tmpdir(), 'simhat-history-ui-'));
  const day = withHistory ? writeDayOfHistory(join(dir, 'history.db')) : undefined;
  store = day?.store;
  service = createService({ ...env, ...(store ? { history: store } : {}) });
  app = new AppState(service);
  await app.start();
  return { day, app };
}

describe('history on the Connection screen', () => {
  it('shows uptime, the outage with its cause and fixing stage, and the signal chart with axes, title, description and a table', async () => {
    const { day, app } = await start(true);
    render(ConnectionScreen, { props: { app, pollMs: 500 } });
    const history = await screen.findByTestId('history-uptime', {}, T);
    const h = await service!.getHistory({});
    // 8.4 s down in a day: 99.99 %, which one decimal shows as 100.0.
    expect(h.uptimePercent).toBe(100);
    expect(history.textContent).toBe('Uptime 100.0 % over the last 24 hours. 1 outage:');

    // The outage line reads as `simhat history` prints it (core/history/render.ts).
    expect(h.outages).toHaveLength(1);
    const line = outageLine(h.outages[0]!);
    expect(line).toMatch(/^\d\d:\d\d–\d\d:\d\d data session dropped; back after radio cycle in 8\.4 s$/);
    const outages = screen.getByRole('list', { name: 'Outages' });
    expect(within(outages).getAllByRole('listitem').map((li) => li.textContent)).toEqual([line]);
    expect(h.outages[0]).toMatchObject({ start: day!.outage.start, end: day!.outage.end, durationMs: OUTAGE_MS });

    // The chart: an image named by its title, described, with dBm and time axes and one shaded outage.
    const chart = screen.getByRole('img', { name: 'Signal (RSRP, dBm) over the last 24 hours' });
    expect(chart.getAttribute('aria-describedby')).toBe('hc-desc');
    expect(document.getElementById('hc-desc')!.textContent).toMatch(/^RSRP from -100 to -80 dBm, last -?\d+ dBm; 1 outage shaded\. The table below lists it by hour\.$/);
    const texts = [...chart.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['RSRP (dBm)', 'Time (hh:mm)', '-140', '-100', '-60', '-40']));
    expect(texts.filter((t) => /^\d\d:\d\d$/.test(t ?? ''))).toHaveLength(5);
    expect(chart.querySelectorAll('rect.chart-outage')).toHaveLength(1);
    expect(chart.querySelectorAll('polyline').length).toBeGreaterThanOrEqual(1);

    // The table alternative: a header row, then one row per hour with samples (24 or 25 clock hours).
    await fireEvent.click(screen.getByText('Signal by hour (table)'));
    const table = screen.getByTestId('history-table');
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Hour', 'RSRP (dBm)', 'Online', 'Samples']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(24);
    expect(rows.length).toBeLessThanOrEqual(25);
    const cells = within(rows[rows.length - 1]!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[0]).toMatch(/^-\d+$/);
    expect(cells[1]).toBe('100 %');
    expect(within(rows[0]!).getByRole('rowheader').textContent).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    // The hour of the outage is not 100 % online.
    expect(rows.some((r) => !/^100 %$/.test(within(r).getAllByRole('cell')[1]!.textContent ?? ''))).toBe(true);
    expect(screen.getByText(`Recorded in ${store!.path}.`)).toBeTruthy();
  }, 20_000);

  it('without a history says how to get one, and the button goes to Settings', async () => {
    const { app } = await start(false);
    render(App, { props: { app } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connection' }));
    const empty = await screen.findByTestId('history-empty', {}, T);
    expect(empty.textContent!.replace(/\s+/g, ' ').trim()).toBe('Nothing recorded yet: the history is recorded while simhat daemon runs; turn on Keep me online in Settings.');
    expect(screen.queryByRole('img', { name: /over the last 24 hours/ })).toBeNull();
    await fireEvent.click(within(empty).getByRole('button', { name: 'Keep me online' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' }, T);
    await waitFor(() => expect(screen.getByRole('switch', { name: /^Keep me online/ })).toBeTruthy(), T);
  }, 20_000);
});
