// Online from the first screen (issue 14), end to end in Debian Chromium against the built
// `simhat serve --demo <scenario>`: the Home screen's state and its one next step for every scenario at
// 800×480 and 1280×800; "Get online" from seed (keyboard only) and fresh ending Online with the result
// in view; the SIM PIN dialog; the carrier picker (UK, USA); the banner when the server goes away; and
// axe-core on every screen state in light and dark with 0 violations of any impact. One browser for
// the file, one server per scenario. Screenshots of every state go to test-artifacts/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, ROOT, serveDemo, type Chromium, type Served } from './serve-harness.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'home');
mkdirSync(ARTIFACTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SMALL = { width: 800, height: 480 };
const LARGE = { width: 1280, height: 800 };
const VIEWPORTS = [SMALL, LARGE] as const;
const size = (v: { width: number; height: number }) => `${v.width}x${v.height}`;

/** The Home state and primary button each scenario must show (brief: "state text and primary button per scenario"). */
const HOME: Record<string, [title: string, action: string]> = {
  seed: ['Offline: the APN is empty', 'Get online'],
  fresh: ['Offline: the modem is in QMI mode', 'Get online'],
  good: ['Offline: usb0 is not connected', 'Get online'],
  'no-sim': ['Offline: no SIM card', 'Retry'],
  'pin-locked': ['Offline: the SIM is locked', 'Enter SIM PIN'],
  'no-signal': ['Offline: no signal', 'Retry'],
  denied: ['Offline: the network refused this SIM', 'Retry'],
};

let chrome: Chromium;
const pageErrors: string[] = [];

beforeAll(async () => {
  chrome = await launchChromium(SMALL);
});
afterAll(async () => {
  await chrome?.close();
});

async function open(served: Served, viewport: { width: number; height: number } = SMALL): Promise<Page> {
  const page = await chrome.context.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(m.text())) pageErrors.push(m.text());
  });
  await page.goto(served.url);
  return page;
}

/** Waits until the Home heading settles (not "Looking for…", "Reading…"). */
async function homeTitle(page: Page, want: string, timeout = 15_000): Promise<void> {
  const h1 = page.getByTestId('home-state');
  const end = Date.now() + timeout;
  let last = '';
  while (Date.now() < end) {
    last = ((await h1.textContent({ timeout: 2000 }).catch(() => '')) ?? '').trim();
    if (last === want) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`Home shows "${last}", expected "${want}"`);
}

