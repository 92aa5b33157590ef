// Screenshots of cards as Microsoft's adaptivecards HTML renderer draws them in headless Chromium (no markdown processing, as
// the strictest client shows text), for the docs. The card JSON comes from the card render test, which leaves every card it
// renders in .test-results/cards:
//   ./aims test --filter "FullyQualifiedName~CardRenderTests" && node tools/card-screenshots.mjs
// Usage: node tools/card-screenshots.mjs [CARD_DIR] [OUT_DIR] [NAME ...]   (names without .json; default: the showcase cards)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRenderer } from '../tests/cards/render-cards.mjs';

const [dir = '.test-results/cards', out = 'docs/img', ...names] = process.argv.slice(2);
const wanted = names.length ? names : ['showcase-risk-approval', 'showcase-attestation', 'showcase-campaign-form', 'showcase-digest'];
const renderer = await openRenderer();
try {
  for (const name of wanted) {
    const { problems } = await renderer.render(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
    if (problems.length) console.warn(`${name}: ${problems.join('; ')}`);
    const path = join(out, `card-${name.replace(/^showcase-/, '')}.png`);
    await renderer.screenshot(path);
    console.log(`saved ${path}`);
  }
} finally {
  await renderer.close();
}
