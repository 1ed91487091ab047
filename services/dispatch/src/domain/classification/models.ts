import type { Features } from './features';

/**
 * A text model over a fixed set of labels, trained in-process from weighted examples. All
 * three learn incrementally, so an operator's correction counts the moment it is made.
 */
export interface TextModel {
  learn(label: string, features: Features, weight?: number): void;
  /** Scores of the given labels (higher is likelier; comparable after a softmax). */
  scores(features: Features, labels: readonly string[]): number[];
  /** How much of the text the model has seen at all (sum of the weights of known features). */
  known(features: Features): number;
}

export type ModelKind = 'multinomial-nb' | 'complement-nb' | 'logistic';
export const modelKinds: readonly ModelKind[] = ['multinomial-nb', 'complement-nb', 'logistic'];

/**
 * Counts of features per label, as training text gives them: what a Bayes model is made of,
 * and what a model file stores so an instance loads without segmenting the training text.
 * Compressed rows: feature `i`'s counts are at `offsets[i]` up to `offsets[i + 1]` of
 * `postingLabels` (label indices) and `postingCounts`.
 */
export interface CountTable {
  labels: readonly string[];
  features: readonly string[];
  offsets: Int32Array;
  postingLabels: Uint16Array;
  postingCounts: Float32Array;
}

/** Builds a table from each feature's label and count pairs. */
export function countTable(labels: readonly string[], features: readonly string[], pairsOf: (feature: string) => readonly number[]): CountTable {
  const offsets = new Int32Array(features.length + 1);
  features.forEach((f, i) => (offsets[i + 1] = offsets[i]! + pairsOf(f).length / 2));
  const postingLabels = new Uint16Array(offsets[features.length]!);
  const postingCounts = new Float32Array(postingLabels.length);
  features.forEach((f, i) => {
    const pairs = pairsOf(f);
    for (let k = 0, j = offsets[i]!; k < pairs.length; k += 2, j++) [postingLabels[j], postingCounts[j]] = [pairs[k]!, pairs[k + 1]!];
  });
  return { labels, features, offsets, postingLabels, postingCounts };
}

/** The same counts over coarser `labels` (minors onto their majors): each label's counts go to `coarse(label)`. */
export function coarsen(table: CountTable, labels: readonly string[], coarse: (label: string) => string): CountTable {
  const into = table.labels.map((label) => labels.indexOf(coarse(label)));
  const { offsets, postingLabels, postingCounts } = table;
  const merged = { offsets: new Int32Array(offsets.length), postingLabels: new Uint16Array(postingLabels.length), postingCounts: new Float32Array(postingCounts.length) };
  let n = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const first = n;
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const l = into[postingLabels[j]!]!;
      let k = first;
      while (k < n && merged.postingLabels[k] !== l) k++;
      if (k === n) merged.postingLabels[n++] = l;
      merged.postingCounts[k]! += postingCounts[j]!;
    }
    merged.offsets[i + 1] = n;
  }
  return { labels, features: table.features, offsets: merged.offsets, postingLabels: merged.postingLabels.slice(0, n), postingCounts: merged.postingCounts.slice(0, n) };
}

export function createModel(kind: ModelKind, labels: readonly string[], counts?: CountTable): TextModel {
  if (kind === 'logistic') {
    if (counts) throw new RangeError('the logistic model learns from texts, not counts');
    return new LogisticRegression(labels);
  }
  return new NaiveBayes(labels, kind === 'complement-nb', counts);
}

/** Additive smoothing of feature counts. */
const alpha = 0.5;
const logAlpha = Math.log(alpha);

/**
 * Multinomial naive Bayes, or its complement variant (Rennie et al. 2003), which scores a
 * label by how unlike the other labels' text the message is and so is less swayed by
 * labels with much more training text. Uniform prior: the real mix of requests is unknown,
 * and a learned prior would drown rare but urgent categories.
 * Counts are kept per feature (the few labels it occurs with), so scoring a message touches
 * each of its features once, not once per label. The training counts stay in the table's
 * arrays; what is learned later adds to them, or to a list of its own for label and feature
 * pairs the table lacks.
 */
