// Screenshots of the AIMS workspace for the README: the home page and the SoA editor, light and dark, as Alex Wilber
// (the demo AIMS manager). Needs a running DevHost with the demo organisation (./aims dev) and Debian's chromium.
// Usage: node tools/workspace-screenshots.mjs [baseUrl] [outDir]   (defaults: http://localhost:3978, docs/img)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:3978';
const outDir = process.argv[3] ?? 'docs/img';
const alex = '00000000-0000-0000-0000-0000000000020';
const profile = mkdtempSync(join(tmpdir(), 'aims-shots-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.AIMS_CHROMIUM || '/usr/bin/chromium',
  // The closed network refuses Chromium's own background connections; these flags keep it from hanging on them.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1000 },
});
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  for (const theme of ['default', 'dark']) {
    const name = theme === 'default' ? 'light' : 'dark';
    await page.goto(`${baseUrl}/workspace/?as=${alex}&theme=${theme}`);
    await page.getByRole('table', { name: 'Gaps and what would close them' }).waitFor();
    await page.locator('td[aria-label^="likelihood"]').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(outDir, `workspace-home-${name}.png`) });
    await page.goto(`${baseUrl}/workspace/soa?as=${alex}&theme=${theme}`);
    await page.getByRole('group', { name: /^A\.2\.2 / }).waitFor();
    await page.screenshot({ path: join(outDir, `workspace-soa-${name}.png`) });
    console.log(`${name}: ${join(outDir, `workspace-home-${name}.png`)}, ${join(outDir, `workspace-soa-${name}.png`)}`);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
