// One run of the workspace benchmark (docs/benchmarks.md): opens the home page as the demo AIMS manager in Debian's Chromium,
// sums the gzipped size of every script the page loaded, and times navigation start to the rendered dashboard (both heatmaps
// showing every risk of the register). Prints one JSON line. Usage: node measure.mjs <baseUrl> <objectId> <risks>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const [, , baseUrl, person, risks] = process.argv;
const profile = mkdtempSync(join(tmpdir(), 'aims-bench-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.AIMS_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1000 },
});
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  const scripts = [];
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => ({ url: r.url(), raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
  });
  await page.goto(`${baseUrl}/workspace/?as=${person}`);
  await page.getByText(`Residual (likelihood × impact), ${risks} risks`).waitFor({ timeout: 120000 });
  await page.getByText(`Inherent (likelihood × impact), ${risks} risks`).waitFor({ timeout: 120000 });
  const renderedMs = await page.evaluate(() => performance.now());
  // Where the time went: when each script and API request started and ended (resource timing), and when the document was parsed.
  const timeline = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const requests = performance.getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'fetch' || e.initiatorType === 'script')
      .map((e) => ({ name: new URL(e.name).pathname.replace(/^.*\/(api|workspace)\//, '$1/') + new URL(e.name).search, start: Math.round(e.startTime), end: Math.round(e.responseEnd) }));
    return { domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0), requests };
  });
  // The same API requests again, one at a time, so a slow one can be told from one that waited for the others.
  for (const r of timeline.requests.filter((q) => q.name.startsWith('api/'))) {
    r.aloneMs = await page.evaluate(async ([path, who]) => {
      const started = performance.now();
      const answer = await fetch(`/${path}`, { headers: { 'X-Aims-User': who } });
      await answer.arrayBuffer();
      return Math.round(performance.now() - started);
    }, [r.name, person]);
  }
  const loaded = await Promise.all(scripts);
  console.log(JSON.stringify({ renderedMs, scripts: loaded.length, rawBytes: loaded.reduce((a, s) => a + s.raw, 0), gzipBytes: loaded.reduce((a, s) => a + s.gzip, 0), timeline }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
