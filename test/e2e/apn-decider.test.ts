// Issue 13 in real Chromium against the built `simhat serve --demo seed --sim metropcs`: the Carrier &
// APN screen shows the SIM identity (masked) and the decider's ranking with each candidate's reason (an
// MVNO SIM matched by its GID1), applies the chosen candidate with verification, and passes axe-core in
// light and dark; Settings' About carries the APN data attribution. Needs `npm run build`.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, ROOT, serveDemo, type Chromium, type Served } from './serve-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page: Page, state: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(50);
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
    )) as unknown[];
    expect(violations, `${state} (${scheme}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function screen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

describe('simhat serve --demo seed --sim metropcs in Chromium', () => {
  let served: Served;
  let chrome: Chromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    served = await serveDemo('seed', ['--sim', 'metropcs']);
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(served.url);
  });

  afterAll(async () => {
    await chrome?.close();
    await served?.stop();
  });

  it('Carrier & APN: the SIM masked and the ranking with each candidate\'s reason; 0 axe violations', async () => {
    await page.getByRole('heading', { name: /SIM7600/ }).waitFor({ timeout: 10_000 });
    await screen(page, 'Carrier & APN');
    const sim = page.getByRole('group', { name: 'Your SIM', exact: true });
    await sim.waitFor({ timeout: 10_000 });
    const simText = (await sim.textContent()) ?? '';
    expect(simText).toContain('***********4321');
    expect(simText).toContain('MetroPCS');
    expect(simText).toContain('6D38FFFF');
    expect(simText).not.toContain('310260987654321');
    // The suggestion's reason: the SIM's GID1 names the MVNO (Android's MVNO data).
    const first = page.getByTestId('apn-candidate').first();
    expect(await first.locator('code').first().textContent()).toBe('fast.metropcs.com');
    expect(await page.getByRole('list', { name: 'Why fast.metropcs.com' }).textContent()).toBe('GID1 \'6D\' matches (Android entry "MetroPCS 260")');
    // Every candidate has its reasons (also the ones folded under "more listed for this network").
    const reasons = await page.locator('[data-testid="apn-candidate"] ul.reasons').allTextContents();
    expect(reasons.length).toBeGreaterThan(4);
    for (const r of reasons) expect(r.trim()).not.toBe('');
    await page.screenshot({ path: join(ARTIFACTS, 'apn-ranking-metropcs-1280x800.png'), fullPage: true });
    await axe(page, 'Carrier & APN with the ranking');
  });

  it('"Use" the first candidate: verified, data up on the MVNO\'s APN', async () => {
    await page.getByRole('button', { name: 'Use fast.metropcs.com (MetroPCS 260)' }).click();
    await page.getByTestId('apn-verified').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('apn-verified').textContent()).toMatch(/Verified: APN "fast\.metropcs\.com" \(MetroPCS 260\) brings data up: GID1 '6D' matches/);
  });

  it('Settings shows the APN data attribution under About', async () => {
    await screen(page, 'Settings');
    const sources = page.getByRole('list', { name: 'APN data sources' });
    await sources.waitFor({ timeout: 10_000 });
    const text = (await sources.textContent()) ?? '';
    expect(text).toContain('Android carrier APN list (apns-conf.xml)');
    expect(text).toContain('Apache License 2.0');
    expect(text).toContain('GNOME mobile-broadband-provider-info');
    await axe(page, 'Settings with About');
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
