/**
 * `npm run classify:evaluate [-- --file held-out.csv]`: accuracy by major, the confusion
 * between majors, throughput on one core and model load time, for a labelled CSV
 * (id,title,body,major). Defaults to our own held-out set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { majorCodes } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { regionClassifier } from '../domain/classify';

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'wuhai' },
    file: { type: 'string', default: join(import.meta.dirname, '..', '..', 'test', 'data', 'heldout.csv') },
  },
});
const rows = parse(readFileSync(values.file!), { columns: true, skip_empty_lines: true }) as { id: string; title: string; body: string; major: string }[];
const region = loadRegion(values.region!);

const loadStart = performance.now();
const classifier = regionClassifier(region);
const loadMs = performance.now() - loadStart;

const confusion = new Map<string, Map<string, number>>();
let correct = 0;
let triaged = 0;
for (const row of rows) {
  const result = classifier.classify(row.title, row.body, 'complaint');
  const predicted = result?.minor.major ?? '(none)';
  if ((result?.confidence ?? 0) < region.settings.classificationThreshold) triaged++;
  if (predicted === row.major) correct++;
  const line = confusion.get(row.major) ?? new Map<string, number>();
  line.set(predicted, (line.get(predicted) ?? 0) + 1);
  confusion.set(row.major, line);
}

const rounds = Math.max(1, Math.ceil(5000 / rows.length));
const start = performance.now();
for (let i = 0; i < rounds; i++) for (const row of rows) classifier.classify(row.title, row.body, 'complaint');
const perSecond = (rounds * rows.length * 1000) / (performance.now() - start);

console.log(`${rows.length} messages, region ${region.id}`);
console.log(`major accuracy   ${((100 * correct) / rows.length).toFixed(1)}% (${correct}/${rows.length}); below the triage threshold: ${triaged}`);
console.log(`model load       ${loadMs.toFixed(0)} ms (${region.taxonomy.minors.length} categories)`);
console.log(`throughput       ${perSecond.toFixed(0)} classifications/s on one core`);
console.log('confusion (rows: true major, columns: predicted; only off-diagonal cells)');
for (const major of majorCodes) {
  const line = confusion.get(major);
  if (!line) continue;
  const off = [...line].filter(([p]) => p !== major).map(([p, n]) => `${p}×${n}`);
  if (off.length) console.log(`  ${major.padEnd(12)} ${off.join('  ')}`);
}
