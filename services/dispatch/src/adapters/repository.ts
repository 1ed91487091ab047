import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '@govflow/contracts';
import { bodyAttribute, decodeCursor, dispatchRecordDictionary, encodeCursor, erasureDay, isWriteConflict, markForErasure, packBody, sweepErasures, unpackBody, withEvents, writeAtomically, type ErasureMarker, type TransactItem } from '@govflow/platform';
import type { Correction } from '../domain/classification/classify';
import type { DispatchRecord } from '../domain/routing/decide';
import { nextCheckAt, supervisionShardOf, type SupervisionSettings } from '../domain/workorder/supervision';
import { matterKey } from '../domain/routing/repeats';
import { closedAt, closesNow, holdsPersonalFiles } from '../domain/workorder/retention';

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'DISPATCH' });
const correctionsKey = (region: string) => `CORRECTIONS#${region}`;

export class ConcurrentChange extends Error {
  override name = 'ConcurrentChange';
}

export interface StoredCorrection extends Correction {
  caseId: string;
  by: string;
  at: string;
}

/** How long personal data is kept after a case closes, and the region day it is counted in. */
export interface RetentionSettings {
  days: number;
  timeZone: string;
}

/**
 * Dispatch's table: one decision per case (`CASE#<caseId>` / `DISPATCH`), found in the
 * sparse `triage` index while it waits for an operator; operators' corrections per region;
 * `ERASE#<shard>` / `<day>#<caseId>` when a closed order's photos fall due for erasure.
 * The indexes hold keys only (a step that keeps an item's index keys writes no index), so
 * a list reads its page of keys, then the items.
 */
