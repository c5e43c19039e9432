// Dark and light themes (issue 7): the system preference decides unless Settings pins one
// (data-theme on <html>). Checked on the real computed colours in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveDemo, type Chromium, type Served } from './serve-harness.js';

const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(18, 20, 23)';

let served: Served;
let browser: Chromium;
beforeAll(async () => {
  served = await serveDemo('seed');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('theme', () => {
  for (const system of ['light', 'dark'] as const) {
    it(`follows a ${system} system preference and obeys a pinned theme`, async () => {
      const page = await browser.context.newPage();
      try {
        await page.emulateMedia({ colorScheme: system });
        await page.goto(served.url);
        // The app applies the saved theme once its settings load: pin only after that, or it undoes ours.
        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByText(/^In use: /).first().waitFor({ timeout: 10_000 });
        const bg = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
        expect(await bg()).toBe(system === 'light' ? LIGHT_BG : DARK_BG);
        await page.evaluate("document.documentElement.dataset.theme = 'light'");
        expect(await bg()).toBe(LIGHT_BG);
        await page.evaluate("document.documentElement.dataset.theme = 'dark'");
        expect(await bg()).toBe(DARK_BG);
      } finally {
        await page.close();
      }
    });
  }
});
