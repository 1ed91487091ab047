import * as z from 'zod';

/** A page cursor the API did not give out (tampered, truncated, from another list). */
export class BadCursor extends Error {
  override name = 'BadCursor';
}

/** A DynamoDB paging key: a few string attributes, never anything else. */
const PagingKey = z.record(z.string().max(200), z.union([z.string().max(2048), z.number()])).refine((key) => Object.keys(key).length > 0 && Object.keys(key).length <= 8);

/** The paging key handed to callers as an opaque cursor. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** Reads a cursor back into a paging key, or throws BadCursor: nothing unchecked reaches the database. */
export function decodeCursor(cursor: string | undefined): Record<string, string | number> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > 4096) throw new BadCursor('cursor too long');
  try {
    return PagingKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new BadCursor('cursor is not one this API gave out');
  }
}