class NaiveBayes implements TextModel {
  private readonly labelIndex: Map<string, number>;
  private readonly vocabulary = new Map<string, number>();
  private readonly base: Pick<CountTable, 'offsets' | 'postingLabels' | 'postingCounts'>;
  /** Per feature id, pairs learned after loading that the table has no place for: label index, count. */
  private readonly learned: (number[] | undefined)[] = [];
  private readonly featureTotals: number[] = [];
  private readonly labelTotals: Float64Array;
  private total = 0;

  constructor(
    labels: readonly string[],
    private readonly complement: boolean,
    counts?: CountTable,
  ) {
    this.labelIndex = new Map(labels.map((l, i) => [l, i]));
    this.labelTotals = new Float64Array(labels.length);
    if (!counts) {
      this.base = { offsets: new Int32Array(1), postingLabels: new Uint16Array(0), postingCounts: new Float32Array(0) };
      return;
    }
    if (counts.labels.length !== labels.length || counts.labels.some((l, i) => l !== labels[i])) throw new RangeError('counts are over other labels');
    const { offsets, postingLabels, postingCounts } = (this.base = { offsets: counts.offsets, postingLabels: counts.postingLabels, postingCounts: Float32Array.from(counts.postingCounts) });
    counts.features.forEach((f, i) => {
      this.vocabulary.set(f, i);
      let sum = 0;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        sum += postingCounts[j]!;
        this.labelTotals[postingLabels[j]!]! += postingCounts[j]!;
      }
      this.featureTotals.push(sum);
      this.total += sum;
    });
  }

  learn(label: string, features: Features, weight = 1): void {
    const l = this.labelIndex.get(label);
    if (l === undefined) throw new RangeError(`unknown label ${label}`);
    for (const [f, w] of features) this.count(this.featureId(f), l, w * weight);
  }

  known(features: Features): number {
    let mass = 0;
    for (const [f, w] of features) if (this.vocabulary.has(f)) mass += w;
    return mass;
  }

  scores(features: Features, labels: readonly string[]): number[] {
    const v = this.vocabulary.size + 1;
    const { offsets, postingLabels, postingCounts } = this.base;
    const baseSize = offsets.length - 1;
    // Every label scores each seen feature as if it had never seen it; the labels that
    // have, get the difference.
    const score = new Float64Array(this.labelTotals.length);
    let mass = 0;
    let unseen = 0;
    for (const [f, w] of features) {
      const id = this.vocabulary.get(f);
      if (id === undefined) continue;
      mass += w;
      const total = this.featureTotals[id]!;
      const pairs = this.learned[id];
      const from = id < baseSize ? offsets[id]! : 0;
      const to = id < baseSize ? offsets[id + 1]! : 0;
      if (this.complement) {
        const none = Math.log(total + alpha);
        unseen -= w * none;
        for (let j = from; j < to; j++) score[postingLabels[j]!]! -= w * (Math.log(total - postingCounts[j]! + alpha) - none);
        if (pairs) for (let k = 0; k < pairs.length; k += 2) score[pairs[k]!]! -= w * (Math.log(total - pairs[k + 1]! + alpha) - none);
      } else {
        unseen += w * logAlpha;
        for (let j = from; j < to; j++) score[postingLabels[j]!]! += w * (Math.log(postingCounts[j]! + alpha) - logAlpha);
        if (pairs) for (let k = 0; k < pairs.length; k += 2) score[pairs[k]!]! += w * (Math.log(pairs[k + 1]! + alpha) - logAlpha);
      }
    }
    return labels.map((label) => {
      const l = this.labelIndex.get(label)!;
      const norm = this.complement ? Math.log(this.total - this.labelTotals[l]! + alpha * v) : -Math.log(this.labelTotals[l]! + alpha * v);
      return score[l]! + unseen + mass * norm;
    });
  }

  private featureId(feature: string): number {
    let id = this.vocabulary.get(feature);
    if (id === undefined) {
      id = this.featureTotals.length;
      this.vocabulary.set(feature, id);
      this.featureTotals.push(0);
    }
    return id;
  }

  private count(id: number, label: number, x: number): void {
    this.featureTotals[id]! += x;
    this.labelTotals[label]! += x;
    this.total += x;
    const { offsets, postingLabels, postingCounts } = this.base;
    if (id < offsets.length - 1) {
      for (let j = offsets[id]!; j < offsets[id + 1]!; j++) {
        if (postingLabels[j] === label) {
          postingCounts[j]! += x;
          return;
        }
      }
    }
    const pairs = (this.learned[id] ??= []);
    let k = 0;
    while (k < pairs.length && pairs[k] !== label) k += 2;
    if (k === pairs.length) pairs.push(label, x);
    else pairs[k + 1]! += x;
  }
}

