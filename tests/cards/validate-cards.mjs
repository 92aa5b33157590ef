// Validates Adaptive Card JSON files with Microsoft's own library (npm "adaptivecards"), as Teams' renderer would parse them.
// Usage: node validate-cards.mjs FILE_OR_DIR...   Prints one JSON object per card: {file, errors:[...]} and exits 1 if any card has an error or warning.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withTeamsExtensions } from './teams-extensions.mjs';

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.HTMLElement = dom.window.HTMLElement;
globalThis.navigator = dom.window.navigator;
for (const name of Object.getOwnPropertyNames(dom.window)) {
  if (/^(HTML|SVG|Node|Element|Event|Document|Text|Comment|DOM)/.test(name) && !(name in globalThis)) globalThis[name] = dom.window[name];
}
// The lib/ build uses extensionless ES imports; dist/ is the bundle Node can load.
const AC = require('adaptivecards/dist/adaptivecards.js');

// Teams renders schema 1.5 for bot-sent cards.
// Teams renders markdown itself; the library's default handler only logs that none is set.
AC.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = text; result.didProcess = true; };

const targetVersion = AC.Versions.v1_5;

function validate(json) {
  const problems = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(targetVersion);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[e.event] ?? e.event} (${AC.ValidationPhase[e.phase] ?? e.phase}): ${e.message}`);
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    problems.push(`${AC.ValidationEvent[e.event] ?? e.event} (${AC.ValidationPhase[e.phase] ?? e.phase}): ${e.message}`);
  }
  // A typeahead (choices.data) is parsed at 1.6 too, where the library reads its Data.Query: its events count in full.
  if (JSON.stringify(json).includes('"choices.data"')) {
    const at16 = new AC.SerializationContext(AC.Versions.v1_6);
    new AC.AdaptiveCard().parse(json, at16);
    for (let i = 0; i < at16.eventCount; i++) problems.push(`at 1.6: ${at16.getEventAt(i).message}`);
  }
  if (json.type !== 'AdaptiveCard') problems.push('root type is not AdaptiveCard');
  if (json.version !== '1.5' && !(Number(json.version) <= 1.5)) problems.push(`version ${json.version} is newer than Teams renders`);
  // Rendering exercises the element tree the way a client does.
  try { if (!card.render()) problems.push('render produced nothing'); } catch (e) { problems.push(`render failed: ${e.message}`); }
  return withTeamsExtensions(problems, json);
}

const files = [];
for (const arg of process.argv.slice(2)) {
  if (statSync(arg).isDirectory()) { for (const f of readdirSync(arg)) if (f.endsWith('.json')) files.push(join(arg, f)); }
  else files.push(arg);
}
let bad = 0;
for (const file of files.sort()) {
  let errors;
  try { errors = validate(JSON.parse(readFileSync(file, 'utf8'))); } catch (e) { errors = [`not JSON: ${e.message}`]; }
  if (errors.length) bad++;
  console.log(JSON.stringify({ file, errors }));
}
process.exit(bad ? 1 : 0);
