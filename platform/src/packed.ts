import type { BodyDictionary } from './body-dictionaries';
import { deflateJson, inflateJson } from './deflate';
import { bodyAttribute, outboxAttribute } from './item-attributes';

export { bodyAttribute };

/**
 * A large item's body kept compressed in one binary attribute (`body`), beside the few plain
 * attributes its keys, indexes and conditions need. Such an item is rewritten by every change,
 * usually in a transaction, so its size is paid twice per change: JSON with Chinese text and a
 * history shrinks to a third or less (ADR 0018). Gzipped, or deflated with a preset dictionary
 * whose tag is the body's first byte (body-dictionaries.ts). The attribute is `bodyAttribute`.
 */

export function packBody(value: unknown, dictionary?: BodyDictionary): Uint8Array {
  return deflateJson(value, dictionary);
}

/** The item's body, or undefined for an item written before bodies (its attributes are the value). */
export function unpackBody<T>(item: Record<string, unknown>): T | undefined {
  const body = item[bodyAttribute];
  if (!(body instanceof Uint8Array)) return undefined;
  return inflateJson<T>(body);
}

/** The item with its body unpacked beside its plain attributes (for tools and checks that read items directly). */
export function unpackedItem(item: Record<string, unknown>): Record<string, unknown> {
  // The events a write stored for the relay (ADR 0023) are not part of the record.
  const { [bodyAttribute]: _body, [outboxAttribute]: _events, ...plain } = item;
  const body = unpackBody<Record<string, unknown>>(item);
  return body ? { ...plain, ...body } : plain;
}
