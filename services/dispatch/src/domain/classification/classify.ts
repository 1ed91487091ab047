import type { MajorCode, MinorCategory, RegionConfig, RequestKind } from '@govflow/contracts';
import { regionLexicon, requestFeatures, textFeatures, type Features, type Segmenter } from './features';
import { coarsen, countTable, createModel, finishTraining, type CountTable, type ModelKind, type TextModel } from './models';

export interface Classification {
  minor: MinorCategory;
  /** Calibrated probability that the major category is right (what routing hangs on). */
  confidence: number;
}

/** Where a correction comes from, and so how sure it is. */
export type CorrectionSource = 'triage' | 'recategorisation' | 'transfer';

/**
 * What an operator's decision teaches: the category chosen in triage, or, for a transfer
 * (转办) to a department that does not handle the case's category, that department's kind,
 * whose likeliest category for the text is then learned.
 */
export interface Correction {
  title: string;
  body: string;
  minor?: string;
  departmentKind?: string;
  /** Absent on corrections stored before sources were recorded: they came from triage. */
  source?: CorrectionSource;
}

/** Turns a citizen's words into a category, and learns from operators' corrections. */
export interface Classifier {
  classify(title: string, description: string, kind: RequestKind): Classification | undefined;
  learn(correction: Correction): void;
}

/**
 * How much one correction weighs, against the taxonomy's text (a keyword weighs 2): an
 * operator choosing a category, in triage or by recategorising a dispatched case, is sure; a
 * transfer (转办) says less, since the department handles several matters and the transfer
 * may be about place, not category.
 * One correction moves similar messages; it takes several agreeing ones to move a category.
 */
export const correctionWeights: Record<CorrectionSource, number> = { triage: 2, recategorisation: 2, transfer: 1 };

/** `direct`: a model over the 12 majors decides the major, then the minor within it. `sum-of-minors`: minors' probabilities summed per major. */
export type MajorScoring = 'direct' | 'sum-of-minors';

export interface ClassifierOptions {
  segment: Segmenter;
  corrections?: readonly Correction[];
  model?: ModelKind;
  scoring?: MajorScoring;
  /** Softmax temperature over length-normalised scores; see `calibration`. */
  temperature?: number;
  /** The region's training counts (`trainingCounts`), when already at hand: loading skips counting them. */
  counts?: CountTable;
}

/**
 * Temperatures that make the chosen model's confidence a probability, fitted on the
 * development set (`npm run evaluate -- --calibrate`); see docs/classifier.md.
 */
export const calibration: Record<ModelKind, number> = { 'multinomial-nb': 0.354, 'complement-nb': 0.153, logistic: 0.31 };

export const defaultModel: ModelKind = 'multinomial-nb';

/** Weight of known features at which the evidence counts half (see `classify`). */
const evidencePrior = 3;

/**
 * Classifies a request over the region's taxonomy from word and character features,
 * trained on the taxonomy itself (names, keywords, descriptions, examples written by us)
 * and on operators' corrections. A dispute (kind `dispute`) stays among dispute categories.
 */
