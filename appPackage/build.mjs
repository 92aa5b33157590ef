#!/usr/bin/env node
// Builds the Teams app package from appPackage/manifest.json and the two icons:
//   appPackage/build/manifest.json   placeholders filled from environment variables
//   appPackage/build/aims.zip        manifest.json + color.png + outline.png, ready to upload
// Required variables (azd exports them after `azd provision`): TEAMS_APP_ID, BOT_ID, BOT_DOMAIN.
// Optional: APP_VERSION (default: <Version> in Directory.Build.props), AIMS_WEBSITE_URL,
// AIMS_PRIVACY_URL, AIMS_TERMS_URL (default: https://<BOT_DOMAIN>/).
// Usage: node appPackage/build.mjs [--allow-placeholders] [--out dir]
//   --allow-placeholders  use dummy values for missing variables (validation-only builds;
//                         the result must not be uploaded)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  appPackageDir, checkIcons, createZip, repoRoot, resolvePlaceholders, substitute, validateManifest,
} from './lib.mjs';

const fail = (lines) => {
  console.error('build: FAIL');
  for (const l of [].concat(lines)) console.error(`  - ${l}`);
  process.exit(1);
};

let args;
try {
  args = parseArgs({
    options: {
      'allow-placeholders': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`build: ${e.message}`);
  process.exit(2);
}

const outDir = resolve(args.out ?? join(appPackageDir, 'build'));
const source = readFileSync(join(appPackageDir, 'manifest.json'), 'utf8').replace(/^\uFEFF/, '');
const { values, errors } = resolvePlaceholders(source, { allowPlaceholders: args['allow-placeholders'] });
if (errors.length) {
  fail([...errors, 'run after `azd provision` (the postprovision hook does), or set the variables yourself;',
    'for a validation-only build pass --allow-placeholders']);
}

let manifest;
try {
  manifest = JSON.parse(substitute(source, values));
} catch (e) {
  fail(`manifest.json is not valid JSON after substitution: ${e.message}`);
}
const colorPath = join(appPackageDir, 'color.png');
const outlinePath = join(appPackageDir, 'outline.png');
const problems = [...validateManifest(manifest), ...checkIcons(colorPath, outlinePath)];
if (problems.length) fail(problems);

mkdirSync(outDir, { recursive: true });
const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
writeFileSync(join(outDir, 'manifest.json'), manifestJson);
const zip = createZip([
  { name: 'manifest.json', data: manifestJson },
  { name: 'color.png', data: readFileSync(colorPath) },
  { name: 'outline.png', data: readFileSync(outlinePath) },
]);
const zipPath = join(outDir, 'aims.zip');
writeFileSync(zipPath, zip);

const shown = (p) => relative(repoRoot, p) || p;
if (args['allow-placeholders']) console.log('build: NOTE dummy values were used; do not upload this package');
console.log(`build: Teams app ${manifest.id} v${manifest.version}, bot ${manifest.bots[0].botId} at ${values.BOT_DOMAIN}`);
console.log(`build: wrote ${shown(join(outDir, 'manifest.json'))} and ${shown(zipPath)} (${zip.length} bytes)`);
