import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope, RevealAuditEntry, RevealAuditList, SubmitAccepted } from '@govflow/contracts';
import { BadCursor, bodyAttribute, decodeCursor, encodeCursor, intakeCaseDictionary, isWriteConflict, nextDaySequence, packBody, putItems, unpackBody, withEvents, writeAtomically, type TransactItem } from '@govflow/platform';
import type { CaseRecord } from '../domain/case';
import { decodeEntries, encodeEntries, latestOnly, type ChangeLogItem } from '../domain/changes';

/** What a request with an Idempotency-Key was answered: the body's fingerprint and the answer. */
export interface IdempotencyRecord {
  fingerprint: string;
  answer: SubmitAccepted;
}

/** Keys-only index of the case items by partner and case number (declared in the deployment manifest). */
export const partnerCasesIndex = 'partnerCases';

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
/** The change log (ADR 0027): a partition per partner and UTC day, its items in the order of their last change. */
const changeLogKey = (partnerId: string, day: string, sk: string) => ({ pk: `CHANGES#${partnerId}#${day}`, sk });
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Where a page of changes resumes: the log item (its day and key) and how many of its entries were taken. */
function changesCursorOf(key: Record<string, string | number> | undefined): { day: string; at: string; skip: number } {
  const { day, at, skip } = key ?? {};
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || typeof at !== 'string' || typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) {
    throw new BadCursor('cursor is not one this list gave out');
  }
  return { day, at, skip };
}
const sealedKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'SEALED' });

/**
 * The reporter's words and contact as given, sealed: written once, with the case, in an item of
 * their own beside it (ADR 0018). The case item is rewritten at every step; the ciphertexts do
 * not compress, so kept in it they would be paid for at every step. Only the audited reveal reads
 * them; erasure deletes them.
 */
const sealedFields = ['textSealed', 'reporterNameSealed', 'reporterPhoneSealed', 'reporterEmailSealed'] as const;
type SealedFields = Pick<CaseRecord, (typeof sealedFields)[number]>;

function withoutSealed(record: CaseRecord): { open: CaseRecord; sealed?: SealedFields } {
  const sealed: SealedFields = {};
  const open = { ...record };
  for (const field of sealedFields) {
    if (record[field] === undefined) continue;
    sealed[field] = record[field];
    delete open[field];
  }
  return Object.keys(sealed).length > 0 ? { open, sealed } : { open };
}
/** An answer to an Idempotency-Key as stored before case ids were derived from the key (read only; gone by TTL). */
const idempotencyKey = (partnerId: string, key: string) => ({ pk: `IDEMPOTENCY#${partnerId}#${key}`, sk: 'IDEMPOTENCY' });

/**
 * The stored item: the case deflated in `body` with its dictionary (ADR 0018), and plain beside it what keys,
 * indexes and conditions read: `version`, and the keys of the keys-only indexes `partnerCases`
 * (`partnerId`, `caseNumber`), `numbers` (`caseNumber`, `receivedAt`), `external` (sparse: the
 * partner's own id for it); and `changedAt`, which the change log is written from (ADR 0027).
 */
