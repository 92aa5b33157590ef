#!/usr/bin/env node
// Validates the Teams app package sources without any Azure values:
//  - manifest.json, with ${{...}} placeholders replaced by valid dummies (a GUID for ids,
//    aims.example.com for the domain), against the JSON schema bundled in
//    @microsoft/app-manifest for its manifestVersion, plus rules the schema cannot express;
//  - color.png is 192x192; outline.png is 32x32 with alpha, every visible pixel white.
// Usage (from anywhere):
//   node appPackage/validate.mjs [--manifest path] [--color path] [--outline path]
//   node appPackage/validate.mjs --print-commands   # the bot commands as JSON, for tests
// A manifest without placeholders (e.g. appPackage/build/manifest.json) is validated as is.
// Exit code: 0 valid, 1 invalid, 2 bad usage.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  appPackageDir, botCommands, checkIcons, resolvePlaceholders, substitute, validateManifest,
} from './lib.mjs';

let args;
try {
  args = parseArgs({
    options: {
      manifest: { type: 'string' },
      color: { type: 'string' },
      outline: { type: 'string' },
      'print-commands': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`validate: ${e.message}`);
  process.exit(2);
}
if (args.help) {
  console.log('usage: node appPackage/validate.mjs [--manifest path] [--color path] [--outline path] [--print-commands]');
  process.exit(0);
}

const manifestPath = resolve(args.manifest ?? join(appPackageDir, 'manifest.json'));
const colorPath = resolve(args.color ?? join(appPackageDir, 'color.png'));
const outlinePath = resolve(args.outline ?? join(appPackageDir, 'outline.png'));

/** Loads a manifest and fills its placeholders with dummies. Returns { manifest, errors }. */
function loadManifest(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { errors: [`cannot read ${path}: ${e.message}`] };
  }
  const { values, errors } = resolvePlaceholders(text, { mode: 'dummy' });
  if (errors.length) return { errors };
  try {
    return { manifest: JSON.parse(substitute(text.replace(/^\uFEFF/, ''), values)), errors: [] };
  } catch (e) {
    return { errors: [`${path} is not valid JSON: ${e.message}`] };
  }
}

const { manifest, errors } = loadManifest(manifestPath);

if (args['print-commands']) {
  if (!manifest) {
    for (const e of errors) console.error(`validate: ${e}`);
    process.exit(1);
  }
  console.log(JSON.stringify(botCommands(manifest), null, 2));
  process.exit(0);
}

if (manifest) {
  try {
    errors.push(...validateManifest(manifest).map((e) => `${manifestPath}: ${e}`));
  } catch (e) {
    errors.push(`${manifestPath}: ${e.message}`);
  }
}
errors.push(...checkIcons(colorPath, outlinePath));

if (errors.length) {
  console.error(`validate: FAIL (${errors.length} problem${errors.length === 1 ? '' : 's'})`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
const commands = botCommands(manifest).map((c) => c.title).join(', ');
console.log(`validate: ok   ${manifestPath} (Teams manifest v${manifest.manifestVersion}; commands: ${commands})`);
console.log(`validate: ok   ${colorPath} (192x192)`);
console.log(`validate: ok   ${outlinePath} (32x32, white on transparent)`);
console.log('validate: PASS');
