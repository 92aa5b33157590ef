// Renders Adaptive Card JSON files with Microsoft's HTML renderer (npm "adaptivecards") in headless Chromium, as a client
// that shows text without markdown processing would (some Teams mobile clients have shown markdown escapes verbatim).
// Usage: node render-cards.mjs DIR [--screenshots OUTDIR NAME...]
// Prints one JSON object per card: {file, errors:[...], text} and exits 1 if any card has an error. An error is a backslash in
// the rendered text that the card's own text does not hold (escapes removed), or a card that does not render.
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { withTeamsExtensions } from './teams-extensions.mjs';

const require = createRequire(import.meta.url);
const bundle = require.resolve('adaptivecards/dist/adaptivecards.min.js');
const css = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');

// The machine's network is closed: without these flags Chromium tries to reach Google's services and hangs or fails.
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function openRenderer() {
  const profile = mkdtempSync(join(tmpdir(), 'aims-cards-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.AIMS_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 560, height: 900 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  await page.setContent(`<!DOCTYPE html><html><head><style>${css} body{margin:0;font-family:"Segoe UI",sans-serif;background:#f5f5f5}
    #card{width:520px;margin:12px;background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003}</style></head><body><div id="card"></div></body></html>`);
  await page.addScriptTag({ path: bundle });
  return {
    page,
    async render(json) {
      return page.evaluate((card) => {
        const host = document.getElementById('card');
        host.innerHTML = '';
        const ac = new AdaptiveCards.AdaptiveCard();
        const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
        ac.parse(card, context);
        const problems = [];
        for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
        const element = ac.render();
        if (!element) return { problems: [...problems, 'render produced nothing'], text: '' };
        host.appendChild(element);
        // Hidden parts (Action.ShowCard cards, toggled elements) are shown so their text is checked too.
        return { problems, text: element.innerText + '\n' + element.textContent };
      }, json);
    },
    async screenshot(path) {
      await page.locator('#card').screenshot({ path });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The text a card means to show: every displayed string of its JSON with the markdown escapes taken out. */
export function intendedTexts(node, out = []) {
  if (Array.isArray(node)) { for (const item of node) intendedTexts(item, out); return out; }
  if (node === null || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'].includes(key)) {
      out.push(value.replace(/\\([!-\/:-@\[-`{-~])/g, '$1'));
    } else if (typeof value === 'object') {
      intendedTexts(value, out);
    }
  }
  return out;
}

export function strayBackslashes(rendered, card) {
  let rest = rendered;
  for (const text of intendedTexts(card).filter((t) => t.includes('\\')).sort((a, b) => b.length - a.length)) {
    rest = rest.split(text).join('');
  }
  const found = [];
  for (let i = rest.indexOf('\\'); i >= 0 && found.length < 5; i = rest.indexOf('\\', i + 1)) {
    found.push(JSON.stringify(rest.slice(Math.max(0, i - 30), i + 30)));
  }
  return found;
}

if (process.argv[1] && basename(process.argv[1]) === 'render-cards.mjs') {
  const [dir, flag, outDir, ...names] = process.argv.slice(2);
  const renderer = await openRenderer();
  let bad = 0;
  try {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const card = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const { problems, text } = await renderer.render(card);
      const stray = strayBackslashes(text, card);
      const errors = [...withTeamsExtensions(problems, card), ...(stray.length ? [`rendered text shows a backslash the card's text does not hold: ${stray.join(' | ')}`] : [])];
      if (errors.length) bad++;
      const name = file.replace(/\.json$/, '');
      if (flag === '--screenshots' && names.includes(name)) await renderer.screenshot(join(outDir, `${name}.png`));
      console.log(JSON.stringify({ file, errors, length: text.length }));
    }
  } finally {
    await renderer.close();
  }
  process.exit(bad ? 1 : 0);
}