function caseItem(record: CaseRecord) {
  return {
    ...caseKey(record.caseId),
    version: record.version,
    partnerId: record.partnerId,
    caseNumber: record.caseNumber,
    receivedAt: record.receivedAt,
    ...(record.externalId ? { externalKey: externalKey(record.partnerId, record.externalId) } : {}),
    ...(record.changedAt ? { changedAt: record.changedAt } : {}),
    [bodyAttribute]: packBody(record, intakeCaseDictionary),
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

/** Intake's table: cases (with the events their last write emitted), day sequences for case numbers, reveals. */
export class IntakeRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  nextSequence(prefix: string, day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, prefix, day);
  }

  /**
   * What a request with an Idempotency-Key was answered before, if it was: the case its key
   * names (`keyedCaseId`), or an idempotency record written before cases were keyed so (kept
   * seven days: this second key can go a week after the upgrade). One request for both.
   */
  async findIdempotency(partnerId: string, key: string, caseId: string): Promise<IdempotencyRecord | undefined> {
    const out = await this.doc.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [caseKey(caseId), idempotencyKey(partnerId, key)], ConsistentRead: true } } }),
    );
    const items = out.Responses?.[this.tableName] ?? [];
    const stored = items.find((i) => i.sk === 'CASE');
    if (stored) {
      const record = strip(stored);
      return { fingerprint: record.requestFingerprint ?? '', answer: { caseId: record.caseId, caseNumber: record.caseNumber, status: 'received', receivedAt: record.receivedAt } };
    }
    const legacy = items.find((i) => i.sk === 'IDEMPOTENCY');
    // Both keys are read, or the request fails and is retried: a key left unprocessed must not read as new.
    if (!legacy && Object.keys(out.UnprocessedKeys ?? {}).length > 0) throw new Error('idempotency lookup left unprocessed');
    return legacy ? { fingerprint: legacy.fingerprint as string, answer: legacy.answer as SubmitAccepted } : undefined;
  }

  /**
   * Stores the case (its id named by the request's Idempotency-Key, if it has one) and its
   * `case.received` event in one write, and its sealed words beside it. Throws
   * IdempotencyConflict if a concurrent request with the same key stored the case first.
   */
  async saveNewCase(record: CaseRecord, event: Envelope): Promise<void> {
    const { open, sealed } = withoutSealed(record);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: caseItem(open),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(sealed ? [{ Put: { TableName: this.tableName, Item: { ...sealedKey(record.caseId), [bodyAttribute]: packBody(sealed) } } }] : []),
    ];
    try {
      // The case carries its event (ADR 0023): without sealed words, one plain put.
      await writeAtomically(this.doc, withEvents(this.tableName, items, [event]));
    } catch (error) {
      if (record.requestFingerprint && isWriteConflict(error)) throw new IdempotencyConflict('another request with this key committed first', { cause: error });
      throw error;
    }
  }

  /**
   * The case; with `sealed`, also its sealed words and contact (for the audited reveal only: a
   * record read so is never written back). Both items share the case's partition: one query,
   * billed as the one item they were before.
   */
  async getCase(caseId: string, options: { sealed?: boolean } = {}): Promise<CaseRecord | undefined> {
    if (!options.sealed) {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true }));
      return out.Item ? strip(out.Item) : undefined;
    }
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': caseKey(caseId).pk }, ConsistentRead: true }),
    );
    const item = (out.Items ?? []).find((i) => i.sk === caseKey(caseId).sk);
    const sealed = (out.Items ?? []).find((i) => i.sk === sealedKey(caseId).sk);
    return item ? { ...strip(item), ...(sealed ? unpackBody<SealedFields>(sealed) : {}) } : undefined;
  }

  /** The case a number read to the citizen names. */
  async findByNumber(caseNumber: string): Promise<CaseRecord | undefined> {
    return (await this.page('numbers', 'caseNumber = :k', { ':k': caseNumber }, 1)).items[0];
  }

  /** A partner's cases under its own id for them (usually one), oldest first. */
  findByExternalId(partnerId: string, externalId: string, limit: number, cursor?: string): Promise<CasePage> {
    return this.page('external', 'externalKey = :k', { ':k': externalKey(partnerId, externalId) }, limit, cursor);
  }

  /** Writes a stream batch's change-log items (ADR 0027): each put again is the same item. */
  async logChanges(items: readonly ChangeLogItem[]): Promise<void> {
    await putItems(
      this.doc,
      this.tableName,
      items.map((item) => ({ ...changeLogKey(item.partnerId, item.day, item.sk), entries: encodeEntries(item.changes) })),
    );
  }

  /**
   * A partner's cases changed after `since`, from the change log (ADR 0027): in the order intake
   * recorded the changes, each case at its latest change only (an entry whose case has changed
   * since is passed over: the case comes at its later entry). The cursor names the log item
   * and how many of its entries were taken.
   */
  async changedSince(partnerId: string, since: string, limit: number, cursor?: string, now = new Date()): Promise<CasePage> {
    const from = new Date(since).toISOString();
    const start = cursor ? changesCursorOf(decodeCursor(cursor)) : { day: from.slice(0, 10), at: from, skip: 0 };
    const today = now.toISOString().slice(0, 10);
    const listed: CaseRecord[] = [];
    const taken = new Set<string>();
    for (let day = start.day; day <= today; day = nextDay(day)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk >= :at',
            ExpressionAttributeValues: { ':pk': changeLogKey(partnerId, day, '').pk, ':at': day === start.day ? start.at : from },
            Limit: 25,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const skip = day === start.day && item.sk === start.at ? start.skip : 0;
          const entries = decodeEntries(partnerId, item.entries as string)
            .map((entry, index) => ({ ...entry, index }))
            .filter((entry) => entry.index >= skip && entry.changedAt > from);
          const cases = await this.casesById(latestOnly(entries).map((e) => e.caseId));
          for (const entry of entries) {
            const record = cases.get(entry.caseId);
            if (!record || record.changedAt !== entry.changedAt || taken.has(entry.caseId)) continue;
            taken.add(entry.caseId);
            listed.push(record);
            if (listed.length === limit) return { items: listed, cursor: encodeCursor({ day, at: item.sk as string, skip: entry.index + 1 }) };
          }
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
    return { items: listed };
  }

  /** One page of a keys-only index, then its items (strongly read: the index lags the table, the items do not). */
  private async page(index: string, condition: string, values: Record<string, string>, limit: number, cursor?: string): Promise<CasePage> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, IndexName: index, KeyConditionExpression: condition, ExpressionAttributeValues: values, Limit: limit, ExclusiveStartKey: decodeCursor(cursor) }),
    );
    const found = await this.casesById((out.Items ?? []).map((k) => String(k.pk).slice('CASE#'.length)));
    return { items: [...found.values()], cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /** Cases by id, strongly read, in the order asked (those not found left out). */
  private async casesById(caseIds: readonly string[]): Promise<Map<string, CaseRecord>> {
    const found = new Map<string, CaseRecord>();
    for (let i = 0; i < caseIds.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: caseIds.slice(i, i + 100).map(caseKey), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const got: BatchGetCommandOutput = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of got.Responses?.[this.tableName] ?? []) found.set(String(item.pk).slice('CASE#'.length), strip(item));
        request = got.UnprocessedKeys as typeof request;
      }
    }
    return new Map(caseIds.filter((id) => found.has(id)).map((id) => [id, found.get(id)!]));
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
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(item.pk as string, strip(item));
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

  /** Replaces a case with its personal data erased, and deletes its sealed item, if nobody changed the case since it was read; false if someone did. */
  async replaceErased(next: CaseRecord, readVersion: number): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({ TransactItems: [this.replaceCaseIfUnchanged(next, readVersion), { Delete: { TableName: this.tableName, Key: sealedKey(next.caseId) } }] }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
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

/** The record an item holds: its body, or (written before bodies) its attributes without the table's keys and index attributes. */
function strip(item: Record<string, unknown>): CaseRecord {
  const packed = unpackBody<CaseRecord>(item);
  // The plain version is the one conditions check (and a concurrent writer may have moved).
  if (packed) return { ...packed, version: item.version as number };
  const { pk: _pk, sk: _sk, externalKey: _e, changesKey: _c, ...record } = item;
  return record as unknown as CaseRecord;
}
