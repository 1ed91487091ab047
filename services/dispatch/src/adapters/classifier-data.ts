import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files the classifier reads at start-up: the segmenter's general dictionary and each
 * region's training counts. In the source tree beside this module; in a function bundle,
 * copied beside the handler (`files` in the manifest), not bundled: half a megabyte of
 * words would otherwise be parsed as JavaScript at every cold start.
 */
export const classifierData = join(import.meta.dirname, 'classifier-data');

let dictionary: string | undefined;

/** jieba's general words, one `word frequency` a line. */
export function commonWords(): string {
  dictionary ??= readFileSync(join(classifierData, 'common-words.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .join('\n');
  return dictionary;
}
