// Takes a screenshot of the running local stack (./aims dev) as a person sees it: opens the Agents Playground in
// headless Chromium, types the given commands, and saves a PNG. Needs Debian's chromium (apt-get install chromium).
// Usage: node tools/playground-screenshot.mjs [out.png] [command ...]   e.g. node tools/playground-screenshot.mjs docs/img/help.png help
import { chromium } from 'playwright-core';

const [out = 'playground.png', ...commands] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(process.env.PLAYGROUND_URL || 'http://localhost:56150', { waitUntil: 'networkidle' });
  for (const command of commands.length ? commands : ['help']) {
    const box = page.locator('[contenteditable="true"], textarea').first();
    await box.click();
    await box.fill(command);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
  }
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
