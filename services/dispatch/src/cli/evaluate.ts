/**
 * `npm run evaluate [-- --file labelled.csv] [--model M] [--scoring S] [--compare] [--calibrate]`
 * For a labelled CSV (id,title,body,major): accuracy per major, the confusion pairs, accuracy
 * at coverage, the threshold that keeps automatic routing 90% right, calibration, model
 * load time and throughput on one core. Defaults to our development set of citizens' messages.
 * --compare: every model × major scoring on the same set. --calibrate: fits the temperature
 * and finds the threshold on cross-validated training examples (see `crossValidated`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { majorCodes } from '@govflow/contracts';
import { loadTrainingRegion } from '@govflow/regions/training';
import { readModelFile } from '../adapters/model-file';
import { jiebaSegmenter } from '../adapters/segmenter';
import { calibration, defaultModel, regionClassifier, type ClassifierOptions, type MajorScoring } from '../domain/classification/classify';
import { accuracyAtCoverage, calibrationError, logLoss, thresholdFor, type Outcome } from '../domain/classification/evaluation';
import { modelKinds, type ModelKind } from '../domain/classification/models';

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'wuhai' },
    file: { type: 'string', default: join(import.meta.dirname, '..', '..', 'test', 'data', 'citizens', 'dev.csv') },
    model: { type: 'string', default: defaultModel },
    scoring: { type: 'string', default: 'direct' },
    compare: { type: 'boolean', default: false },
    calibrate: { type: 'boolean', default: false },
  },
});
const rows = parse(readFileSync(values.file!), { columns: true, skip_empty_lines: true }) as { id: string; title: string; body: string; major: string }[];
const region = loadTrainingRegion(values.region!);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const precision = 0.9;
const coverages = [1, 0.9, 0.8, 0.7, 0.6, 0.5];

let start = performance.now();
const segment = jiebaSegmenter(region);
const segmenterMs = performance.now() - start;

/** Loads as the dispatch consumer does: the counts from the region's model file, when current. */
function run(options: Omit<ClassifierOptions, 'segment' | 'counts'>) {
  const begin = performance.now();
  const classifier = regionClassifier(region, { segment, counts: readModelFile(region).counts, ...options });
  const loadMs = performance.now() - begin;
  const results = rows.map((row) => {
    const result = classifier.classify(row.title, row.body, 'complaint');
    const predicted = result?.minor.major ?? '(none)';
    return { row, predicted, outcome: { correct: predicted === row.major, confidence: result?.confidence ?? 0 } as Outcome };
  });
  return { classifier, loadMs, results, outcomes: results.map((r) => r.outcome) };
}

/**
 * Outcomes on our own training examples, each classified by a model trained without it
 * (5-fold cross-validation over every category's examples). Harder than the evaluation set,
 * since the message's own scenario is missing from training: a more cautious base for the
 * temperature and the threshold than a set the model already gets almost all right.
 */
function crossValidated(options: Omit<ClassifierOptions, 'segment' | 'counts'>): Outcome[] {
  const folds = 5;
  const outcomes: Outcome[] = [];
  for (let k = 0; k < folds; k++) {
    const minors = region.taxonomy.minors.map((m) => ({ ...m, examples: m.examples.filter((_, i) => i % folds !== k) }));
    const classifier = regionClassifier({ ...region, taxonomy: { ...region.taxonomy, minors } }, { segment, ...options });
    for (const minor of region.taxonomy.minors) {
      for (const example of minor.examples.filter((_, i) => i % folds === k)) {
        const result = classifier.classify('', example, 'complaint');
        outcomes.push({ correct: result?.minor.major === minor.major, confidence: result?.confidence ?? 0 });
      }
    }
  }
  return outcomes;
}

if (values.calibrate) {
  console.log(`temperature fitted on held-out folds of the training examples (log-loss of confidence as P(right)); threshold for ${pct(precision)} right`);
  for (const model of modelKinds) {
    let best = { temperature: 1, loss: Infinity, outcomes: [] as Outcome[] };
    for (let t = 0.05; t <= 3; t *= 1.15) {
      const outcomes = crossValidated({ model, temperature: t, scoring: values.scoring as MajorScoring });
      const loss = logLoss(outcomes);
      if (loss < best.loss) best = { temperature: t, loss, outcomes };
    }
    const accuracy = best.outcomes.filter((o) => o.correct).length / best.outcomes.length;
    const target = thresholdFor(best.outcomes, precision);
    console.log(
      `${model.padEnd(15)} temperature ${best.temperature.toFixed(3)} (in use ${calibration[model]}); cross-validated accuracy ${pct(accuracy)}, ECE ${calibrationError(best.outcomes).toFixed(3)}; threshold ${target.threshold} covers ${pct(target.coverage)}`,
    );
  }
  process.exit(0);
}

