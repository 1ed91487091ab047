import type { RegionConfig } from '@govflow/contracts';
import wuhaiTraining from '../wuhai/training.json';
import { loadRegion } from './index';

/**
 * Each region's classifier training text: examples per minor category, kept apart from the
 * region data every function imports. Only training (`npm run train`), evaluation and tests
 * read it; the dispatch consumer loads the counts made from it (a model file), not the text.
 */
const training: Record<string, Record<string, readonly string[]> | undefined> = { wuhai: wuhaiTraining };

const loaded = new Map<string, RegionConfig>();

/** The region with its minor categories' training examples. */
export function loadTrainingRegion(id: string): RegionConfig {
  const cached = loaded.get(id);
  if (cached) return cached;
  const region = loadRegion(id);
  const examples = training[region.id] ?? {};
  const minors = region.taxonomy.minors.map((minor) => ({ ...minor, examples: [...(examples[minor.code] ?? [])] }));
  const withText = { ...region, taxonomy: { ...region.taxonomy, minors } };
  loaded.set(id, withText);
  return withText;
}
