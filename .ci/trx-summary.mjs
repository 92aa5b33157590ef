// Sums the counters of every .trx file under a folder and prints "tests: N passed, N failed[, N skipped]" as the last line.
// Exits 1 when a test failed or when no test ran at all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); statSync(p).isDirectory() ? walk(p) : p.endsWith('.trx') && files.push(p); } };
walk(dir);
let passed = 0, failed = 0, skipped = 0, total = 0;
for (const f of files) {
  const xml = readFileSync(f, 'utf8');
  const m = xml.match(/<Counters\s([^>]*)\/>/);
  if (!m) { console.error(`no counters in ${f}`); failed++; continue; }
  const attr = (n) => Number((m[1].match(new RegExp(`\\b${n}="(\\d+)"`)) || [0, 0])[1]);
  total += attr('total');
  passed += attr('passed');
  failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  skipped += attr('notExecuted');
  const failedTests = [...xml.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"/g)].map(x => x[1]);
  for (const t of failedTests) console.error(`FAILED: ${t}`);
}
if (files.length === 0) console.error(`no test results (.trx) found in ${dir}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || total === 0 ? 1 : 0);
