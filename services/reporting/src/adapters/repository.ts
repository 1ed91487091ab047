import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AnyEvent, WarningFields } from '@govflow/contracts';
import { isWriteConflict, itemWriteUnits, putItems, outboxAttribute, packBody, packedEvents, reportingRecordDictionary, unpackBody, unpackEvents, type TransactItem } from '@govflow/platform';
import { currentDepartment, highestSupervision, statusOf, type CaseRecord } from '../domain/case-record';
import { addRows, decodeDigest, digestedDimensions, encodeDigest, pendingRows, type DigestId } from '../domain/digests';
import { addCounts, noDepartment, parseCellId, readAs, unknown, type Contribution, type Counts, type Dimension } from '../domain/figures';
import type { CounterRow } from '../domain/kpis';
import { addDays, daysFrom, monthDays } from '../domain/time';

/**
 * Reporting's table:
 * - `CASE#<caseId>` / `RECORD`: the case's merged facts, the contribution its counters hold,
 *   and a few summary fields indexed by UTC day (`byDay`) for the legacy summary;
 * - `K#<dimension>#<YYYY-MM>` / `<bucket>#<value>`: one counter item per dimension value per
 *   day (per hour for hotspots), every figure an attribute incremented with ADD;
 * - `G#<dimension>#<YYYY-MM>` / `<day>` (months: `G#<dimension>#M#<YYYY>` / `<YYYY-MM>`): a closed
 *   bucket's digest, all values in one item, and `<bucket>#pending`: the changes made to the
 *   bucket since its digest (see domain/digests.ts);
 * - `ARCHIVE#<UTC day>` / `<occurredAt>#<eventId>#<digest>`: every event, for replay, several an
 *   item (a fold batch's of that day, deflated; ADR 0026), keyed by the first of them and a
 *   digest of all their ids (items written before hold one event, keyed without the digest);
 * - `WARN#<YYYY-MM>` / `<warningId>`, `DAILY#<date>` / `REPORT`, `REPLAY#<name>` / `POSITION`.
 */
export interface StoredRecord {
  record: CaseRecord;
  /** What the counters hold for this case. */
  applied?: Contribution;
  /** Set only while a change too big for one transaction is being applied in parts. */
  appliedCells?: Record<string, Counts>;
  /**
   * The counter change this write of the record makes, for the fold to add from the table's
   * stream (ADR 0022); absent when the write moved the counters itself (replay) or moves none,
   * and read back only on the version that made it.
   */
  delta?: Record<string, Counts>;
  /**
   * The events this write of the record merges, for the fold to archive from the stream
   * (ADR 0026): written beside the body, and read back (`writeChangeOf`) only on the version
   * that made them, as `delta` is. Never read with the record.
   */
  events?: readonly AnyEvent[];
  version: number;
}

export interface ReplayPosition {
  /** The archive day (UTC) being replayed, and the key of the last archive item done in it. */
  day: string;
  after?: string;
  events: number;
}

const recordKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'RECORD' });

/** An archive item's events, deflated as a write's events for its relay are, but not under their name: the relay must not send them. */
const archivedAttribute = 'events';
const archiveKey = (event: AnyEvent) => `${event.occurredAt}#${event.eventId}`;
/** An archive item's key: its first event's, in time order, then a digest of all its events' ids. */
const archiveItemKey = (ordered: readonly AnyEvent[]) =>
  `${archiveKey(ordered[0]!)}#${createHash('sha256').update(ordered.map((e) => e.eventId).join(',')).digest('hex').slice(0, 16)}`;

/** How large an archive item's events may be, deflated: DynamoDB takes items of up to 400 KB. */
export const archiveItemBytes = 300_000;

/** A day's events, in order, in as few items as fit (halved until each does: the fold archives a whole stream batch). */
function archiveParts(ordered: readonly AnyEvent[]): { events: readonly AnyEvent[]; packed: Uint8Array }[] {
  const packed = packedEvents(ordered);
  if (packed.length <= archiveItemBytes || ordered.length === 1) return [{ events: ordered, packed }];
  const half = Math.ceil(ordered.length / 2);
  return [...archiveParts(ordered.slice(0, half)), ...archiveParts(ordered.slice(half))];
}

