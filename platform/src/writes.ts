import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