if (values.compare) {
  console.log(`${rows.length} messages, region ${region.id}; coverage at which automatic routing is ${pct(precision)} right`);
  console.log('model            scoring         accuracy  acc@80%  coverage@90%  ECE    load');
  for (const model of modelKinds) {
    for (const scoring of ['direct', 'sum-of-minors'] as const) {
      const { outcomes, loadMs } = run({ model, scoring });
      const accuracy = outcomes.filter((o) => o.correct).length / outcomes.length;
      const at80 = accuracyAtCoverage(outcomes, [0.8])[0]!;
      console.log(
        `${model.padEnd(16)} ${scoring.padEnd(15)} ${pct(accuracy).padStart(8)} ${pct(at80.accuracy).padStart(8)} ${pct(thresholdFor(outcomes, precision).coverage).padStart(13)}  ${calibrationError(outcomes).toFixed(3)}  ${loadMs.toFixed(0)} ms`,
      );
    }
  }
  process.exit(0);
}

const { classifier, loadMs, results, outcomes } = run({ model: values.model as ModelKind, scoring: values.scoring as MajorScoring });
const correct = outcomes.filter((o) => o.correct).length;
const routed = outcomes.filter((o) => o.confidence >= region.settings.classificationThreshold);

const rounds = Math.max(1, Math.ceil(5000 / rows.length));
start = performance.now();
for (let i = 0; i < rounds; i++) for (const row of rows) classifier.classify(row.title, row.body, 'complaint');
const perSecond = (rounds * rows.length * 1000) / (performance.now() - start);

console.log(`${rows.length} messages, region ${region.id}, model ${values.model}, major scoring ${values.scoring}`);
console.log(`major accuracy   ${pct(correct / rows.length)} (${correct}/${rows.length})`);
console.log(
  `region threshold ${region.settings.classificationThreshold}: ${pct(routed.length / rows.length)} routed automatically, ${pct(routed.filter((o) => o.correct).length / Math.max(1, routed.length))} of them right; ${pct(1 - routed.length / rows.length)} to triage`,
);
const target = thresholdFor(outcomes, precision);
console.log(`for ${pct(precision)} right: threshold ${target.threshold}, covers ${pct(target.coverage)} (${pct(target.accuracy)} right)`);
console.log(`calibration      ECE ${calibrationError(outcomes).toFixed(3)}, log-loss ${logLoss(outcomes).toFixed(3)}`);
console.log(`load             segmenter ${segmenterMs.toFixed(0)} ms, model ${loadMs.toFixed(0)} ms (${region.taxonomy.minors.length} categories; model file ${readModelFile(region).counts ? 'current' : 'missing or stale: counted the training text'})`);
console.log(`throughput       ${perSecond.toFixed(0)} classifications/s on one core`);
console.log('accuracy at coverage (most confident first)');
for (const p of accuracyAtCoverage(outcomes, coverages)) console.log(`  ${pct(p.coverage).padStart(6)} covered  ${pct(p.accuracy).padStart(6)} right  (confidence ≥ ${p.threshold})`);
console.log('per major (rows: true major)');
const pairs = new Map<string, number>();
for (const major of majorCodes) {
  const mine = results.filter((r) => r.row.major === major);
  if (mine.length === 0) continue;
  for (const r of mine) if (!r.outcome.correct) pairs.set(`${major} → ${r.predicted}`, (pairs.get(`${major} → ${r.predicted}`) ?? 0) + 1);
  console.log(`  ${major.padEnd(12)} ${pct(mine.filter((r) => r.outcome.correct).length / mine.length).padStart(6)} of ${mine.length}`);
}
console.log('confusion pairs (true → predicted), most frequent first');
for (const [pair, n] of [...pairs].sort((a, b) => b[1] - a[1])) console.log(`  ${pair} ×${n}`);
