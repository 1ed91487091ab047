import type { MajorCode, MinorCategory, RegionConfig, RequestKind } from '@govflow/contracts';
import { NaiveBayes, normalize } from './text-model';

export interface Classification {
  minor: MinorCategory;
  /** Probability that the major category is right (what routing hangs on). */
  confidence: number;
}

export interface Correction {
  title: string;
  body: string;
  minor: string;
}

/** Turns a citizen's words into a category, and learns from operators' corrections. */
export interface Classifier {
  classify(title: string, description: string, kind: RequestKind): Classification | undefined;
  learn(correction: Correction): void;
}

/** How much an operator's correction weighs against one keyword of the taxonomy. */
const correctionWeight = 4;
/** Softens naive Bayes' overconfidence so probabilities mean something across categories. */
const temperature = 6;
/** Weight of an exact keyword hit relative to the n-gram evidence. */
const keywordWeight = 0.6;

/**
 * Naive Bayes over character n-grams, trained on the taxonomy itself (names, keywords,
 * descriptions) and on corrections, plus a bonus for exact keyword hits (title counts
 * double). Scores become probabilities per minor, summed per major: the major with
 * most probability wins, then its likeliest minor. A dispute (kind `dispute`) is
 * classified among dispute categories only.
 */
export function regionClassifier(region: RegionConfig, corrections: readonly Correction[] = []): Classifier {
  const minors = region.taxonomy.minors;
  const byCode = new Map(minors.map((m) => [m.code, m]));
  const model = new NaiveBayes(minors.map((m) => m.code));
  for (const minor of minors) {
    model.learn(minor.code, minor.name, 3);
    for (const keyword of minor.keywords) model.learn(minor.code, keyword, 2);
    model.learn(minor.code, minor.description);
    for (const example of minor.examples) model.learn(minor.code, example);
  }
  const learn = (c: Correction) => {
    if (byCode.has(c.minor)) model.learn(c.minor, `${c.title} ${c.body}`, correctionWeight);
  };
  corrections.forEach(learn);

  return {
    learn,
    classify(title, description, kind) {
      const text = `${title} ${title} ${description}`;
      const allowed = kind === 'dispute' ? (code: string) => byCode.get(code)!.major === 'dispute' : undefined;
      const scored = model.scores(text, allowed);
      const titleText = normalize(title);
      const bodyText = normalize(description);
      let best = -Infinity;
      const combined = scored.map(({ label, score, evidence }) => {
        const minor = byCode.get(label)!;
        let hits = 0;
        for (const keyword of minor.keywords) {
          const weight = Math.min([...keyword].length, 4);
          if (titleText.includes(keyword)) hits += 2 * weight;
          if (bodyText.includes(keyword)) hits += weight;
        }
        const value = score / temperature + keywordWeight * hits;
        if (evidence > 0 && value > best) best = value;
        return { minor, value, evidence, hits };
      });
      if (!combined.some((c) => c.evidence > 0 || c.hits > 0)) {
        return kind === 'dispute' ? { minor: genericDispute(minors), confidence: 0.3 } : undefined;
      }
      const max = Math.max(...combined.map((c) => c.value));
      const weights = combined.map((c) => ({ ...c, p: Math.exp(c.value - max) }));
      const total = weights.reduce((sum, w) => sum + w.p, 0);
      const byMajor = new Map<MajorCode, number>();
      for (const w of weights) byMajor.set(w.minor.major, (byMajor.get(w.minor.major) ?? 0) + w.p / total);
      const [major, majorP] = [...byMajor].sort((a, b) => b[1] - a[1])[0]!;
      const top = weights.filter((w) => w.minor.major === major).sort((a, b) => b.p - a.p)[0]!;
      const noKeyword = combined.every((c) => c.hits === 0);
      // Without a single keyword the n-grams alone are weak evidence: say so in the confidence.
      return { minor: top.minor, confidence: round(noKeyword ? majorP * 0.5 : majorP) };
    },
  };
}

function genericDispute(minors: readonly MinorCategory[]): MinorCategory {
  const disputes = minors.filter((m) => m.major === 'dispute');
  return disputes.find((m) => m.code.endsWith('-other')) ?? disputes[0]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