/** axe-core in the page (evaluated through the devtools protocol, so the page's CSP does not block it). */
async function axe(page: Page, state: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(50);
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
    )) as { id: string; impact: string; help: string; nodes: string[] }[];
    expect(violations, `${state} (${scheme}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function inViewport(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize()!;
  expect(box, testId).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + Math.min(box!.height, 60)).toBeLessThanOrEqual(vp.height);
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

for (const scenario of Object.keys(HOME)) {
  describe(`Home on --demo ${scenario}`, () => {
    let served: Served;
    beforeAll(async () => {
      served = await serveDemo(scenario);
    });
    afterAll(async () => {
      await served?.stop();
    });

    for (const viewport of VIEWPORTS) {
      it(`${size(viewport)}: "${HOME[scenario]![0]}" with "${HOME[scenario]![1]}", one h1, 0 axe violations`, async () => {
        const page = await open(served, viewport);
        try {
          const [title, action] = HOME[scenario]!;
          await homeTitle(page, title);
          const primary = page.getByTestId('home-action');
          expect((await primary.textContent())?.trim()).toBe(action);
          await inViewport(page, 'home-action');
          expect(await page.locator('h1').count()).toBe(1);
          expect(await page.locator('button.primary:visible').count()).toBe(1);
          await shot(page, `${scenario}-home-${size(viewport)}`);
          await axe(page, `${scenario} home ${size(viewport)}`);
        } finally {
          await page.close();
        }
      }, 60_000);
    }
  });
}

describe('Get online', () => {
  it('from seed, keyboard only: skip link, "Get online", and the result gets the focus, Online in view at 800×480', async () => {
    const served = await serveDemo('seed');
    const page = await open(served, SMALL);
    try {
      await homeTitle(page, 'Offline: the APN is empty');
      const active = () => page.evaluate('document.activeElement && (document.activeElement.getAttribute("data-testid") || document.activeElement.textContent.trim())');
      await page.keyboard.press('Tab');
      expect(await active()).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('main');
      await page.keyboard.press('Tab');
      expect(await active()).toBe('home-action');
      await page.keyboard.press('Enter');
      await page.getByTestId('flow-result').waitFor({ timeout: 60_000 });
      await page.waitForFunction('document.activeElement?.dataset?.testid === "flow-result"', null, { timeout: 5000 });
      expect((await page.getByTestId('flow-result').textContent())?.trim()).toMatch(/^Online via LTE as backup/);
      await inViewport(page, 'flow-result');
      await homeTitle(page, 'Online via LTE as backup');
      await shot(page, 'seed-online-800x480');
      await axe(page, 'seed online');
      // Disconnect by keyboard too: focus is on the result, its button is the next stop.
      await page.keyboard.press('Tab');
      expect(await active()).toBe('Disconnect');
      await page.keyboard.press('Enter');
      await homeTitle(page, 'Offline: usb0 is not connected');
    } finally {
      await page.close();
      await served.stop();
    }
  }, 90_000);

  it('from fresh: switches to RNDIS, sets the APN, ends Online with the result in view at 800×480', async () => {
    const served = await serveDemo('fresh');
    const page = await open(served, SMALL);
    try {
      await homeTitle(page, 'Offline: the modem is in QMI mode');
      await page.getByTestId('home-action').click();
      // Progress is visible while the modem restarts (the step that moves stays in view).
      await page.getByRole('list', { name: 'Get online progress' }).waitFor({ timeout: 5000 });
      await shot(page, 'fresh-get-online-running-800x480');
      await page.getByTestId('flow-result').waitFor({ timeout: 90_000 });
      expect((await page.getByTestId('flow-result').textContent())?.trim()).toMatch(/^Online via LTE as backup/);
      await inViewport(page, 'flow-result');
      const steps = await page.getByRole('list', { name: 'Get online progress' }).textContent();
      expect(steps).toContain('Switched to RNDIS');
      expect(steps).toContain('internet.freedommobile.ca');
      await shot(page, 'fresh-online-800x480');
    } finally {
      await page.close();
      await served.stop();
    }
  }, 120_000);
});

describe('SIM PIN dialog on --demo pin-locked', () => {
  it('masked input, tries left, a wrong PIN counted, the right one unlocks; 0 axe violations', async () => {
    const served = await serveDemo('pin-locked');
    const page = await open(served, SMALL);
    try {
      await homeTitle(page, 'Offline: the SIM is locked');
      await page.getByTestId('home-action').click();
      const dialog = page.getByRole('dialog', { name: 'Enter the SIM PIN' });
      await dialog.getByText('3 tries left.').waitFor({ timeout: 10_000 });
      const input = dialog.getByLabel('SIM PIN (4 to 8 digits)');
      expect(await input.getAttribute('type')).toBe('password');
      expect(await page.evaluate('document.activeElement.id')).toBe('pin-input');
      await shot(page, 'pin-dialog-800x480');
      await axe(page, 'PIN dialog');
      await input.fill('0000');
      await page.keyboard.press('Enter');
      await dialog.getByText('Wrong PIN: 2 tries left before the SIM asks for its PUK.').waitFor({ timeout: 10_000 });
      await shot(page, 'pin-dialog-wrong-800x480');
      await input.fill('1234');
      await dialog.getByRole('button', { name: 'Unlock' }).click();
      await dialog.getByText('PIN accepted: the SIM is unlocked.').waitFor({ timeout: 10_000 });
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
      // Unlocked: the SIM registers, and Home moves on to the next link of the chain.
      const h1 = page.getByTestId('home-state');
      await page.waitForFunction((el) => !/SIM is locked/.test(el?.textContent ?? ''), await h1.elementHandle(), { timeout: 20_000 });
      await shot(page, 'pin-unlocked-800x480');
    } finally {
      await page.close();
      await served.stop();
    }
  }, 90_000);
});

describe('every screen of --demo seed, light and dark', () => {
  let served: Served;
  let page: Page;
  beforeAll(async () => {
    served = await serveDemo('seed');
    page = await open(served, SMALL);
    await homeTitle(page, 'Offline: the APN is empty');
  });
  afterAll(async () => {
    await page?.close();
    await served?.stop();
  });

  it('carrier picker: UK and USA find their carriers (not Ukraine), "no results" says so', async () => {
    await page.setViewportSize(LARGE);
    await nav(page, 'Carrier & APN');
    const picker = page.getByRole('combobox', { name: 'Carrier' });
    await picker.fill('UK');
    const list = page.getByRole('listbox', { name: 'Carriers' });
    await list.waitFor({ timeout: 10_000 });
    const tags = await list.locator('.tag').allTextContents();
    expect(tags.length).toBeGreaterThan(3);
    expect(new Set(tags)).toEqual(new Set(['GB']));
    expect(await page.locator('#carrier-found').textContent()).toContain('UK = Britain');
    await shot(page, 'picker-uk-1280x800');
    await axe(page, 'picker UK');
    await picker.fill('USA');
    await page.locator('#carrier-found').getByText(/USA = United States/).waitFor({ timeout: 10_000 });
    expect(new Set(await list.locator('.tag').allTextContents())).toEqual(new Set(['US']));
    expect(await list.textContent()).toContain('T-Mobile');
    await shot(page, 'picker-usa-1280x800');
    await picker.fill('zzqx');
    await page.locator('#carrier-found').getByText('No results for “zzqx”').waitFor({ timeout: 10_000 });
    await picker.press('Escape');
    await page.getByRole('combobox', { name: 'Country' }).selectOption('gb');
    await page.getByRole('combobox', { name: 'Provider' }).selectOption({ index: 1 });
    await page.getByRole('list', { name: 'Plans' }).waitFor({ timeout: 10_000 });
    await shot(page, 'picker-browse-1280x800');
    await axe(page, 'picker browse');
  }, 60_000);

  it('Mode, Connection, Doctor (run), AT console, Settings: 0 axe violations; screenshots', async () => {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const name of ['Mode', 'Connection', 'Doctor', 'AT console', 'Settings']) {
        await nav(page, name);
        await page.locator('h1').first().waitFor();
        expect(await page.locator('h1').count(), name).toBe(1);
        if (name === 'Doctor' && viewport === SMALL) {
          await page.getByRole('button', { name: 'Run diagnostics' }).click();
          await page.getByTestId('verdict').waitFor({ timeout: 20_000 });
        }
        if (name === 'Connection') await page.getByText('Registered (home)').waitFor({ timeout: 10_000 });
        await shot(page, `seed-${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${size(viewport)}`);
        await axe(page, `${name} ${size(viewport)}`);
      }
    }
  }, 120_000);

  it('touch targets are at least 44 px (buttons, fields, radio labels)', async () => {
    await page.setViewportSize(SMALL);
    await nav(page, 'Modem');
    await homeTitle(page, 'Offline: the APN is empty');
    const small = (await page.evaluate(`[...document.querySelectorAll('button, input:not([type=radio]), select, fieldset label')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ what: e.textContent.trim().slice(0, 30) || e.id, h: e.getBoundingClientRect().height }))
      .filter((r) => r.h < 44)`)) as { what: string; h: number }[];
    expect(small).toEqual([]);
    const radio = (await page.evaluate(`Math.min(...[...document.querySelectorAll('input[type=radio]')].map((r) => r.getBoundingClientRect().width))`)) as number;
    expect(radio).toBeGreaterThanOrEqual(24);
  });
});

describe('server loss', () => {
  it('shows a banner at once and no spinner keeps running when `simhat serve` dies', async () => {
    const served = await serveDemo('no-signal');
    const page = await open(served, SMALL);
    try {
      await homeTitle(page, 'Offline: no signal');
      await nav(page, 'Doctor');
      await page.getByRole('button', { name: 'Run diagnostics' }).click();
      served.child.kill('SIGKILL');
      const banner = page.getByTestId('link-banner');
      await banner.getByText('Connection to simhat lost.').waitFor({ timeout: 5000 });
      // The diagnosis that was waiting ends with the reason instead of "Running diagnostics…" forever.
      await page.getByRole('alert').filter({ hasText: /Lost the connection to simhat|Connection to simhat lost/ }).first().waitFor({ timeout: 5000 });
      await page.waitForFunction('!document.body.textContent.includes("Running diagnostics…")', null, { timeout: 5000 });
      await shot(page, 'server-lost-800x480');
      await axe(page, 'server lost');
    } finally {
      await page.close();
      await served.stop();
    }
  }, 60_000);
});

describe('page health', () => {
  it('ran without script errors or CSP violations', () => {
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