/** The events an archive item keeps: several deflated, or one as a map (items written before). */
export function archivedEvents(item: Record<string, unknown>): unknown[] {
  const packed = item[archivedAttribute];
  return packed instanceof Uint8Array ? unpackEvents(packed) : item.event === undefined ? [] : [item.event];
}

/**
 * The record, the contribution its counters hold and any cells of a change in parts, kept
 * deflated with its dictionary in one binary attribute (ADR 0018): the case's only large item
 * is rewritten by every change (about 3 KB as attributes, 650 bytes gzipped, 400 deflated).
 * The legacy summary's fields stay plain beside it for the `byDay` index.
 */
function encodeBody(stored: Omit<StoredRecord, 'version'>, version: number): Uint8Array {
  // The delta and the events name the version whose write made them: a later write of the item that kept the body (or moved only the version) carries neither.
  const made = stored.delta || stored.events ? { ...(stored.delta ? { delta: stored.delta } : {}), deltaVersion: version } : {};
  return packBody({ record: stored.record, applied: stored.applied, appliedCells: stored.appliedCells, ...made }, reportingRecordDictionary);
}

/** Where a record item keeps the events its write merged, deflated beside its body (not `outbox`: the relay must not send them). */
const mergedAttribute = 'merged';

/**
 * What the write that made this record item carries for the fold: its counter change (ADR 0022)
 * and the events it merged (ADR 0026); none from any other write of the item. One inflate of the body.
 */
export function writeChangeOf(item: Record<string, unknown>): { delta?: Record<string, Counts>; events?: AnyEvent[] } {
  const body = unpackBody<{ delta?: Record<string, Counts>; deltaVersion?: number }>(item);
  if (!body || body.deltaVersion !== item.version) return {};
  const merged = item[mergedAttribute];
  const events = merged instanceof Uint8Array && item.body instanceof Uint8Array ? (unpackEvents(merged, item.body) as AnyEvent[]) : undefined;
  return { ...(body.delta ? { delta: body.delta } : {}), ...(events ? { events } : {}) };
}

/** A stored record item read back: its gzipped body, or the separate attributes of a record written before the body. */
export function storedRecordOf(item: Record<string, unknown>): StoredRecord {
  const body = unpackBody<Omit<StoredRecord, 'version'> & { deltaVersion?: number }>(item) ?? (item as unknown as Omit<StoredRecord, 'version'>);
  const version = item.version as number;
  const delta = 'deltaVersion' in body && body.deltaVersion === version ? body.delta : undefined;
  return { record: body.record, applied: body.applied ?? undefined, appliedCells: body.appliedCells ?? undefined, delta, version };
}

/** A counter cell's marks (ADR 0022): one attribute per stream shard that folded into it, named apart from the figures. */
const markPrefix = '@fold:';
/** A shard's short name in marks and in the list of shards seen. */
export const shardTag = (shardId: string) => createHash('sha256').update(shardId).digest('hex').slice(0, 12);
const markName = (tag: string) => `${markPrefix}${tag}`;
/** The shards the fold has seen, each with when it was last seen (ms): `<tag>` attributes. */
const foldShardsKey = { pk: 'META#fold', sk: 'SHARDS' };

/** A counter item's figures: its number attributes but its keys and marks. */
export function countsOf(item: Record<string, unknown>): Counts {
  const counts: Counts = {};
  for (const [name, value] of Object.entries(item)) if (typeof value === 'number' && !name.startsWith(markPrefix)) counts[name] = value;
  return counts;
}

/** Day and hour cells are filed by month (there are no month cells: months are summed from days). */
export function counterKey(cellId: string): { pk: string; sk: string } {
  const cell = parseCellId(cellId);
  return { pk: `K#${cell.dimension}#${cell.bucket.slice(0, 7)}`, sk: `${cell.bucket}#${cell.value}` };
}

