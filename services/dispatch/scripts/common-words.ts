/**
 * Writes src/adapters/classifier-data/common-words.txt, the general vocabulary the segmenter cuts with:
 * words of two or more Han characters that jieba's own dictionary (shipped with
 * @node-rs/jieba, MIT) counts at least `minFrequency` times. The full dictionary is 5 MB
 * and takes ~200 ms to load; rarer words add little, since a word the model has never
 * seen carries no evidence, and the region's own terms and names are added at load time.
 * Run after upgrading @node-rs/jieba: `npx tsx services/dispatch/scripts/common-words.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const minFrequency = 50;
const source = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
const lines = readFileSync(source, 'utf8')
  .split('\n')
  .map((line) => line.split(' '))
  .filter(([word, frequency]) => word && /^\p{Script=Han}{2,}$/u.test(word) && Number(frequency) >= minFrequency)
  .map(([word, frequency]) => `${word} ${frequency}`);
const out = join(import.meta.dirname, '..', 'src', 'adapters', 'classifier-data', 'common-words.txt');
const about = `jieba dictionary (@node-rs/jieba, MIT): words of 2+ Han characters with frequency >= ${minFrequency}`;
writeFileSync(out, `# ${about}\n${lines.join('\n')}\n`);
console.log(`${lines.length} words → ${out}`);
