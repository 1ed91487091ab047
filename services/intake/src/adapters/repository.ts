import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope, RevealAuditEntry, RevealAuditList, SubmitAccepted } from '@govflow/contracts';
import { decodeCursor, encodeCursor, nextDaySequence, outboxPut, type TransactItem } from '@govflow/platform';
import type { CaseRecord } from '../domain/case';

/** A stored answer to an Idempotency-Key: the body's fingerprint and what we answered. */
export interface IdempotencyRecord {
  fingerprint: string;
  answer: SubmitAccepted;
}

/** Keys-only index of the case items by partner and case number (declared in the deployment manifest). */
export const partnerCasesIndex = 'partnerCases';

const idempotencyRetentionSeconds = 7 * 24 * 3600;

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
const idempotencyKey = (partnerId: string, key: string) => ({ pk: `IDEMPOTENCY#${partnerId}#${key}`, sk: 'IDEMPOTENCY' });

/**
 * The stored item: the case, and the keys of its keys-only indexes: `numbers` (its
 * `caseNumber`), `external` (sparse: the partner's own id for it) and `changes` (the
 * partner's cases by `changedAt`, the one that moves as the case does).
 */
function caseItem(record: CaseRecord) {
  return {
    ...caseKey(record.caseId),
    ...record,
    ...(record.externalId ? { externalKey: externalKey(record.partnerId, record.externalId) } : {}),
    ...(record.changedAt ? { changesKey: record.partnerId } : {}),
  };
}

const externalKey = (partnerId: string, externalId: string) => `${partnerId}#${externalId}`;

export interface CasePage {
  items: CaseRecord[];
  cursor?: string;
}

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
          Item: caseItem(record),
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
    return out.Item ? strip(out.Item) : undefined;
  }

  /** The case a number read to the citizen names. */
  async findByNumber(caseNumber: string): Promise<CaseRecord | undefined> {
    return (await this.page('numbers', 'caseNumber = :k', { ':k': caseNumber }, 1)).items[0];
  }

  /** A partner's cases under its own id for them (usually one), oldest first. */
  findByExternalId(partnerId: string, externalId: string, limit: number, cursor?: string): Promise<CasePage> {
    return this.page('external', 'externalKey = :k', { ':k': externalKey(partnerId, externalId) }, limit, cursor);
  }

  /** A partner's cases changed after `since`, oldest change first. */
  changedSince(partnerId: string, since: string, limit: number, cursor?: string): Promise<CasePage> {
    return this.page('changes', 'changesKey = :k AND changedAt > :since', { ':k': partnerId, ':since': since }, limit, cursor);
  }

  /** One page of a keys-only index, then its items (strongly read: the index lags the table, the items do not). */
  private async page(index: string, condition: string, values: Record<string, string>, limit: number, cursor?: string): Promise<CasePage> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, IndexName: index, KeyConditionExpression: condition, ExpressionAttributeValues: values, Limit: limit, ExclusiveStartKey: decodeCursor(cursor) }),
    );
    const keys = (out.Items ?? []).map((k) => ({ pk: k.pk as string, sk: k.sk as string }));
    const found = new Map<string, CaseRecord>();
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined =
      keys.length > 0 ? { [this.tableName]: { Keys: keys, ConsistentRead: true } } : undefined;
    while (request && Object.keys(request).length > 0) {
      const got = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of got.Responses?.[this.tableName] ?? []) found.set(item.pk as string, strip(item));
      request = got.UnprocessedKeys as typeof request;
    }
    return { items: keys.map((k) => found.get(k.pk)).filter((r): r is CaseRecord => r !== undefined), cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /**
   * A partner's case by its number, through the keys-only `partnerCases` index (partner id,
   * case number): both are written once, with the case, so the index costs one write a case.
   */
  async findPartnerCaseByNumber(partnerId: string, caseNumber: string): Promise<CaseRecord | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: partnerCasesIndex,
        KeyConditionExpression: 'partnerId = :p AND caseNumber = :n',
        ExpressionAttributeValues: { ':p': partnerId, ':n': caseNumber },
      }),
    );
    return (await this.casesOf(out.Items))[0];
  }

  /**
   * A partner's cases numbered between two case numbers (numbers order by the region's day,
   * then the day's sequence), newest first, a page at a time.
   */
  async *partnerCasesNewestFirst(partnerId: string, fromNumber: string, toNumber: string): AsyncGenerator<CaseRecord[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: partnerCasesIndex,
          KeyConditionExpression: 'partnerId = :p AND caseNumber BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': partnerId, ':from': fromNumber, ':to': toNumber },
          ScanIndexForward: false,
          Limit: 100,
          ExclusiveStartKey: startKey,
        }),
      );
      yield await this.casesOf(out.Items);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  /** The cases an index page names, in its order (read strongly: the index is eventually consistent, the items are not). */
  private async casesOf(keys: Record<string, unknown>[] | undefined): Promise<CaseRecord[]> {
    const wanted = (keys ?? []).map((k) => ({ pk: k.pk as string, sk: k.sk as string }));
    const found = new Map<string, CaseRecord>();
    for (let i = 0; i < wanted.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: wanted.slice(i, i + 100), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const { pk, sk: _sk, ...record } = item;
          found.set(pk as string, record as CaseRecord);
        }
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return wanted.map((k) => found.get(k.pk)).filter((r): r is CaseRecord => r !== undefined);
  }

  /** The write that replaces a case if nobody changed it since it was read. */
  replaceCaseIfUnchanged(next: CaseRecord, readVersion: number): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: caseItem(next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
      },
    };
  }

  /** Replaces a case on its own (no transaction) if nobody changed it since it was read; false if someone did. */
  async replaceCase(next: CaseRecord, readVersion: number): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand(this.replaceCaseIfUnchanged(next, readVersion).Put!));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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

/** The record without the table's keys and index attributes. */
function strip(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, externalKey: _e, changesKey: _c, ...record } = item;
  return record as unknown as CaseRecord;
}
