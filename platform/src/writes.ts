import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './outbox';

/**
 * Writes the items all or none. A single item is written by itself (PutItem, UpdateItem or
 * DeleteItem with the same condition): just as atomic, at half the price, because DynamoDB
 * bills every write in a transaction twice, a transaction of one item included. A failed
 * condition throws either way; `isWriteConflict` tells both kinds apart from other errors.
 */
export async function writeAtomically(doc: DynamoDBDocumentClient, items: readonly TransactItem[]): Promise<void> {
  const only = items.length === 1 ? items[0]! : undefined;
  if (only?.Put) await doc.send(new PutCommand(only.Put));
  else if (only?.Update) await doc.send(new UpdateCommand(only.Update));
  else if (only?.Delete) await doc.send(new DeleteCommand(only.Delete));
  else await doc.send(new TransactWriteCommand({ TransactItems: [...items] }));
}

/** A write refused because a condition failed: someone changed an item in between, or it was written before. */
export function isWriteConflict(error: unknown): boolean {
  return error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException;
}

/** Tries at putting what DynamoDB leaves unprocessed before giving up. */
const batchPutAttempts = 4;

/**
 * Puts the items, 25 a request, with no condition (each put is idempotent: the same item again).
 * What DynamoDB leaves unprocessed is sent again, after a short backoff; if some still is after
 * four tries, this throws (the caller's batch fails and comes again).
 */
export async function putItems(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > batchPutAttempts) throw new Error(`${requests.length} item(s) left unprocessed`);
    if (attempt > 1) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const unprocessed: typeof requests = [];
    for (let i = 0; i < requests.length; i += 25) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(i, i + 25) } }));
      unprocessed.push(...((out.UnprocessedItems?.[tableName] ?? []) as typeof requests));
    }
    requests = unprocessed;
  }
}