export function regionClassifier(region: RegionConfig, options: ClassifierOptions): Classifier {
  const { segment, model = defaultModel, scoring = 'direct' } = options;
  const temperature = options.temperature ?? calibration[model];
  const lexicon = regionLexicon(region);
  const minors = region.taxonomy.minors;
  const byCode = new Map(minors.map((m) => [m.code, m]));
  const majors = region.taxonomy.majors.map((m) => m.code);
  const minorsOf = new Map<MajorCode, string[]>(majors.map((major) => [major, minors.filter((m) => m.major === major).map((m) => m.code)]));
  const allMinors = minors.map((m) => m.code);

  // Direct scoring: the major model decides; a Bayes model picks the minor within the major.
  // Summing: one model over all minors does both. Bayes models are made of the training
  // text's counts (given, from a model file, or counted here); the linear model learns from
  // each text on its own.
  const minorKind: ModelKind = scoring === 'direct' ? 'multinomial-nb' : model;
  let minorModel: TextModel;
  let majorModel: TextModel | undefined;
  if (model === 'logistic') {
    minorModel = createModel(minorKind, allMinors, minorKind === 'logistic' ? undefined : (options.counts ?? trainingCounts(region, segment)));
    majorModel = scoring === 'direct' ? createModel(model, majors) : undefined;
    for (const minor of minors) for (const [t, weight] of trainingTexts(minor)) (majorModel ?? minorModel).learn(majorModel ? minor.major : minor.code, textFeatures(t, segment, lexicon, 1), weight);
    finishTraining(minorModel);
    if (majorModel) finishTraining(majorModel);
  } else {
    const counts = options.counts ?? trainingCounts(region, segment);
    minorModel = createModel(minorKind, allMinors, counts);
    majorModel = scoring === 'direct' ? createModel(model, majors, coarsen(counts, majors, (code) => byCode.get(code)!.major)) : undefined;
  }
  const teach = (minor: MinorCategory, features: Features, weight: number) => {
    minorModel.learn(minor.code, features, weight);
    majorModel?.learn(minor.major, features, weight);
  };

  const learn = (c: Correction) => {
    const features = requestFeatures(c.title, c.body, segment, lexicon);
    const handled = c.departmentKind ? allMinors.filter((code) => byCode.get(code)!.leadDepartmentKind === c.departmentKind) : [];
    const code = c.minor ?? (handled.length ? handled[argmax(minorModel.scores(features, handled))] : undefined);
    const minor = code === undefined ? undefined : byCode.get(code);
    if (minor) teach(minor, features, correctionWeights[c.source ?? 'triage']);
  };
  options.corrections?.forEach(learn);

  return {
    learn,
    classify(title, description, kind) {
      const features = requestFeatures(title, description, segment, lexicon);
      const mass = minorModel.known(features);
      if (mass === 0) return kind === 'dispute' ? { minor: genericDispute(minors), confidence: 0.3 } : undefined;
      // Bayes scores grow with the length of the text; dividing by √(evidence) keeps a long
      // letter from looking surer than it is, so one temperature fits short and long. A text
      // the model knows little of is drawn toward "no idea" (mass / (mass + evidencePrior)).
      const scale = mass / (mass + evidencePrior) / ((model === 'logistic' ? 1 : Math.sqrt(mass)) * temperature);
      const allowedMajors = kind === 'dispute' ? (['dispute'] as MajorCode[]) : majors;
      let major: MajorCode;
      let confidence: number;
      if (majorModel) {
        const p = softmax(majorModel.scores(features, allowedMajors).map((s) => s * scale));
        const best = argmax(p);
        [major, confidence] = [allowedMajors[best]!, p[best]!];
      } else {
        const labels = allowedMajors.flatMap((m) => minorsOf.get(m)!);
        const p = softmax(minorModel.scores(features, labels).map((s) => s * scale));
        const byMajor = new Map<MajorCode, number>();
        labels.forEach((code, i) => byMajor.set(byCode.get(code)!.major, (byMajor.get(byCode.get(code)!.major) ?? 0) + p[i]!));
        [major, confidence] = [...byMajor].sort((a, b) => b[1] - a[1])[0]!;
      }
      const candidates = minorsOf.get(major)!;
      const minorScores = minorModel.scores(features, candidates);
      return { minor: byCode.get(candidates[argmax(minorScores)]!)!, confidence: round(confidence) };
    },
  };
}

/** A minor category's training text with its weight: name, keywords, description, examples. */
function trainingTexts(minor: MinorCategory): [string, number][] {
  return [[minor.name, 3], ...minor.keywords.map((k): [string, number] => [k, 2]), [minor.description, 1], ...minor.examples.map((e): [string, number] => [e, 1])];
}

/**
 * The features of each minor category's training text, counted: all a Bayes model learns
 * from the taxonomy. Features in code order, so the same text always gives the same table.
 */
export function trainingCounts(region: RegionConfig, segment: Segmenter): CountTable {
  const lexicon = regionLexicon(region);
  const labels = region.taxonomy.minors.map((m) => m.code);
  const byFeature = new Map<string, number[]>();
  region.taxonomy.minors.forEach((minor, l) => {
    const bag: Features = new Map();
    for (const [t, weight] of trainingTexts(minor)) textFeatures(t, segment, lexicon, weight, bag);
    for (const [f, x] of bag) {
      const pairs = byFeature.get(f);
      if (pairs) pairs.push(l, x);
      else byFeature.set(f, [l, x]);
    }
  });
  return countTable(labels, [...byFeature.keys()].sort(), (f) => byFeature.get(f)!);
}

function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

function genericDispute(minors: readonly MinorCategory[]): MinorCategory {
  const disputes = minors.filter((m) => m.major === 'dispute');
  return disputes.find((m) => m.code.endsWith('-other')) ?? disputes[0]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
