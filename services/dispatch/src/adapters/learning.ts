import type { RegionConfig } from '@govflow/contracts';
import { regionClassifier, type Classifier } from '../domain/classification/classify';
import type { DispatchRepository } from './repository';
import { readModelFile } from './model-file';
import { logger } from './runtime';
import { jiebaSegmenter } from './segmenter';

/** How stale the classifier may be: corrections made elsewhere count within this time. */
const refreshMs = 5_000;

/**
 * The region's classifier, kept learning from operators' corrections without a
 * redeploy: every function instance reads all corrections at cold start, then the new
 * ones at most every few seconds.
 */
export class LearningClassifier {
  private classifier: Classifier;
  private lastSk: string | undefined;
  private refreshedAt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly region: RegionConfig,
    private readonly repository: DispatchRepository,
  ) {
    const file = readModelFile(region);
    // Without a usable file the instance learns from the taxonomy's names and keywords only
    // (the examples are not in the bundle) until operators' corrections add up: say so loudly.
    if (!file.counts) logger.error('classifier model file missing or stale: run `npm run train` and deploy; classifying from names and keywords only', { region: region.id, problem: file.problem });
    this.classifier = regionClassifier(region, { segment: jiebaSegmenter(region), counts: file.counts });
  }

  async current(now = Date.now()): Promise<Classifier> {
    if (now - this.refreshedAt >= refreshMs) {
      this.refreshing ??= this.refresh(now).finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.classifier;
  }

  private async refresh(now: number): Promise<void> {
    const { corrections, lastSk } = await this.repository.correctionsSince(this.region.id, this.lastSk);
    for (const c of corrections) this.classifier.learn(c);
    this.lastSk = lastSk;
    this.refreshedAt = now;
  }
}
