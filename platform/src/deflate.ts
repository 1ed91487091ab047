import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { bodyDictionaries, type BodyDictionary } from './body-dictionaries';

const gzipMagic = 0x1f;
const dictionaryBytes = new Map<number, Buffer>();
const bytesOf = (dictionary: BodyDictionary) => {
  let bytes = dictionaryBytes.get(dictionary.tag);
  if (!bytes) dictionaryBytes.set(dictionary.tag, (bytes = Buffer.from(dictionary.text, 'utf8')));
  return bytes;
};

/** A value as JSON, gzipped, or deflated with a preset dictionary whose tag is the first byte. */
export function deflateJson(value: unknown, dictionary?: BodyDictionary): Uint8Array {
  const json = JSON.stringify(value);
  if (!dictionary) return gzipSync(json);
  return Buffer.concat([Buffer.of(dictionary.tag), deflateRawSync(json, { level: 9, dictionary: bytesOf(dictionary) })]);
}

/** The value {@link deflateJson} packed, whichever way it was. */
export function inflateJson<T>(bytes: Uint8Array): T {
  if (bytes[0] === gzipMagic) return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
  const dictionary = bodyDictionaries.find((d) => d.tag === bytes[0]);
  if (!dictionary) throw new Error(`bytes deflated with an unknown dictionary (tag ${bytes[0]})`);
  return JSON.parse(inflateRawSync(bytes.subarray(1), { dictionary: bytesOf(dictionary) }).toString('utf8')) as T;
}
