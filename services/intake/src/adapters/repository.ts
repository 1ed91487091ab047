import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope, RevealAuditEntry, RevealAuditList, SubmitAccepted } from '@govflow/contracts';
import { nextDaySequence, outboxPut, type TransactItem } from '@govflow/platform';
import type { CaseRecord } from '../domain/case';

/** A stored answer to an Idempotency-Key: the body's fingerprint and what we answered. */
export interface IdempotencyRecord {
  fingerprint: string;
  answer: SubmitAccepted;
}

const idempotencyRetentionSeconds = 7 * 24 * 3600;

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
const idempotencyKey = (partnerId: string, key: string) => ({ pk: `IDEMPOTENCY#${partnerId}#${key}`, sk: 'IDEMPOTENCY' });

/** Reveals are kept per month, sorted by time: an administrator reads a month without scanning the table. */
const revealKey = (entry: Pick<RevealAuditEntry, 'at' | 'auditId'>) => ({ pk: `REVEALS#${entry.at.slice(0, 7)}`, sk: `${entry.at}#${entry.auditId}` });
const revealPageSize = 100;

export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

/** Intake's table: cases, day sequences for case numbers, idempotency answers, outbox. */
export class IntakeRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  nextSequence(prefix: string, day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, prefix, day);
  }

  async findIdempotency(partnerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(partnerId, key), ConsistentRead: true }),
    );
    return out.Item ? { fingerprint: out.Item.fingerprint as string, answer: out.Item.answer as SubmitAccepted } : undefined;
  }

  /**
   * Stores the case, its idempotency answer and its `case.received` event in one
   * transaction: either all are kept or none. Throws IdempotencyConflict if a concurrent
   * request with the same key committed first.
   */
  async saveNewCase(
    record: CaseRecord,
    event: Envelope,
    idempotency?: { partnerId: string; key: string; value: IdempotencyRecord; now: Date },
  ): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...caseKey(record.caseId), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(this.tableName, event),
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...idempotencyKey(idempotency.partnerId, idempotency.key),
            ...idempotency.value,
            expiresAt: Math.floor(idempotency.now.getTime() / 1000) + idempotencyRetentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (idempotency && error instanceof TransactionCanceledException) {
        const winner = await this.findIdempotency(idempotency.partnerId, idempotency.key);
        if (winner) throw new IdempotencyConflict('another request with this key committed first', { cause: error });
      }
      throw error;
    }
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = out.Item;
    return record as CaseRecord;
  }

  /** The write that replaces a case if nobody changed it since it was read. */
  replaceCaseIfUnchanged(next: CaseRecord, readVersion: number): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...caseKey(next.caseId), ...next },
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
      },
    };
  }

  /** Appends a reveal to the audit trail; the condition makes a record, once written, never overwritten. */
  async appendReveal(entry: RevealAuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...revealKey(entry), ...entry }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  /** One page of a month's reveals, oldest first; `after` is the previous page's cursor. */
  async listReveals(month: string, options: { caseId?: string; after?: string }): Promise<RevealAuditList> {
    const pk = `REVEALS#${month}`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ...(options.caseId ? { FilterExpression: 'caseId = :caseId' } : {}),
        ExpressionAttributeValues: { ':pk': pk, ...(options.caseId ? { ':caseId': options.caseId } : {}) },
        ExclusiveStartKey: options.after ? { pk, sk: options.after } : undefined,
        Limit: revealPageSize,
      }),
    );
    const items = (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...entry }) => entry as RevealAuditEntry);
    const last = out.LastEvaluatedKey?.sk as string | undefined;
    return last ? { items, cursor: last } : { items };
  }
}
