// `npm run bench:ui` (issue 7): renderer JS size gzipped (target <= 80 KB), time from page load to the
// first modem card in demo mode in headless Chromium (target <= 500 ms, median of RUNS fresh pages),
// and the `simhat serve --demo seed` process's idle RSS (target <= 80 MB). Issue 14 adds the time to
// the Home verdict ("Offline: the APN is empty", the state at a glance; target <= 800 ms) and the
// wall time of "Get online" on the seed demo (press -> Online shown). Needs `npm run build`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, ROOT, serveDemo } from '../test/e2e/serve-harness.js';

const RUNS = 10;
const TARGETS = { jsGzipKb: 80, firstCardMs: 500, idleRssMb: 80, homeVerdictMs: 800 };

function rendererJsGzip(): { files: number; raw: number; gzip: number } {
  const dir = join(ROOT, 'dist/renderer/assets');
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const buf = readFileSync(join(dir, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
    files++;
  }
  return { files, raw, gzip };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<number> {
  const js = rendererJsGzip();
  const served = await serveDemo('seed');
  const chrome = await launchChromium({ width: 800, height: 480 });
  const times: number[] = [];
  // Injected by the browser before the page's own scripts (CDP, so the page's CSP does not apply).
  await chrome.context.addInitScript(`
    new MutationObserver((_, obs) => {
      if (document.querySelector('article.modem-card')) { performance.mark('bench:first-card'); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
    new MutationObserver((_, obs) => {
      const h = document.querySelector('[data-testid="home-state"]');
      if (h && /^(Offline|Online)/.test(h.textContent)) { performance.mark('bench:home-verdict'); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  `);
  const verdicts: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await chrome.context.newPage();
      await page.goto(served.url);
      await page.waitForSelector('article.modem-card', { timeout: 10_000 });
      // The init script's MutationObserver marked the moment the card entered the DOM; mark times count
      // from the page's navigation start, so this is page load -> first card (no harness round trips).
      times.push((await page.evaluate("performance.getEntriesByName('bench:first-card')[0].startTime")) as number);
      await page.waitForFunction("performance.getEntriesByName('bench:home-verdict').length > 0", null, { timeout: 10_000 });
      verdicts.push((await page.evaluate("performance.getEntriesByName('bench:home-verdict')[0].startTime")) as number);
      await page.close();
    }
    // "Get online" once on the seed demo: press -> "Online" shown (demo timings: DHCP steps, re-attach).
    const page = await chrome.context.newPage();
    await page.goto(served.url);
    await page.getByTestId('home-action').waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    await page.getByTestId('home-action').click();
    await page.getByTestId('flow-result').getByText(/^Online via/).waitFor({ timeout: 60_000 });
    const getOnlineMs = Date.now() - t0;
    await page.close();
    await new Promise((r) => setTimeout(r, 3000)); // let the service settle before reading its RSS
    const rss = rssMb(served.child.pid!);
    const rows = [
      ['renderer JS gzipped', `${(js.gzip / 1024).toFixed(1)} KB (${js.files} file, ${(js.raw / 1024).toFixed(1)} KB raw)`, `<= ${TARGETS.jsGzipKb} KB`, js.gzip / 1024 <= TARGETS.jsGzipKb],
      [
        `page load -> first modem card (median of ${RUNS})`,
        `${median(times).toFixed(0)} ms (first ${times[0]!.toFixed(0)}, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
        `<= ${TARGETS.firstCardMs} ms`,
        median(times) <= TARGETS.firstCardMs,
      ],
      [
        `page load -> Home verdict shown (median of ${RUNS})`,
        `${median(verdicts).toFixed(0)} ms (min ${Math.min(...verdicts).toFixed(0)}, max ${Math.max(...verdicts).toFixed(0)})`,
        `<= ${TARGETS.homeVerdictMs} ms`,
        median(verdicts) <= TARGETS.homeVerdictMs,
      ],
      ['"Get online" on the seed demo: press -> Online shown', `${getOnlineMs} ms`, 'figure only', true],
      ['service RSS idle (simhat serve --demo seed)', `${rss.toFixed(1)} MB`, `<= ${TARGETS.idleRssMb} MB`, rss <= TARGETS.idleRssMb],
    ] as const;
    for (const [name, value, target, ok] of rows) console.log(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(46)} ${value.padEnd(48)} target ${target}`);
    console.log(
      JSON.stringify({
        jsGzipBytes: js.gzip,
        firstCardMs: { median: median(times), runs: times.map(Math.round) },
        homeVerdictMs: { median: median(verdicts), runs: verdicts.map(Math.round) },
        getOnlineMs,
        idleRssMb: Number(rss.toFixed(1)),
      }),
    );
    return rows.every((r) => r[3]) ? 0 : 1;
  } finally {
    await chrome.close();
    await served.stop();
  }
}

process.exitCode = await main();
