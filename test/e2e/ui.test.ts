// End to end in real Chromium against the built `simhat serve --demo <scenario>` (issue 7): the user's
// path from "modem appears" to "fixed connection", by the accessible names users and tests rely on.
// Needs `npm run build`. Screenshots go to test-artifacts/ (CI keeps them).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, ROOT, serveDemo, type Chromium, type Served } from './serve-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Polls a locator's text until it equals `want` (no DOM types in the Node test project). */
async function waitText(page: Page, selector: string, want: string, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  let last: string | null = null;
  while (Date.now() < end) {
    last = await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null);
    if (last === want) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector}: expected "${want}", still "${last}" after ${timeout} ms`);
}

async function screen(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

describe('simhat serve --demo seed in Chromium', () => {
  let served: Served;
  let chrome: Chromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    served = await serveDemo('seed');
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    // CSP violations and script errors show up here: the page must run clean under script-src 'self'.
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

  it('refuses a request without the token with 401', async () => {
    const plain = await fetch(`${served.origin}/`);
    expect(plain.status).toBe(401);
    const wrong = await fetch(`${served.origin}/?token=not-the-token`);
    expect(wrong.status).toBe(401);
    const right = await fetch(served.url);
    expect(right.status).toBe(200);
  });

  it('shows the demo modem and drops the token from the address bar', async () => {
    await page.getByRole('heading', { name: /SIMCOM_SIM7600G-H/ }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const card = page.getByRole('article', { name: /SIMCOM_SIM7600G-H/ });
    expect(await card.textContent()).toContain('RNDIS');
    expect(await card.textContent()).toContain('/dev/ttyUSB2');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'modem-1280x800.png') });
    await page.setViewportSize({ width: 800, height: 480 });
    await page.screenshot({ path: join(ARTIFACTS, 'modem-800x480.png') });
  });

  it('keeps working after a reload without the token in the URL', async () => {
    await page.reload();
    await page.getByRole('heading', { name: /SIMCOM_SIM7600G-H/ }).waitFor({ timeout: 10_000 });
  });

  it('"Run diagnostics" shows the empty-APN failure with its fix', async () => {
    await screen(page, 'Doctor');
    await page.getByRole('button', { name: 'Run diagnostics' }).click();
    const apnSet = page.locator('[data-check="apn.set"]');
    await apnSet.waitFor({ timeout: 15_000 });
    expect(await apnSet.locator('.badge').textContent()).toBe('fail');
    expect(await page.locator('[data-check="apn.rndis-context"] .badge').textContent()).toBe('fail');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'doctor-seed-1280x800.png'), fullPage: true });
    await page.setViewportSize({ width: 800, height: 480 });
    await page.screenshot({ path: join(ARTIFACTS, 'doctor-seed-800x480.png') });
  });

  it('"Export report" downloads the redacted bundle', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: 'Export report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^simhat-report-.*\.json$/);
    const path = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    const bundle = JSON.parse(text) as { kind: string; doctor: { checks: unknown[] } };
    expect(bundle.kind).toBe('simhat-diagnostics');
    expect(bundle.doctor.checks).toHaveLength(18);
    // The twin's IMEI, IMSI and ICCID never leave unmasked.
    for (const secret of ['862636051234563', '302490123456789', '8930249020123456789']) expect(text).not.toContain(secret);
  });

  it('the AT console sends ATI and shows the answer', async () => {
    await screen(page, 'AT console');
    await page.getByRole('textbox', { name: 'AT command' }).fill('ATI');
    await page.getByRole('button', { name: 'Send' }).click();
    const log = page.getByRole('list', { name: 'AT log' });
    await log.getByText('Model: SIMCOM_SIM7600G-H').waitFor({ timeout: 5000 });
    expect(await log.textContent()).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-800x480.png') });
  });

  it('choosing the suggested carrier and "Apply APN" fixes the APN checks', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await screen(page, 'Carrier & APN');
    const suggested = page.getByRole('button', { name: /^Use Freedom Mobile/ }).first();
    await suggested.waitFor({ timeout: 10_000 });
    await suggested.click();
    expect(await page.getByRole('textbox', { name: 'APN' }).inputValue()).toBe('internet.freedommobile.ca');
    await page.getByRole('button', { name: 'Apply APN' }).click();
    await page.getByTestId('apn-verified').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('apn-verified').textContent()).toMatch(/^\s*Verified/);
    await page.screenshot({ path: join(ARTIFACTS, 'apn-applied-1280x800.png'), fullPage: true });

    await screen(page, 'Doctor');
    await page.getByRole('button', { name: 'Run diagnostics' }).click();
    await waitText(page, '[data-check="apn.set"] .badge', 'pass', 15_000);
    expect(await page.locator('[data-check="apn.rndis-context"] .badge').textContent()).toBe('pass');
  });

  it('"Connect" brings the data connection up with LTE as backup and the internet reachable', async () => {
    await screen(page, 'Connection');
    await page.getByText('Registered (home)').waitFor({ timeout: 10_000 });
    await page.getByRole('radio', { name: 'LTE as backup' }).check();
    await page.getByRole('table', { name: 'Routes after' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('table', { name: 'Routes after' }).textContent()).toContain('dev usb0 metric 700');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const checks = page.getByRole('list', { name: 'Connectivity checks' });
    await checks.waitFor({ timeout: 30_000 });
    expect(await checks.textContent()).toContain('✓ internet (1.1.1.1)');
    await page.screenshot({ path: join(ARTIFACTS, 'connection-1280x800.png'), fullPage: true });
    await page.setViewportSize({ width: 800, height: 480 });
    await page.screenshot({ path: join(ARTIFACTS, 'connection-800x480.png') });
  });

  it('Settings: a bad ping target is named inline; saved targets are what Connect\'s check probes', async () => {
    await page.setViewportSize({ width: 800, height: 480 });
    await screen(page, 'Settings');
    const targets = page.getByRole('textbox', { name: 'Ping targets' });
    await targets.fill('1.1.1.1, 1.1.1');
    await waitText(page, '#ping-err', 'Ping targets: "1.1.1" is not an IPv4 address (e.g. 1.1.1.1)', 5000);
    await page.screenshot({ path: join(ARTIFACTS, 'settings-invalid-800x480.png') });
    await targets.fill('192.0.2.7');
    await page.getByRole('textbox', { name: 'DNS name to resolve' }).fill('probe.example.net');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5000 });
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-dark-800x480.png') });

    await screen(page, 'Connection');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const checks = page.getByRole('list', { name: 'Connectivity checks' });
    await checks.getByText('internet (192.0.2.7)').waitFor({ timeout: 30_000 });
    expect(await checks.textContent()).not.toContain('1.1.1.1');
    expect(await checks.textContent()).toContain('probe.example.net');
    expect(await page.getByText(/modem is busy/i).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'connection-dark-800x480.png') });
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  });
});

describe('simhat serve --demo fresh in Chromium', () => {
  let served: Served;
  let chrome: Chromium;

  beforeAll(async () => {
    served = await serveDemo('fresh');
    chrome = await launchChromium({ width: 800, height: 480 });
  });

  afterAll(async () => {
    await chrome?.close();
    await served?.stop();
  });

  it('"Switch to RNDIS" completes with step-by-step progress', async () => {
    const page = await chrome.context.newPage();
    await page.goto(served.url);
    await page.getByRole('heading', { name: /SIM7600/ }).waitFor({ timeout: 10_000 });
    await screen(page, 'Mode');
    expect(await page.getByTestId('current-mode').textContent()).toBe('QMI');
    await page.getByRole('button', { name: 'Switch to RNDIS' }).click();
    const steps = page.getByRole('list', { name: 'Mode switch progress' });
    await steps.getByText('Modem left the USB bus').waitFor({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor({ timeout: 30_000 });
    const text = await steps.textContent();
    for (const label of ['Switch command sent', 'Modem back in the new mode', 'AT port answering', 'SIM ready', 'Network interface present']) expect(text).toContain(label);
    await waitText(page, '[data-testid="current-mode"]', 'RNDIS', 10_000);
    // In the target mode now: the primary button says so instead of offering a no-op switch.
    const already = page.getByRole('button', { name: 'Already in RNDIS' });
    await already.waitFor({ timeout: 10_000 });
    expect(await already.isDisabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'mode-switched-800x480.png') });
  });
});