/** Softmax regression on TF-IDF features (log-scaled counts, unit length), fitted by SGD. */
class LogisticRegression implements TextModel {
  private readonly index: Map<string, number>;
  private readonly weights = new Map<string, Float64Array>();
  private readonly bias: Float64Array;
  private readonly docFrequency = new Map<string, number>();
  private readonly examples: { label: number; features: Features; weight: number }[] = [];
  private fitted = false;

  constructor(private readonly labels: readonly string[]) {
    this.index = new Map(labels.map((l, i) => [l, i]));
    this.bias = new Float64Array(labels.length);
  }

  learn(label: string, features: Features, weight = 1): void {
    const i = this.index.get(label);
    if (i === undefined) throw new RangeError(`unknown label ${label}`);
    for (const f of features.keys()) this.docFrequency.set(f, (this.docFrequency.get(f) ?? 0) + 1);
    const example = { label: i, features, weight };
    this.examples.push(example);
    // Once fitted, a new example (an operator's correction) takes a few steps of its own.
    if (this.fitted) for (let k = 0; k < 5; k++) this.step(example, learningRate);
  }

  known(features: Features): number {
    let mass = 0;
    for (const [f, w] of features) if (this.docFrequency.has(f)) mass += w;
    return mass;
  }

  /** Trains on every example learned so far; call once after the initial training text. */
  fit(epochs = 12): void {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const order = this.examples.map((_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const rate = learningRate / (1 + epoch * 0.5);
      for (const i of order) this.step(this.examples[i]!, rate);
    }
    this.fitted = true;
  }

  scores(features: Features, labels: readonly string[]): number[] {
    const z = this.logits(this.vector(features));
    return labels.map((l) => z[this.index.get(l)!]!);
  }

  private vector(features: Features): [string, number][] {
    const n = this.examples.length + 1;
    const out: [string, number][] = [];
    let norm = 0;
    for (const [f, w] of features) {
      const df = this.docFrequency.get(f);
      if (!df) continue;
      const x = Math.log1p(w) * Math.log(n / df);
      out.push([f, x]);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    return out.map(([f, x]) => [f, x / norm]);
  }

  private logits(x: [string, number][]): Float64Array {
    const z = Float64Array.from(this.bias);
    for (const [f, v] of x) {
      const w = this.weights.get(f);
      if (w) for (let c = 0; c < z.length; c++) z[c]! += w[c]! * v;
    }
    return z;
  }

  private step(example: { label: number; features: Features; weight: number }, rate: number): void {
    const x = this.vector(example.features);
    const z = this.logits(x);
    const max = Math.max(...z);
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c]! - max);
    for (let c = 0; c < z.length; c++) {
      const gradient = (z[c]! / sum - (c === example.label ? 1 : 0)) * rate * example.weight;
      this.bias[c]! -= gradient * 0.1;
      for (const [f, v] of x) {
        let w = this.weights.get(f);
        if (!w) this.weights.set(f, (w = new Float64Array(z.length)));
        w[c]! -= gradient * v;
      }
    }
  }
}

const learningRate = 0.5;

/** Fits the logistic model once its training text is in; a no-op for the Bayes models. */
export function finishTraining(model: TextModel): void {
  if (model instanceof LogisticRegression) model.fit();
}
