import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RegionConfig } from '@govflow/contracts';
import { trainingCounts } from '../domain/classification/classify';
import { regionLexicon, type Segmenter } from '../domain/classification/features';
import type { CountTable } from '../domain/classification/models';
import { classifierData, commonWords } from './classifier-data';

/**
 * A region's training counts, computed at build time (`npm run train`) and shipped beside
 * the function: counting the taxonomy's thousands of examples takes half a second, reading
 * the counts a few tens of milliseconds. The file names what it was counted from; a file
 * counted from other text (the taxonomy changed, the file did not) is not used.
 *
 * Layout, gzipped: a length-prefixed JSON header (region, fingerprint, labels, sizes), the
 * features joined by newlines, then the table's arrays as they lie in memory (little-endian).
 */
interface Header {
  format: 1;
  region: string;
  fingerprint: string;
  labels: readonly string[];
  featureBytes: number;
  postings: number;
}

export const modelFilePath = (regionId: string, directory = classifierData) => join(directory, `${regionId}.counts.gz`);

/**
 * What the counts depend on besides code and the examples: the taxonomy's names, keywords
 * and descriptions, the names kept out of the evidence, the dictionary. The examples are
 * not in the region data a function carries; a test holds the file to them.
 */
export function trainingFingerprint(region: RegionConfig): string {
  const minors = region.taxonomy.minors.map((m) => [m.code, m.major, m.name, m.keywords, m.description]);
  const names = [...regionLexicon(region).names].sort();
  return createHash('sha256').update(JSON.stringify([minors, names, commonWords()])).digest('base64url');
}

export function writeModelFile(region: RegionConfig, segment: Segmenter, path = modelFilePath(region.id)): CountTable {
  const counts = trainingCounts(region, segment);
  const features = Buffer.from(counts.features.join('\n'));
  const header: Header = { format: 1, region: region.id, fingerprint: trainingFingerprint(region), labels: counts.labels, featureBytes: features.length, postings: counts.postingLabels.length };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(path, gzipSync(Buffer.concat([length, json, features, bytes(counts.offsets), bytes(counts.postingLabels), bytes(counts.postingCounts)]), { level: 9 }));
  return counts;
}

export type ModelFileState = { counts: CountTable } | { counts?: undefined; problem: 'missing' | 'stale' };

/** The region's counts from its model file, or why there are none to use. */
export function readModelFile(region: RegionConfig, path = modelFilePath(region.id)): ModelFileState {
  if (!existsSync(path)) return { problem: 'missing' };
  const data = gunzipSync(readFileSync(path));
  let at = 4 + data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, at).toString('utf8')) as Header;
  if (header.format !== 1 || header.region !== region.id || header.fingerprint !== trainingFingerprint(region)) return { problem: 'stale' };
  const features = data.subarray(at, (at += header.featureBytes)).toString('utf8').split('\n');
  // Copies: typed arrays need aligned memory.
  const take = (bytes: number) => data.buffer.slice(data.byteOffset + at, data.byteOffset + (at += bytes));
  const offsets = new Int32Array(take(4 * (features.length + 1)));
  const postingLabels = new Uint16Array(take(2 * header.postings));
  const postingCounts = new Float32Array(take(4 * header.postings));
  return { counts: { labels: header.labels, features, offsets, postingLabels, postingCounts } };
}