/** A digest and its pending item sit side by side: one query reads both. */
export function digestKey(dimension: Dimension, bucket: string, part: 'digest' | 'pending' = 'digest'): { pk: string; sk: string } {
  const pk = bucket.length === 7 ? `G#${dimension}#M#${bucket.slice(0, 4)}` : `G#${dimension}#${bucket.slice(0, 7)}`;
  return { pk, sk: part === 'digest' ? bucket : `${bucket}#pending` };
}

export interface PendingItem {
  dimension: Dimension;
  bucket: string;
  seq: number;
  rows: Map<string, Counts>;
}

export class ReportingRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async getRecord(caseId: string): Promise<StoredRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: recordKey(caseId), ConsistentRead: true }));
    return out.Item ? storedRecordOf(out.Item) : undefined;
  }

  /** Replaces the record only if nobody changed it since it was read (optimistic concurrency). */
  /**
   * The record's write with the events that made it on it, for the fold to archive (ADR 0026),
   * when they fit in the write units the record costs without them; else the write without
   * them, and the events to archive apart (an item of their own costs no more than the units
   * they would add to the record).
   */
  saveRecordWithEvents(next: Omit<StoredRecord, 'version' | 'events'>, readVersion: number | undefined, events: readonly AnyEvent[]): { write: TransactItem; apart: readonly AnyEvent[] } {
    if (events.length === 0) return { write: this.saveRecord(next, readVersion), apart: [] };
    const carrying = this.saveRecord({ ...next, events }, readVersion);
    // With a delta the body is the same either way (it names its version already): the bare write is the carrying one without the events.
    const { [mergedAttribute]: _merged, ...withoutEvents } = carrying.Put!.Item!;
    const bare = next.delta ? { Put: { ...carrying.Put!, Item: withoutEvents } } : this.saveRecord(next, readVersion);
    return itemWriteUnits(carrying.Put!.Item!) > itemWriteUnits(bare.Put!.Item!) ? { write: bare, apart: events } : { write: carrying, apart: [] };
  }

  saveRecord(next: Omit<StoredRecord, 'version'>, readVersion: number | undefined): TransactItem {
    const r = next.record;
    const supervision = highestSupervision(r);
    const body = encodeBody(next, (readVersion ?? 0) + 1);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...recordKey(r.caseId),
          body,
          ...(next.events ? { [mergedAttribute]: packedEvents(next.events, body) } : {}),
          version: (readVersion ?? 0) + 1,
          // When reporting last took an event of the case in (the benchmark's latency to reporting).
          projectedAt: new Date().toISOString(),
          // For the legacy summary (by UTC day received): status and the dimensions it counts by.
          ...(r.receivedAt ? { dayKey: `DAY#${r.receivedAt.slice(0, 10)}`, receivedAt: r.receivedAt } : {}),
          partnerId: r.partnerId ?? 'unknown',
          status: statusOf(r),
          major: r.category?.value.major ?? unknown,
          districtId: r.place?.value.districtId ?? unknown,
          departmentId: currentDepartment(r) ?? noDepartment,
          channel: r.channel ?? unknown,
          ...(supervision ? { supervision } : {}),
        },
        ...(readVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': readVersion } }),
      },
    };
  }

  /** One ADD per counter item, every changed figure in it at once. */
  counterUpdate(cellId: string, counts: Counts): TransactItem {
    const metrics = Object.keys(counts);
    return {
      Update: {
        TableName: this.tableName,
        Key: counterKey(cellId),
        UpdateExpression: `ADD ${metrics.map((_, i) => `#m${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(metrics.map((m, i) => [`#m${i}`, m])),
        ExpressionAttributeValues: Object.fromEntries(metrics.map((m, i) => [`:v${i}`, counts[m]])),
      },
    };
  }

  /**
   * Adds a stream batch's change to a counter cell once (ADR 0022): only if the cell's mark for
   * the shard is still before the cell's first change in the batch (`before`), or is exactly
   * `mark`, as read after a refusal; the mark moves to `to`, and the marks of shards gone for
   * good (`dropMarksOf`) are removed. A change to a closed bucket goes to its pending items in
   * the same transaction. False when the condition refused it.
   */
  async foldIntoCell(
    cellId: string,
    counts: Counts,
    fold: { shard: string; when: { before: string } | { mark: string | undefined }; to: string; pending: readonly [DigestId, Record<string, number>][]; dropMarksOf: readonly string[] },
  ): Promise<boolean> {
    const metrics = Object.keys(counts);
    const { when } = fold;
    const condition =
      'before' in when
        ? { ConditionExpression: 'attribute_not_exists(#mark) OR #mark < :first', values: { ':first': when.before } }
        : when.mark === undefined
          ? { ConditionExpression: 'attribute_not_exists(#mark)', values: {} }
          : { ConditionExpression: '#mark = :read', values: { ':read': when.mark } };
    const add = metrics.length > 0 ? `ADD ${metrics.map((_, i) => `#m${i} :v${i}`).join(', ')} ` : '';
    const drop = fold.dropMarksOf.length > 0 ? ` REMOVE ${fold.dropMarksOf.map((_, i) => `#d${i}`).join(', ')}` : '';
    const update = {
      TableName: this.tableName,
      Key: counterKey(cellId),
      UpdateExpression: `${add}SET #mark = :to${drop}`,
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: {
        '#mark': markName(fold.shard),
        ...Object.fromEntries(metrics.map((m, i) => [`#m${i}`, m])),
        ...Object.fromEntries(fold.dropMarksOf.map((tag, i) => [`#d${i}`, markName(tag)])),
      },
      ExpressionAttributeValues: { ':to': fold.to, ...condition.values, ...Object.fromEntries(metrics.map((m, i) => [`:v${i}`, counts[m]])) },
    };
    try {
      if (fold.pending.length === 0) await this.doc.send(new UpdateCommand(update));
      else await this.doc.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...fold.pending.map(([id, amounts]) => this.pendingUpdate(id, amounts))] }));
      return true;
    } catch (error) {
      if (isWriteConflict(error)) return false;
      throw error;
    }
  }

  /** A cell's mark for a shard (by its tag), read strongly. */
  async foldMark(cellId: string, shard: string): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: counterKey(cellId), ConsistentRead: true, ProjectionExpression: '#mark', ExpressionAttributeNames: { '#mark': markName(shard) } }));
    return out.Item?.[markName(shard)] as string | undefined;
  }

  /** The shards the fold has seen, by tag, with when each was last seen (ms). */
  async foldShards(): Promise<Record<string, number>> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: foldShardsKey, ConsistentRead: true }));
    const { pk: _pk, sk: _sk, ...seen } = out.Item ?? {};
    return seen as Record<string, number>;
  }

  /** Notes a shard as seen now, and forgets the ones named. */
  async noteFoldShard(shard: string, at: number, forget: readonly string[]): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: foldShardsKey,
        UpdateExpression: `SET #s = :at${forget.length > 0 ? ` REMOVE ${forget.map((_, i) => `#f${i}`).join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#s': shard, ...Object.fromEntries(forget.map((tag, i) => [`#f${i}`, tag])) },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Records a change to a closed bucket beside its digest (ADD, so concurrent writers add up), and marks the bucket for folding. */
  pendingUpdate(id: DigestId, amounts: Record<string, number>): TransactItem {
    const [dimension, bucket] = id.split('#') as [Dimension, string];
    const names = Object.keys(amounts);
    return {
      Update: {
        TableName: this.tableName,
        Key: digestKey(dimension, bucket, 'pending'),
        UpdateExpression: `ADD seq :one, ${names.map((_, i) => `#a${i} :a${i}`).join(', ')} SET pendingKey = :dimension`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
        ExpressionAttributeValues: { ':one': 1, ':dimension': `PENDING#${dimension}`, ...Object.fromEntries(names.map((n, i) => [`:a${i}`, amounts[n]])) },
      },
    };
  }

  /** Buckets of one dimension with changes waiting to be folded into their digest. */
  async pendingBuckets(dimension: Dimension): Promise<string[]> {
    const buckets: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, IndexName: 'pending', KeyConditionExpression: 'pendingKey = :k', ExpressionAttributeValues: { ':k': `PENDING#${dimension}` }, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) buckets.push(String(item.sk).replace(/#pending$/, ''));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return buckets;
  }

  /** A bucket's digest and pending item, read strongly (the sealing job's first step). */
  async digestState(dimension: Dimension, bucket: string): Promise<{ digest?: Map<string, Counts>; digestVersion?: number; pending?: PendingItem }> {
    const items = await this.queryAll(digestKey(dimension, bucket).pk, bucket, `${bucket}#pending`, true);
    const digestItem = items.find((i) => i.sk === bucket);
    const pendingItem = items.find((i) => i.sk === `${bucket}#pending`);
    return {
      ...(digestItem ? { digest: decodeDigest(digestItem.rows as string), digestVersion: digestItem.version as number } : {}),
      ...(pendingItem ? { pending: { dimension, bucket, seq: pendingItem.seq as number, rows: pendingRows(pendingItem) } } : {}),
    };
  }

  /**
   * Writes a bucket's digest and removes its pending item, only if nobody changed the
   * pending item (its `seq`) or the digest since they were read: false if someone did.
   */
  async sealDigest(dimension: Dimension, bucket: string, rows: ReadonlyMap<string, Counts>, read: { pendingSeq?: number; digestVersion?: number }): Promise<boolean> {
    const pendingKey = digestKey(dimension, bucket, 'pending');
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...digestKey(dimension, bucket), rows: encodeDigest(rows), version: (read.digestVersion ?? 0) + 1 },
                ...(read.digestVersion !== undefined ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': read.digestVersion } } : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            read.pendingSeq === undefined
              ? { ConditionCheck: { TableName: this.tableName, Key: pendingKey, ConditionExpression: 'attribute_not_exists(pk)' } }
              : { Delete: { TableName: this.tableName, Key: pendingKey, ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': read.pendingSeq } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  async digestProgress(): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'META#digests', sk: 'SEALED-THROUGH' } }));
    return out.Item?.day as string | undefined;
  }

  async saveDigestProgress(day: string): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'META#digests', sk: 'SEALED-THROUGH', day } }));
  }

  /**
   * Keeps events in the archive: those of one UTC day in one item (more if they do not fit),
   * deflated. The fold archives a stream batch's events at once (ADR 0026), where an item an
   * event cost a write unit each; the consumer, only events no record write carries. A redelivered batch
   * writes the same item again; an event redelivered in another batch is kept again in that
   * batch's item, never over the first (the key names every event of the item), and a replay
   * merges a fact twice into nothing new. What DynamoDB leaves unprocessed is sent again; if
   * some still is, this throws and the batch comes again.
   */
  async archive(events: readonly AnyEvent[]): Promise<void> {
    const byDay = new Map<string, AnyEvent[]>();
    for (const event of new Map(events.map((e) => [e.eventId, e])).values()) {
      const day = event.occurredAt.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), event]);
    }
    const items = [...byDay].flatMap(([day, kept]) =>
      archiveParts(kept.sort((a, b) => archiveKey(a).localeCompare(archiveKey(b)))).map(({ events: part, packed }) => ({ pk: `ARCHIVE#${day}`, sk: archiveItemKey(part), [archivedAttribute]: packed })),
    );
    await putItems(this.doc, this.tableName, items);
  }

  /** The archive of one UTC day, a page of items at a time, each with its key and its events in time order. */
  async archivePage(day: string, after?: string): Promise<{ items: { key: string; events: unknown[] }[]; last?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ARCHIVE#${day}`, ...(after ? { ':after': after } : {}) },
        Limit: 100,
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ key: i.sk as string, events: archivedEvents(i) }));
    return { items, last: out.LastEvaluatedKey ? items.at(-1)?.key : undefined };
  }

  /** Files a warning; filing it again (a redelivery, a replay) changes nothing, an acknowledgement included. */
  warningPut(warning: WarningFields, month: string): TransactItem {
    const fields = Object.entries(warning);
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: `WARN#${month}`, sk: warning.warningId },
        UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = if_not_exists(#f${i}, :v${i})`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])),
      },
    };
  }

  /** A warning raised once: the put fails (and the caller moves on) if it was raised before. */
  warningPutOnce(warning: WarningFields, month: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: { pk: `WARN#${month}`, sk: warning.warningId, ...warning }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** Where a replay got to. */
  async replayPosition(name: string): Promise<ReplayPosition | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `REPLAY#${name}`, sk: 'POSITION' }, ConsistentRead: true }));
    return out.Item ? { day: out.Item.day as string, after: out.Item.after as string | undefined, events: out.Item.events as number } : undefined;
  }

  async saveReplayPosition(name: string, position: ReplayPosition): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: `REPLAY#${name}`, sk: 'POSITION', ...position } }));
  }

  async warnings(month: string): Promise<(WarningFields & { acknowledged?: { by: string; at: string; note?: string } })[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `WARN#${month}` }, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    // `outbox`: the event the warning carried for the relay (ADR 0023), not part of the warning.
    return items.map(({ pk: _pk, sk: _sk, [outboxAttribute]: _event, ...w }) => w) as (WarningFields & { acknowledged?: { by: string; at: string; note?: string } })[];
  }

  /** Marks a warning acknowledged; false if there is no such warning or it was acknowledged already. */
  async acknowledge(month: string, warningId: string, by: string, at: string, note?: string): Promise<'done' | 'missing' | 'already'> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `WARN#${month}`, sk: warningId },
          // Its event goes with it: the table's stream shows new images only, so the relay would send again an event the image still held.
          UpdateExpression: `SET acknowledged = :ack REMOVE ${outboxAttribute}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledged)',
          ExpressionAttributeValues: { ':ack': { by, at, ...(note ? { note } : {}) } },
        }),
      );
      return 'done';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `WARN#${month}`, sk: warningId } }));
      return out.Item ? 'already' : 'missing';
    }
  }

  /**
   * Counter rows of one dimension for the days from `from` to `to` (both included). With
   * `months`, whole months in the range are read as one row per value (dated the 1st),
   * and only the days at either end one by one. Closed buckets are read from their digests
   * (digest + pending), the others from the live counter items.
   */
  async counters(asked: Dimension, from: string, to: string, options: { months?: boolean; digests?: boolean; consistent?: boolean } = {}): Promise<CounterRow[]> {
    // A grouping kept inside a wider value (district in place, major in category) is read there and rolled up.
    const { dimension, valueOf } = readAs(asked);
    if (dimension !== asked) return rollUp(await this.counters(dimension, from, to, options), valueOf);
    const consistent = options.consistent ?? false;
    const useDigests = options.digests !== false && digestedDimensions.includes(dimension);
    // Without digests (signal dimensions, or asked for), every day's live items.
    const plan = options.months && useDigests ? wholeMonths(from, to) : { months: [], dayRanges: [[from, to] as [string, string]] };
    const reads: Promise<CounterRow[]>[] = [];
    for (const [first, last] of plan.dayRanges) {
      for (let month = first.slice(0, 7); month <= last.slice(0, 7); month = nextMonth(month)) {
        const a = first > `${month}-01` ? first : `${month}-01`;
        const b = last < monthDays(month).to ? last : monthDays(month).to;
        reads.push(useDigests ? this.bucketsViaDigests(dimension, daysFrom(a, b), consistent) : this.liveRows(`K#${dimension}#${month}`, a, b, consistent));
      }
    }
    if (plan.months.length > 0) reads.push(this.bucketsViaDigests(dimension, plan.months, consistent));
    const rows = (await Promise.all(reads)).flat();
    return options.months ? byMonth(rows) : rows;
  }

  /** Buckets (days of one month, or months) from their digests where sealed; the rest from days' digests and live items. */
  private async bucketsViaDigests(dimension: Dimension, buckets: string[], consistent: boolean): Promise<CounterRow[]> {
    const first = buckets[0]!;
    const last = buckets.at(-1)!;
    const rows: CounterRow[] = [];
    const sealed = new Map<string, { digest?: Map<string, Counts>; pending?: Map<string, Counts> }>();
    // Months of several years sit in several partitions.
    const partitions = [...new Set(buckets.map((b) => digestKey(dimension, b).pk))];
    for (const items of await Promise.all(partitions.map((pk) => this.queryAll(pk, first, `${last}#pending`, consistent)))) {
      for (const item of items) {
        const sk = String(item.sk);
        const isPending = sk.endsWith('#pending');
        const bucket = isPending ? sk.slice(0, -'#pending'.length) : sk;
        const entry = sealed.get(bucket) ?? {};
        if (isPending) entry.pending = pendingRows(item);
        else entry.digest = decodeDigest(item.rows as string);
        sealed.set(bucket, entry);
      }
    }
    const unsealed: string[] = [];
    for (const bucket of buckets) {
      const entry = sealed.get(bucket);
      if (!entry?.digest) {
        unsealed.push(bucket);
        continue;
      }
      const day = bucket.length === 7 ? `${bucket}-01` : bucket;
      for (const [value, counts] of entry.pending ? addRows(entry.digest, entry.pending) : entry.digest) rows.push({ day, value, counts });
    }
    if (unsealed.length === 0) return rows;
    // An unsealed month is read as its days; unsealed days are the recent ones, usually one run at the end.
    if (first.length === 7) {
      const days = await Promise.all(unsealed.map((m) => this.bucketsViaDigests(dimension, daysFrom(monthDays(m).from, monthDays(m).to), consistent)));
      rows.push(...days.flat());
    } else for (const [a, b] of runsOfDays(unsealed)) rows.push(...(await this.liveRows(`K#${dimension}#${a.slice(0, 7)}`, a, b, consistent)));
    return rows;
  }

  /** A bucket's rows by value, as a query would read them (a day: its live items; a month: its days). */
  async bucketRows(dimension: Dimension, bucket: string): Promise<Map<string, Counts>> {
    const rows = new Map<string, Counts>();
    const read = bucket.length === 7 ? this.counters(dimension, monthDays(bucket).from, monthDays(bucket).to, { consistent: true }) : this.liveRows(`K#${dimension}#${bucket.slice(0, 7)}`, bucket, bucket, true);
    for (const row of await read) rows.set(row.value, addCounts(rows.get(row.value) ?? {}, row.counts));
    return rows;
  }

  private async liveRows(pk: string, firstBucket: string, lastBucket: string, consistent = false): Promise<CounterRow[]> {
    return (await this.queryAll(pk, `${firstBucket}#`, `${lastBucket}#\uffff`, consistent)).map((item) => {
      const [bucket, ...value] = (item.sk as string).split('#');
      return { day: bucket!, value: value.join('#'), counts: countsOf(item) };
    });
  }

  /** Counts of given cells (hotspot hours), missing ones as empty. */
  async cells(cellIds: readonly string[]): Promise<Map<string, Counts>> {
    const found = new Map<string, Counts>();
    const keys = [...new Set(cellIds)];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.tableName]: { Keys: keys.slice(i, i + 100).map(counterKey) } };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const dimension = (item.pk as string).split('#')[1];
          const [bucket, ...value] = (item.sk as string).split('#');
          found.set(`${dimension}#${bucket}#${value.join('#')}`, countsOf(item));
        }
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /** Counter rows of one dimension kept by the hour (hotspots), for the hours from `from` to `to` (`YYYY-MM-DDTHH`). */
  async hourCounters(dimension: Dimension, from: string, to: string): Promise<(CounterRow & { hour: string })[]> {
    const months = [...new Set([from.slice(0, 7), to.slice(0, 7)])];
    const pages = await Promise.all(months.map((month) => this.queryAll(`K#${dimension}#${month}`, `${from}#`, `${to}#\uffff`)));
    return pages.flat().map((item) => {
      const [bucket, ...value] = (item.sk as string).split('#');
      return { hour: bucket!, day: bucket!.slice(0, 10), value: value.join('#'), counts: countsOf(item) };
    });
  }

  /** The first day the warner ran: trailing weeks before it hold no baseline. */
  async watchingSince(today: string): Promise<string> {
    const key = { pk: 'META#warner', sk: 'SINCE' };
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key }));
    if (out.Item) return out.Item.day as string;
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...key, day: today }, ConditionExpression: 'attribute_not_exists(pk)' })).catch(() => undefined);
    return today;
  }

  async putDailyReport(day: string, text: string, generatedAt: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: { pk: `DAILY#${day}`, sk: 'REPORT', text, generatedAt }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async dailyReport(day: string): Promise<{ text: string; generatedAt: string } | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `DAILY#${day}`, sk: 'REPORT' } }));
    return out.Item ? { text: out.Item.text as string, generatedAt: out.Item.generatedAt as string } : undefined;
  }

  /** The legacy summary's rows of the cases received on a UTC day within [from, to], a page (up to 1 MB) at a time. */
  async *receivedOn(day: string, from: string, to: string): AsyncGenerator<Record<string, string>[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byDay',
          KeyConditionExpression: 'dayKey = :day AND receivedAt BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':day': `DAY#${day}`, ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []) as Record<string, string>[];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async queryAll(pk: string, fromSk: string, toSk: string, consistent = false): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': fromSk, ':to': toSk },
          ...(consistent ? { ConsistentRead: true } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function nextMonth(month: string): string {
  return addDays(`${month}-28`, 7).slice(0, 7);
}

/** Rows summed per month and value (dated the 1st): what a grouping other than by day or week needs, in a fraction of the rows. */
function byMonth(rows: readonly CounterRow[]): CounterRow[] {
  return summed(rows, (row) => ({ day: `${row.day.slice(0, 7)}-01`, value: row.value }));
}

/** Rows of a kept dimension as rows of a grouping inside it: each value mapped, rows of one day and group summed. */
function rollUp(rows: readonly CounterRow[], valueOf: (kept: string) => string): CounterRow[] {
  return summed(rows, (row) => ({ day: row.day, value: valueOf(row.value) }));
}

function summed(rows: readonly CounterRow[], keyOf: (row: CounterRow) => { day: string; value: string }): CounterRow[] {
  const sums = new Map<string, CounterRow>();
  for (const row of rows) {
    const { day, value } = keyOf(row);
    const key = `${day}|${value}`;
    const sum = sums.get(key);
    if (sum) addCounts(sum.counts, row.counts);
    else sums.set(key, { day, value, counts: { ...row.counts } });
  }
  return [...sums.values()];
}

/** Consecutive days grouped into [first, last] runs. */
function runsOfDays(days: readonly string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && addDays(run[1], 1) === day) run[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/** The whole months inside a range of days, and the days left over at either end. */
export function wholeMonths(from: string, to: string): { months: string[]; dayRanges: [string, string][] } {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const days = monthDays(month);
    if (days.from >= from && days.to <= to) months.push(month);
  }
  if (months.length === 0) return { months, dayRanges: [[from, to]] };
  const dayRanges: [string, string][] = [];
  const first = monthDays(months[0]!).from;
  const last = monthDays(months.at(-1)!).to;
  if (from < first) dayRanges.push([from, addDays(first, -1)]);
  if (to > last) dayRanges.push([addDays(last, 1), to]);
  return { months, dayRanges };
}
