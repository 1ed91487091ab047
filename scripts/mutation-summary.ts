/**
 * Sums up Stryker's JSON reports under reports/mutation/ (one per run: `all`, or one per
 * MUTATION_AREA) into a score per area and per file and the list of surviving mutants,
 * printed and written to reports/mutation/summary.txt. A file found in several reports is
 * taken from the newest. Static mutants are counted apart and left out of the score, as
 * `ignoreStatic` does, whether or not a run tested them.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  /** In module-level code run once at import; `ignoreStatic` leaves these out (see stryker.config.mjs). */
  static?: boolean;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const dir = resolve(import.meta.dirname, '..', 'reports', 'mutation');
const reports = existsSync(dir)
  ? readdirSync(dir)
      .map((name) => join(dir, name, 'mutation.json'))
      .filter((path) => existsSync(path))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
  : [];
if (reports.length === 0) {
  console.error('No report under reports/mutation/: run `npm run mutation` first.');
  process.exit(1);
}

const files = new Map<string, Mutant[]>();
for (const path of reports) {
  for (const [file, { mutants }] of Object.entries((JSON.parse(readFileSync(path, 'utf8')) as Report).files)) files.set(file, mutants);
}
const staticCount = new Map<string, number>();
for (const [file, mutants] of files) {
  staticCount.set(file, mutants.filter((m) => m.static).length);
  files.set(file, mutants.filter((m) => !m.static));
}

const areaOf = (file: string) => (file.startsWith('platform/') ? 'platform' : (file.split('/')[1] ?? file));
/** Stryker's score: detected (killed or timed out) over valid mutants (those plus survived and not covered). */
function score(mutants: Mutant[]) {
  const detected = mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  const undetected = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length;
  return { detected, undetected, percent: detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected) };
}
const line = (name: string, mutants: Mutant[], statics: number) => {
  const s = score(mutants);
  return `${s.percent.toFixed(1).padStart(6)} %  ${String(s.detected).padStart(5)} detected  ${String(s.undetected).padStart(4)} undetected  ${String(statics).padStart(3)} static  ${name}`;
};
const staticsOf = (list: string[]) => list.reduce((sum, file) => sum + (staticCount.get(file) ?? 0), 0);

const out: string[] = [];
const sorted = [...files.entries()].sort(([a], [b]) => a.localeCompare(b));
const areas = [...new Set(sorted.map(([file]) => areaOf(file)))];
out.push('Mutation score by area');
for (const area of areas) {
  const inArea = sorted.filter(([f]) => areaOf(f) === area);
  out.push(line(area, inArea.flatMap(([, m]) => m), staticsOf(inArea.map(([f]) => f))));
}
out.push(line('all', sorted.flatMap(([, m]) => m), staticsOf(sorted.map(([f]) => f))), '', 'By file');
for (const [file, mutants] of sorted) out.push(line(file, mutants, staticCount.get(file) ?? 0));
out.push('', 'Surviving and uncovered mutants (file:line mutator → replacement)');
for (const [file, mutants] of sorted) {
  for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage').sort((a, b) => a.location.start.line - b.location.start.line)) {
    out.push(`${file}:${m.location.start.line} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''} → ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`);
  }
}
writeFileSync(join(dir, 'summary.txt'), `${out.join('\n')}\n`);
console.log(out.slice(0, areas.length + 2).join('\n'));
console.log(`(per file and survivors: reports/mutation/summary.txt)`);
