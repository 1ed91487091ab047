/**
 * A multinomial naive Bayes model over character n-grams: Chinese needs no word
 * segmentation when bigrams and trigrams carry the words, and the model learns
 * incrementally, so an operator's correction counts the moment it is made.
 */

/** Greetings, courtesy and filler that say nothing about the matter. */
const filler =
  /(尊敬的|领导|您好|你好|市长|书记|主任|同志|谢谢|感谢|麻烦|拜托|请问|请求|希望|尽快|一下|反映|问题|情况|我们|我家|本人|这个|那个|已经|现在|还是|没有人|有关部门|相关部门|给予|解决|处理|帮助|帮忙|协调|万分|非常|特别|严重|多次|一直|好几|怎么样|怎么办|怎么|什么|为什么|不知道|一个|可以|能不能|是不是|因为|所以|但是|如果|就是|这样|他们|你们|明天|今天|昨天)/g;

export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(filler, ' ')
    .replace(/[0-9０-９]+/g, '#')
    .replace(/[^\p{Script=Han}a-z#]+/gu, ' ')
    .trim();
}

/** Character bigrams and trigrams within each run of text (no n-gram crosses a gap). */
export function features(text: string): string[] {
  const out: string[] = [];
  for (const run of normalize(text).split(' ')) {
    const chars = [...run];
    for (let n = 2; n <= 3; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
    if (chars.length === 1) out.push(chars[0]!);
  }
  return out;
}

export class NaiveBayes {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly vocabulary = new Set<string>();

  constructor(readonly labels: readonly string[]) {
    for (const label of labels) {
      this.counts.set(label, new Map());
      this.totals.set(label, 0);
    }
  }

  learn(label: string, text: string, weight = 1): void {
    const counts = this.counts.get(label);
    if (!counts) throw new Error(`unknown label ${label}`);
    for (const f of features(text)) {
      counts.set(f, (counts.get(f) ?? 0) + weight);
      this.totals.set(label, this.totals.get(label)! + weight);
      this.vocabulary.add(f);
    }
  }

  /**
   * Log-likelihood of the text under each label (uniform prior: we do not know the
   * real mix of requests, and a learned prior would drown rare but urgent categories).
   * Only features the model has seen count, so unrelated words do not dilute evidence.
   */
  scores(text: string, allowed?: (label: string) => boolean): { label: string; score: number; evidence: number }[] {
    const fs = features(text).filter((f) => this.vocabulary.has(f));
    const v = this.vocabulary.size + 1;
    return this.labels
      .filter((label) => !allowed || allowed(label))
      .map((label) => {
        const counts = this.counts.get(label)!;
        const total = this.totals.get(label)!;
        let score = 0;
        let evidence = 0;
        for (const f of fs) {
          const c = counts.get(f) ?? 0;
          if (c > 0) evidence++;
          score += Math.log((c + 0.1) / (total + 0.1 * v));
        }
        return { label, score, evidence };
      });
  }
}
