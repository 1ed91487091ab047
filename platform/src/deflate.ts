import { createHash } from 'node:crypto';
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

/**
 * A value deflated with a dictionary followed by `companion`, another value {@link deflateJson}
 * packed (an item's body): what the two share (ids, numbers, names, text) costs a few bytes
 * instead of its length. The first byte is the dictionary's tag with the high bit set; the next
 * four are a digest of the companion's JSON, so a value is never inflated with another companion.
 */
export function deflateJsonBeside(value: unknown, dictionary: BodyDictionary, companion: Uint8Array): Uint8Array {
  const companionJson = jsonOf(companion);
  return Buffer.concat([
    Buffer.of(dictionary.tag | besideBit),
    digestOf(companionJson),
    deflateRawSync(JSON.stringify(value), { level: 9, dictionary: besideDictionary(dictionary, companionJson) }),
  ]);
}

/** The value {@link deflateJson} or {@link deflateJsonBeside} packed, whichever way it was; the latter needs its companion. */
export function inflateJson<T>(bytes: Uint8Array, companion?: Uint8Array): T {
  if (bytes[0] === undefined || !(bytes[0] & besideBit)) return JSON.parse(jsonOf(bytes).toString('utf8')) as T;
  const dictionary = dictionaryOf(bytes[0] & ~besideBit);
  if (!companion) throw new Error('bytes deflated beside a companion value, and none was given');
  const companionJson = jsonOf(companion);
  if (!digestOf(companionJson).equals(bytes.subarray(1, 1 + digestBytes))) throw new Error('bytes deflated beside another companion value than the one given');
  return JSON.parse(inflateRawSync(bytes.subarray(1 + digestBytes), { dictionary: besideDictionary(dictionary, companionJson) }).toString('utf8')) as T;
}

const besideBit = 0x80;
const digestBytes = 4;
/** One dictionary for both directions: deflating and inflating beside a companion must use the very same bytes. */
const besideDictionary = (dictionary: BodyDictionary, companionJson: Buffer) => Buffer.concat([bytesOf(dictionary), companionJson]);
const digestOf = (json: Buffer) => createHash('sha256').update(json).digest().subarray(0, digestBytes);

function dictionaryOf(tag: number): BodyDictionary {
  const dictionary = bodyDictionaries.find((d) => d.tag === tag);
  if (!dictionary) throw new Error(`bytes deflated with an unknown dictionary (tag ${tag})`);
  return dictionary;
}

/** The JSON text {@link deflateJson} packed. */
function jsonOf(bytes: Uint8Array): Buffer {
  if (bytes[0] === gzipMagic) return gunzipSync(bytes);
  return inflateRawSync(bytes.subarray(1), { dictionary: bytesOf(dictionaryOf(bytes[0]!)) });
}
