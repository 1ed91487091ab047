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

export function createModel(kind: ModelKind, labels: readonly string[]): TextModel {
  if (kind === 'logistic') return new LogisticRegression(labels);
  return new NaiveBayes(labels, kind === 'complement-nb');
}

/** Additive smoothing of feature counts. */
const alpha = 0.5;

/**
 * Multinomial naive Bayes, or its complement variant (Rennie et al. 2003), which scores a
 * label by how unlike the other labels' text the message is and so is less swayed by
 * labels with much more training text. Uniform prior: the real mix of requests is unknown,
 * and a learned prior would drown rare but urgent categories.
 */
class NaiveBayes implements TextModel {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly featureTotals = new Map<string, number>();
  private total = 0;

  constructor(
    labels: readonly string[],
    private readonly complement: boolean,
  ) {
    for (const label of labels) {
      this.counts.set(label, new Map());
      this.totals.set(label, 0);
    }
  }

  learn(label: string, features: Features, weight = 1): void {
    const counts = this.counts.get(label);
    if (!counts) throw new RangeError(`unknown label ${label}`);
    let sum = 0;
    for (const [f, w] of features) {
      const x = w * weight;
      counts.set(f, (counts.get(f) ?? 0) + x);
      this.featureTotals.set(f, (this.featureTotals.get(f) ?? 0) + x);
      sum += x;
    }
    this.totals.set(label, this.totals.get(label)! + sum);
    this.total += sum;
  }

  known(features: Features): number {
    let mass = 0;
    for (const [f, w] of features) if (this.featureTotals.has(f)) mass += w;
    return mass;
  }

  scores(features: Features, labels: readonly string[]): number[] {
    const v = this.featureTotals.size + 1;
    const seen = [...features].filter(([f]) => this.featureTotals.has(f));
    return labels.map((label) => {
      const counts = this.counts.get(label)!;
      const total = this.totals.get(label)!;
      let score = 0;
      for (const [f, w] of seen) {
        const c = counts.get(f) ?? 0;
        score += this.complement
          ? -w * Math.log((this.featureTotals.get(f)! - c + alpha) / (this.total - total + alpha * v))
          : w * Math.log((c + alpha) / (total + alpha * v));
      }
      return score;
    });
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
