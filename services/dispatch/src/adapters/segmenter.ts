import { Jieba } from '@node-rs/jieba';
import type { RegionConfig } from '@govflow/contracts';
import { regionLexicon, type Segmenter } from '../domain/classification/features';
import { commonWords } from './classifier-data';

/** Frequencies that make the segmenter keep a region's names and terms whole. */
const nameFrequency = 5000;
const termFrequency = 300;

/**
 * jieba (Rust, prebuilt per platform) with a pruned general dictionary plus the region's
 * own words: its place, department and committee names, its category names and keywords.
 * Exact mode without HMM: unknown runs come out as single characters, whose bigrams the
 * features still use.
 */
export function jiebaSegmenter(region: RegionConfig): Segmenter {
  const { names, terms } = regionLexicon(region);
  const dictionary = commonWords();
  const known = new Set(dictionary.split('\n').map((line) => line.slice(0, line.indexOf(' '))));
  // A phrase-like keyword (电梯坏了) stays cut into the words it contains, which generalise better.
  // Looked up by its substrings (a keyword is a few characters) rather than against every other term: a cold start's milliseconds.
  const whole = [...terms].filter((t) => !known.has(t) && !properSubstrings(t).some((part) => terms.has(part)));
  const user = [...[...names].map((n) => `${n} ${nameFrequency} ns`), ...whole.map((t) => `${t} ${termFrequency} n`)];
  const jieba = new Jieba();
  jieba.loadDict(Buffer.from(`${dictionary}\n${user.join('\n')}`));
  return (text) => jieba.cut(text, false);
}

/** Every run of characters inside a word other than the word itself. */
function properSubstrings(word: string): string[] {
  const parts: string[] = [];
  for (let start = 0; start < word.length; start++) {
    for (let end = start + 1; end <= word.length; end++) if (end - start < word.length) parts.push(word.slice(start, end));
  }
  return parts;
}