export class DispatchRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly supervision: SupervisionSettings,
    private readonly retention?: RetentionSettings,
  ) {}

  /** The region day a work order closed at `closed` has its photos erased. */
  erasureDayOf(closed: string): string {
    if (!this.retention) throw new Error('this repository was made without retention settings');
    return erasureDay(closed, this.retention.days, this.retention.timeZone);
  }

  /**
   * Sparse index keys: in the triage list while waiting for a dispatcher, in its
   * department's inbox while it has an order, in the deadline index while a 督办 level is pending.
   */
  private item(record: DispatchRecord) {
    const waiting = record.status === 'triage' || record.workOrder?.status === 'returned';
    const check = record.workOrder ? nextCheckAt(record.workOrder, this.supervision) : undefined;
    const open = record.workOrder && record.workOrder.status !== 'closed' && record.category;
    const matter = open ? matterKey(record.category!.minor, record.jurisdiction) : undefined;
    const { version, repeatCaseIds, ...body } = record as DispatchRecord & { repeatCaseIds?: Set<string> };
    return {
      ...caseKey(record.caseId),
      // The body deflated with its dictionary (ADR 0018); plain beside it what index keys, conditions and a repeat's
      // in-place join touch: the version, the order's status, its repeat count, the repeats' ids
      // and the history lines joins append (folded into the body at the case's next write).
      [bodyAttribute]: packBody(body, dispatchRecordDictionary),
      version,
      caseNumber: record.caseNumber,
      receivedAt: record.receivedAt,
      ...(record.workOrder ? { orderStatus: record.workOrder.status, repeatCount: record.workOrder.repeatCount ?? 0 } : {}),
      ...(repeatCaseIds ? { repeatCaseIds } : {}),
      ...(waiting ? { triageKey: 'TRIAGE' } : {}),
      ...(record.workOrder ? { inboxKey: `DEPT#${record.workOrder.departmentId}` } : {}),
      ...(check ? { deadlineKey: `DUE#${supervisionShardOf(record.caseId)}`, nextCheckAt: check } : {}),
      ...(matter ? { matterKey: matter } : {}),
    };
  }

  /** Open cases about one matter (category and place) received since `since`. */
  async openMatters(key: string, since: Date): Promise<DispatchRecord[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'matters',
        KeyConditionExpression: 'matterKey = :m AND receivedAt >= :since',
        ExpressionAttributeValues: { ':m': key, ':since': since.toISOString() },
        Limit: 50,
      }),
    );
    // The index may lag the table: an item that has left the matter since is dropped.
    return (await this.itemsOf(out.Items)).filter((r) => r.workOrder && r.workOrder.status !== 'closed' && r.category && matterKey(r.category.minor, r.jurisdiction) === key);
  }

  /**
   * 重复件: counts `repeat` into the open case it repeats, in one atomic update of that case
   * (its repeat count, the repeats' ids, a line of history, its version), without reading it
   * again: a burst of identical reports joins one case without colliding on its version.
   * The count answered is the case's own after this join. Joining twice changes nothing and
   * answers the count now; a case closed meanwhile (or gone) answers `closed`.
   */
  async joinRepeat(originalCaseId: string, repeat: { caseId: string; caseNumber: string }, entry: DispatchRecord['history'][number]): Promise<{ repeatCount: number } | 'closed'> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(originalCaseId),
          UpdateExpression: 'ADD repeatCaseIds :ids, #version :one, repeatCount :one SET joinedHistory = list_append(if_not_exists(joinedHistory, :none), :entry)',
          ConditionExpression: 'attribute_exists(orderStatus) AND orderStatus <> :closed AND NOT contains(repeatCaseIds, :id)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':ids': new Set([repeat.caseId]), ':id': repeat.caseId, ':one': 1, ':entry': [entry], ':none': [], ':closed': 'closed' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { repeatCount: out.Attributes!.repeatCount as number };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = (await this.get(originalCaseId)) as (DispatchRecord & { repeatCaseIds?: Set<string> }) | undefined;
      // Joined already (a redelivery after a crash between this update and the case's own write).
      if (old?.repeatCaseIds?.has(repeat.caseId)) return { repeatCount: old.workOrder?.repeatCount ?? old.repeatCaseIds.size };
      return 'closed';
    }
  }

  /** The write that replaces a case if nobody changed it since it was read. */
  replaceIfUnchanged(record: DispatchRecord, readVersion: number): TransactItem {
    return { Put: { TableName: this.tableName, Item: this.item(record), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': readVersion } } };
  }

  /** Orders of one shard with a 督办 level due by `now`, oldest first, a page from `cursor` on. */
  async dueForSupervision(shard: number, now: Date, limit: number, cursor?: Record<string, unknown>): Promise<{ items: DispatchRecord[]; cursor?: Record<string, unknown> }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'deadlines',
        KeyConditionExpression: 'deadlineKey = :due AND nextCheckAt <= :now',
        ExpressionAttributeValues: { ':due': `DUE#${shard}`, ':now': now.toISOString() },
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { items: await this.itemsOf(out.Items), cursor: out.LastEvaluatedKey };
  }

  createOnce(record: DispatchRecord): TransactItem {
    return { Put: { TableName: this.tableName, Item: this.item(record), ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** Whether the case has been decided (its record written): what makes a redelivered `case.received` change nothing. */
  async exists(caseId: string): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return out.Item !== undefined;
  }

  async get(caseId: string): Promise<DispatchRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true }));
    return out.Item ? strip(out.Item) : undefined;
  }

  /** The case a number read to a citizen names (`WH-20261124-000042`), through the keys-only `numbers` index (written once per case). */
  async findByNumber(caseNumber: string): Promise<DispatchRecord | undefined> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, IndexName: 'numbers', KeyConditionExpression: 'caseNumber = :n', ExpressionAttributeValues: { ':n': caseNumber }, Limit: 1 }),
    );
    return (await this.itemsOf(out.Items))[0];
  }

  async listTriage(limit: number, cursor?: string): Promise<{ items: DispatchRecord[]; cursor?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'triage',
        KeyConditionExpression: 'triageKey = :t',
        ExpressionAttributeValues: { ':t': 'TRIAGE' },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    const items = await this.itemsOf(out.Items);
    return {
      items: items.filter((r) => r.status === 'triage' || r.workOrder?.status === 'returned'),
      cursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /** The items an index page names, in its order (strongly read: the index is eventually consistent, the items are not). */
  private async itemsOf(keys: Record<string, unknown>[] | undefined): Promise<DispatchRecord[]> {
    const wanted = (keys ?? []).map((k) => ({ pk: k.pk as string, sk: k.sk as string }));
    const found = new Map<string, DispatchRecord>();
    for (let i = 0; i < wanted.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = { [this.tableName]: { Keys: wanted.slice(i, i + 100), ConsistentRead: true } };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(`${item.pk as string}|${item.sk as string}`, strip(item));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return wanted.map((k) => found.get(`${k.pk}|${k.sk}`)).filter((r): r is DispatchRecord => r !== undefined);
  }

  /**
   * Stores an operator's decision, the correction the classifier learns from and the
   * events, together; fails with ConcurrentChange if the case changed since it was read.
   */
  async saveOperatorDecision(record: DispatchRecord, readVersion: number, correction: StoredCorrection, region: string, events: Envelope[]): Promise<void> {
    try {
      await writeAtomically(
        this.doc,
        withEvents(
          this.tableName,
          [
            {
              Put: {
                TableName: this.tableName,
                Item: this.item(record),
                ConditionExpression: 'version = :read',
                ExpressionAttributeValues: { ':read': readVersion },
              },
            },
            { Put: { TableName: this.tableName, Item: this.correctionItem(region, correction) } },
          ],
          events,
        ),
      );
    } catch (error) {
      if (isWriteConflict(error)) throw new ConcurrentChange('the case changed while it was being classified', { cause: error });
      throw error;
    }
  }

  private correctionItem(region: string, correction: StoredCorrection) {
    return { pk: correctionsKey(region), sk: `${correction.at}#${correction.caseId}`, ...correction };
  }

  async inbox(departmentId: string, limit: number, status?: string, cursor?: string): Promise<{ items: DispatchRecord[]; cursor?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'inbox',
        KeyConditionExpression: 'inboxKey = :d',
        ExpressionAttributeValues: { ':d': `DEPT#${departmentId}` },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    // As a filter expression would: the page's items that match (a page may hold fewer than the limit).
    const items = (await this.itemsOf(out.Items)).filter((r) => r.workOrder?.departmentId === departmentId && (!status || r.workOrder.status === status));
    return { items, cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /**
   * Replaces the case if unchanged since read, with its events and any correction the step
   * teaches the classifier (a transfer), atomically; ConcurrentChange otherwise.
   */
  async saveStep(record: DispatchRecord, readVersion: number, events: Envelope[], learned?: { region: string; correction: StoredCorrection }): Promise<void> {
    try {
      // The order carries its events (ADR 0023): a step that teaches nothing and closes nothing is one plain put.
      const items: TransactItem[] = [
        { Put: { TableName: this.tableName, Item: this.item(record), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': readVersion } } },
        ...(learned ? [{ Put: { TableName: this.tableName, Item: this.correctionItem(learned.region, learned.correction) } }] : []),
      ];
      await this.markErasure(record);
      await writeAtomically(this.doc, withEvents(this.tableName, items, events));
    } catch (error) {
      if (isWriteConflict(error)) throw new ConcurrentChange('the work order changed meanwhile', { cause: error });
      throw error;
    }
  }

  /**
   * The step that closes an order with photos marks, before it is written, the day they fall due
   * (ADR 0013); an order without photos has nothing to erase and costs nothing.
   */
  private async markErasure(record: DispatchRecord): Promise<void> {
    const closed = closedAt(record);
    if (!this.retention || !closed || !closesNow(record) || !holdsPersonalFiles(record)) return;
    await markForErasure(this.doc, this.tableName, record.caseId, this.erasureDayOf(closed));
  }

  /** Hands each erasure marker due by `today` to `erase`, until the deadline (see `sweepErasures`). */
  erasures(today: string, deadline: number, erase: (marker: ErasureMarker) => Promise<'erased' | 'stale' | 'retry'>) {
    return sweepErasures({ doc: this.doc, tableName: this.tableName, today, deadline, erase });
  }

  /** Replaces the case if unchanged since read; false when a step came in between. */
  async putIfUnchanged(record: DispatchRecord, readVersion: number): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand(this.replaceIfUnchanged(record, readVersion).Put!));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Corrections stored after `afterSk` (all of them when absent), oldest first. */
  async correctionsSince(region: string, afterSk?: string): Promise<{ corrections: StoredCorrection[]; lastSk?: string }> {
    const corrections: StoredCorrection[] = [];
    let lastSk = afterSk;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: afterSk ? 'pk = :pk AND sk > :after' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': correctionsKey(region), ...(afterSk ? { ':after': afterSk } : {}) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        corrections.push(item as StoredCorrection);
        lastSk = item.sk as string;
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return { corrections, lastSk };
  }
}

/**
 * The record an item holds: its body, with the plain version, repeat count, repeats' ids and
 * the history lines joins appended since the body was written; or (written before bodies) its
 * attributes without the table's keys and index attributes.
 */
function strip(item: Record<string, unknown>): DispatchRecord {
  const body = unpackBody<DispatchRecord>(item);
  if (!body) {
    const { pk: _pk, sk: _sk, triageKey: _t, inboxKey: _i, deadlineKey: _d, nextCheckAt: _n, matterKey: _m, ...record } = item;
    return record as unknown as DispatchRecord;
  }
  const joined = (item.joinedHistory ?? []) as DispatchRecord['history'];
  return {
    ...body,
    version: item.version as number,
    history: [...body.history, ...joined],
    ...(body.workOrder && item.repeatCount ? { workOrder: { ...body.workOrder, repeatCount: item.repeatCount as number } } : {}),
    ...(item.repeatCaseIds ? { repeatCaseIds: item.repeatCaseIds } : {}),
  };
}
