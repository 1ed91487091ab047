/** One classified message of a labelled set: was the major right, and how sure was the classifier. */
export interface Outcome {
  correct: boolean;
  confidence: number;
}

export interface CoveragePoint {
  /** Share of messages routed automatically (confidence at or above the threshold). */
  coverage: number;
  /** Share of those routed to the right major. */
  accuracy: number;
  threshold: number;
}

/** Accuracy among the most confident messages, at each coverage asked for. */
export function accuracyAtCoverage(outcomes: readonly Outcome[], coverages: readonly number[]): CoveragePoint[] {
  const sorted = [...outcomes].sort((a, b) => b.confidence - a.confidence);
  return coverages.map((coverage) => {
    const n = Math.max(1, Math.round(coverage * sorted.length));
    const top = sorted.slice(0, n);
    return { coverage: n / sorted.length, accuracy: top.filter((o) => o.correct).length / n, threshold: top[n - 1]!.confidence };
  });
}

/**
 * The lowest threshold at which the messages routed automatically are right at least
 * `precision` of the time (so the most go without triage), with what it routes.
 */
export function thresholdFor(outcomes: readonly Outcome[], precision: number): CoveragePoint {
  const sorted = [...outcomes].sort((a, b) => b.confidence - a.confidence);
  let best: CoveragePoint = { coverage: 0, accuracy: 1, threshold: 1 };
  let right = 0;
  sorted.forEach((o, i) => {
    if (o.correct) right++;
    const next = sorted[i + 1];
    // A threshold can only fall between distinct confidences.
    if (next && next.confidence === o.confidence) return;
    if (right / (i + 1) >= precision) best = { coverage: (i + 1) / sorted.length, accuracy: right / (i + 1), threshold: o.confidence };
  });
  return best;
}

/** Expected calibration error: how far confidence is from accuracy, over ten equal-width bins. */
export function calibrationError(outcomes: readonly Outcome[]): number {
  let error = 0;
  for (let bin = 0; bin < 10; bin++) {
    const inBin = outcomes.filter((o) => Math.min(9, Math.floor(o.confidence * 10)) === bin);
    if (inBin.length === 0) continue;
    const accuracy = inBin.filter((o) => o.correct).length / inBin.length;
    const confidence = inBin.reduce((sum, o) => sum + o.confidence, 0) / inBin.length;
    error += (inBin.length / outcomes.length) * Math.abs(accuracy - confidence);
  }
  return error;
}

/** Log-loss of confidence as the probability of being right: what temperature scaling minimises. */
export function logLoss(outcomes: readonly Outcome[]): number {
  const eps = 1e-6;
  return -outcomes.reduce((sum, o) => sum + Math.log(o.correct ? Math.max(eps, o.confidence) : Math.max(eps, 1 - o.confidence)), 0) / outcomes.length;
}
