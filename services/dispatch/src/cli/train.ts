/**
 * `npm run train [-- --region wuhai]`: counts the region's training text into the model file
 * the dispatch consumer loads (see adapters/model-file.ts). Run it after changing the
 * taxonomy, its examples, the dictionary or the features; a test fails while the file is stale.
 */
import { parseArgs } from 'node:util';
import { regionIds } from '@govflow/regions';
import { loadTrainingRegion } from '@govflow/regions/training';
import { modelFilePath, writeModelFile } from '../adapters/model-file';
import { jiebaSegmenter } from '../adapters/segmenter';

const { values } = parseArgs({ options: { region: { type: 'string', multiple: true } } });
for (const id of values.region ?? regionIds()) {
  const region = loadTrainingRegion(id);
  const counts = writeModelFile(region, jiebaSegmenter(region));
  console.log(`${id}: ${counts.labels.length} categories, ${counts.features.length} features, ${counts.postingLabels.length} counts → ${modelFilePath(id)}`);
}
