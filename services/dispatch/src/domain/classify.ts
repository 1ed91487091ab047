import type { MinorCategory, RegionConfig, RequestKind } from '@govflow/contracts';

export interface Classification {
  minor: MinorCategory;
  confidence: number;
}

/** Turns text into a category. The keyword rules here are the first of several implementations. */
export interface Classifier {
  classify(title: string, description: string, kind: RequestKind): Classification | undefined;
}

/** Greetings and filler that carry no signal about the matter. */
const filler = /(尊敬的领导|领导您好|领导好|您好|你好|市长您好|谢谢|麻烦了|请尽快|希望尽快|请问)/g;

/**
 * Scores each minor by the keywords found in the text: longer keywords weigh more, the
 * title counts double. A dispute (kind `dispute`) is classified among dispute minors only.
 */
export function keywordClassifier(region: RegionConfig): Classifier {
  const minors = region.taxonomy.minors;
  return {
    classify(title, description, kind) {
      const titleText = title.replace(filler, ' ');
      const bodyText = description.replace(filler, ' ');
      const candidates = kind === 'dispute' ? minors.filter((m) => m.major === 'dispute') : minors;
      const scored = candidates
        .map((minor) => {
          let score = 0;
          for (const keyword of minor.keywords) {
            const weight = Math.min(keyword.length, 4);
            if (titleText.includes(keyword)) score += 2 * weight;
            if (bodyText.includes(keyword)) score += weight;
          }
          return { minor, score };
        })
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || a.minor.code.localeCompare(b.minor.code));
      const best = scored[0];
      if (!best) {
        const fallback = kind === 'dispute' ? genericDispute(candidates) : undefined;
        return fallback ? { minor: fallback, confidence: 0.3 } : undefined;
      }
      const runnerUp = scored[1]?.score ?? 0;
      // Confidence grows with evidence and with the margin over the next candidate.
      const evidence = 1 - Math.exp(-best.score / 6);
      const margin = (best.score - runnerUp) / best.score;
      return { minor: best.minor, confidence: round(evidence * (0.5 + 0.5 * margin)) };
    },
  };
}

function genericDispute(minors: MinorCategory[]): MinorCategory | undefined {
  return minors.find((m) => m.code.endsWith('-other')) ?? minors[0];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
