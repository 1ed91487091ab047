import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A large item's body kept gzipped in one binary attribute (`body`), beside the few plain
 * attributes its keys, indexes and conditions need. Such an item is rewritten by every change,
 * usually in a transaction, so its size is paid twice per change: JSON with Chinese text and a
 * history shrinks to a third or less (ADR 0018).
 */
export const bodyAttribute = 'body';

export function packBody(value: unknown): Uint8Array {
  return gzipSync(JSON.stringify(value));
}

/** The item's gzipped body, or undefined for an item written before bodies (its attributes are the value). */
export function unpackBody<T>(item: Record<string, unknown>): T | undefined {
  const body = item[bodyAttribute];
  return body instanceof Uint8Array ? (JSON.parse(gunzipSync(body).toString('utf8')) as T) : undefined;
}

/** The item with its body unpacked beside its plain attributes (for tools and checks that read items directly). */
export function unpackedItem(item: Record<string, unknown>): Record<string, unknown> {
  const { [bodyAttribute]: _body, ...plain } = item;
  const body = unpackBody<Record<string, unknown>>(item);
  return body ? { ...plain, ...body } : plain;
}
