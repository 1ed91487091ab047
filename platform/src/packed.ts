import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { bodyDictionaries, type BodyDictionary } from './body-dictionaries';
import { outboxAttribute } from './outbox';

/**
 * A large item's body kept compressed in one binary attribute (`body`), beside the few plain
 * attributes its keys, indexes and conditions need. Such an item is rewritten by every change,
 * usually in a transaction, so its size is paid twice per change: JSON with Chinese text and a
 * history shrinks to a third or less (ADR 0018). Gzipped, or deflated with a preset dictionary
 * whose tag is the body's first byte (body-dictionaries.ts).
 */
export const bodyAttribute = 'body';

const gzipMagic = 0x1f;
const dictionaryBytes = new Map<number, Buffer>();
const bytesOf = (dictionary: BodyDictionary) => {
  let bytes = dictionaryBytes.get(dictionary.tag);
  if (!bytes) dictionaryBytes.set(dictionary.tag, (bytes = Buffer.from(dictionary.text, 'utf8')));
  return bytes;
};

export function packBody(value: unknown, dictionary?: BodyDictionary): Uint8Array {
  const json = JSON.stringify(value);
  if (!dictionary) return gzipSync(json);
  return Buffer.concat([Buffer.of(dictionary.tag), deflateRawSync(json, { level: 9, dictionary: bytesOf(dictionary) })]);
}

/** The item's body, or undefined for an item written before bodies (its attributes are the value). */
export function unpackBody<T>(item: Record<string, unknown>): T | undefined {
  const body = item[bodyAttribute];
  if (!(body instanceof Uint8Array)) return undefined;
  if (body[0] === gzipMagic) return JSON.parse(gunzipSync(body).toString('utf8')) as T;
  const dictionary = bodyDictionaries.find((d) => d.tag === body[0]);
  if (!dictionary) throw new Error(`a body deflated with an unknown dictionary (tag ${body[0]})`);
  return JSON.parse(inflateRawSync(body.subarray(1), { dictionary: bytesOf(dictionary) }).toString('utf8')) as T;
}

/** The item with its body unpacked beside its plain attributes (for tools and checks that read items directly). */
export function unpackedItem(item: Record<string, unknown>): Record<string, unknown> {
  // The events a write stored for the relay (ADR 0023) are not part of the record.
  const { [bodyAttribute]: _body, [outboxAttribute]: _events, ...plain } = item;
  const body = unpackBody<Record<string, unknown>>(item);
  return body ? { ...plain, ...body } : plain;
}
