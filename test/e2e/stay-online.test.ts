// Staying online (issue 11) end to end in Debian Chromium at 800×480 and 1280×800: the Connection screen's
// history (uptime, the outage with its cause and the stage that fixed it, the signal chart with its
// title, description, axes and table alternative) against a service with a history written by the real
// store; Home's Stay online card from a watchdog keeping the link; Keep me online and the watchdog fields
// in Settings; the empty history of `simhat serve --demo`. axe-core: 0 violations, light and dark.
// Screenshots go to test-artifacts/stay-online/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { assertBuilt, launchChromium, ROOT, serveDemo, type Chromium } from './serve-harness.js';
import { writeDayOfHistory } from '../helpers/history-fixture.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'stay-online');
mkdirSync(ARTIFACTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = [
  { width: 800, height: 480 },
  { width: 1280, height: 800 },
] as const;
const size = (v: { width: number; height: number }) => `${v.width}x${v.height}`;

let chrome: Chromium;
let dir: string;
let server: ChildProcess;
let url: string;
const pageErrors: string[] = [];

/** The fixture server: the built web face on a kept twin with the history this test wrote. */
async function serveWithHistory(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'test/e2e/fixtures/serve-history.mjs'), ROOT, db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the history server printed nothing in 15 s; stderr: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the history server exited with ${code}; stderr: ${stderr}`)));
  });
  return { child, url: first };
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'simhat-e2e-history-'));
  const db = join(dir, 'history.db');
  writeDayOfHistory(db).store.close();
  ({ child: server, url } = await serveWithHistory(db));
  chrome = await launchChromium(VIEWPORTS[0]);
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

async function open(at: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await chrome.context.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(at);
  return page;
}

async function axe(page: Page, state: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(50);
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
    )) as { id: string }[];
    expect(violations, `${state} (${scheme}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('with a history and a watchdog keeping the link', () => {
  for (const viewport of VIEWPORTS) {
    it(`${size(viewport)}: Home shows the kept link; Connection shows uptime, the outage and the chart with its table; 0 axe violations`, async () => {
      const page = await open(url, viewport);
      try {
        await page.getByTestId('daemon-state').filter({ hasText: /^Kept online by the simhat daemon: online since \d\d:\d\d\.$/ }).waitFor({ timeout: 30_000 });
        expect(await text(page, 'daemon-outage')).toMatch(/^Last outage at \d\d:\d\d: interface down; back after interface brought up in \d+\.\d s\.$/);
        await page.screenshot({ path: join(ARTIFACTS, `home-kept-${size(viewport)}.png`) });
        await axe(page, `home kept ${size(viewport)}`);

        await nav(page, 'Connection');
        await page.getByTestId('history-uptime').waitFor({ timeout: 10_000 });
        expect(await text(page, 'history-uptime')).toBe('Uptime 100.0 % over the last 24 hours. 1 outage:');
        const outages = await page.getByRole('list', { name: 'Outages' }).getByRole('listitem').allTextContents();
        expect(outages).toHaveLength(1);
        expect(outages[0]).toMatch(/^\d\d:\d\d–\d\d:\d\d data session dropped; back after radio cycle in 8\.4 s$/);
        const chart = page.getByRole('img', { name: 'Signal (RSRP, dBm) over the last 24 hours' });
        await chart.scrollIntoViewIfNeeded();
        expect(await chart.isVisible()).toBe(true);
        const box = (await chart.boundingBox())!;
        // The chart fits the width of the 800 px screen (no sideways scrolling).
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        expect(await page.locator('#hc-desc').textContent()).toMatch(/^RSRP from -100 to -80 dBm, last -?\d+(\.\d+)? dBm; 1 outage shaded\./);
        expect(await chart.locator('text').allTextContents()).toEqual(expect.arrayContaining(['RSRP (dBm)', 'Time (hh:mm)', '-100']));
        await page.getByTestId('history').evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(ARTIFACTS, `connection-history-${size(viewport)}.png`) });
        await page.getByText('Signal by hour (table)').click();
        const table = page.getByTestId('history-table');
        await table.waitFor({ state: 'visible' });
        expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Hour', 'RSRP (dBm)', 'Online', 'Samples']);
        expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(25);
        await axe(page, `connection history ${size(viewport)}`);
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`${size(viewport)}: Settings switches Keep me online (simulated) and shows the watchdog fields; 0 axe violations`, async () => {
      const page = await open(url, viewport);
      try {
        await nav(page, 'Settings');
        const sw = page.getByRole('switch', { name: /^Keep me online: start the simhat daemon at boot/ });
        await page.getByTestId('keep-state').filter({ hasText: /^Off: / }).waitFor({ timeout: 10_000 });
        expect(await sw.isChecked()).toBe(false);
        await axe(page, `settings off ${size(viewport)}`);
        await sw.click();
        await page.getByTestId('keep-state').filter({ hasText: /^On: simhat\.service starts at boot and keeps the link online now\./ }).waitFor({ timeout: 10_000 });
        expect(await sw.isChecked()).toBe(true);
        expect(await page.getByRole('textbox', { name: 'Check interval' }).inputValue()).toBe('30');
        expect(await page.getByRole('textbox', { name: 'Keep history for' }).inputValue()).toBe('30');
        expect(await page.getByRole('textbox', { name: 'History size cap' }).inputValue()).toBe('64');
        await page.getByRole('textbox', { name: 'Check interval' }).fill('0');
        await page.locator('#check-interval-err').filter({ hasText: 'Check interval: a whole number from 1 to 86400 seconds' }).waitFor({ timeout: 10_000 });
        await page.getByTestId('watchdog-settings').evaluate((e) => e.scrollIntoView({ block: 'end' }));
        await page.screenshot({ path: join(ARTIFACTS, `settings-stay-online-${size(viewport)}.png`) });
        await axe(page, `settings on, a field in error ${size(viewport)}`);
        // Back off for the next run (the switch is simulated in the service, shared by both viewports).
        await sw.click();
        await page.getByTestId('keep-state').filter({ hasText: /^Off: / }).waitFor({ timeout: 10_000 });
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});

describe('without a history (simhat serve --demo seed)', () => {
  it('the Connection screen says how to get one; 0 axe violations', async () => {
    const served = await serveDemo('seed');
    const page = await open(served.url, VIEWPORTS[0]);
    try {
      await nav(page, 'Connection');
      await page.getByTestId('history-empty').waitFor({ timeout: 10_000 });
      expect(await text(page, 'history-empty')).toBe('Nothing recorded yet: the history is recorded while simhat daemon runs; turn on Keep me online in Settings.');
      await page.getByTestId('history-empty').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'connection-empty-800x480.png') });
      await axe(page, 'connection empty');
      await page.getByTestId('history-empty').getByRole('button', { name: 'Keep me online' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: 5000 });
    } finally {
      await page.close();
      await served.stop();
    }
  }, 60_000);
});
