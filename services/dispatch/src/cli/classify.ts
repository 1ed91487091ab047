/**
 * Offline classification through the same code path dispatch runs:
 *   npm run --silent classify -- --region wuhai [--learn corrections.csv] < in.csv > out.csv
 * in.csv: id,title,body — out.csv: id,major,minor,department,confidence
 * corrections.csv: id,title,body,major[,minor] — applied as operator corrections first.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { loadTrainingRegion } from '@govflow/regions/training';
import { regionClassifier, type Correction } from '../domain/classification/classify';
import { pickDepartment } from '../domain/routing/departments';
import { jiebaSegmenter } from '../adapters/segmenter';
import type { RegionConfig } from '@govflow/contracts';

const { values } = parseArgs({ options: { region: { type: 'string', default: 'wuhai' }, learn: { type: 'string' } } });
const region = loadTrainingRegion(values.region!);
const segment = jiebaSegmenter(region);

/** A correction names a minor, or only a major: then the major's likeliest minor for that text. */
function corrections(path: string, region: RegionConfig): Correction[] {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const probe = regionClassifier(region, { segment });
  return rows.flatMap((row) => {
    const title = row.title ?? '';
    const body = row.body ?? '';
    if (row.minor && region.taxonomy.minors.some((m) => m.code === row.minor)) return [{ title, body, minor: row.minor }];
    const inMajor = region.taxonomy.minors.filter((m) => m.major === row.major);
    if (inMajor.length === 0) return [];
    const guess = probe.classify(title, body, 'complaint');
    const minor = guess && guess.minor.major === row.major ? guess.minor.code : (inMajor.find((m) => m.code.endsWith('-other')) ?? inMajor[0]!).code;
    return [{ title, body, minor }];
  });
}

const classifier = regionClassifier(region, { segment, corrections: values.learn ? corrections(values.learn, region) : [] });
const input = parse(readFileSync(0), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
const out = input.map((row) => {
  const result = classifier.classify(row.title ?? '', row.body ?? '', 'complaint');
  if (!result) return [row.id, '', '', '', '0'];
  const department = pickDepartment(region, result.minor, { resolvedBy: 'unresolved' })?.lead.id ?? '';
  return [row.id, result.minor.major, result.minor.code, department, String(result.confidence)];
});
process.stdout.write(stringify([['id', 'major', 'minor', 'department', 'confidence'], ...out]));
