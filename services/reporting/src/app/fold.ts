import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AnyEvent, RegionConfig } from '@govflow/contracts';
import { ReportingRepository, shardTag, writeChangeOf } from '../adapters/repository';
import { pendingChanges } from '../domain/digests';
import { changesByCell, remaining, type CellChanges, type FoldRecord } from '../domain/fold';
import { localDay } from '../domain/time';

export interface FoldDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  region: RegionConfig;
  logger: Logger;
  now?: () => Date;
}

/** A stream batch as Lambda hands it under a tumbling window (not in aws-lambda's types): the records, their shard, the window. */
export interface StreamWindowEvent extends DynamoDBStreamEvent {
  shardId: string;
  eventSourceARN?: string;
  window?: { start: string; end: string };
  state?: Record<string, string>;
  isFinalInvokeForWindow?: boolean;
  isWindowTerminatedEarly?: boolean;
}

export interface StreamWindowResponse {
  state: Record<string, string>;
}

/** Cells written at once. */
const concurrency = 16;
/** Tries at one cell before the batch fails (and the stream hands it over again). */
const attemptsPerCell = 5;

/** What one write of a case record made, as its stream record carries it: its counter change, and the events it merged. */
export interface RecordChange {
  fold?: FoldRecord;
  events: readonly AnyEvent[];
}

/**
 * What a stream record of a case record carries (ADR 0022, ADR 0026): the counter change and
 * the events of the write that made it (its version); any other write of the item carries
 * neither.
 */
export function recordChangeOf(record: DynamoDBRecord): RecordChange | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || image.sk?.S !== 'RECORD' || !image.body?.B) return undefined;
  const item = { body: Buffer.from(image.body.B, 'base64'), version: Number(image.version?.N), ...(image.merged?.B ? { merged: Buffer.from(image.merged.B, 'base64') } : {}) };
  const { delta, events } = writeChangeOf(item);
  if (!delta && !events) return undefined;
  return { ...(delta ? { fold: { sequence: record.dynamodb!.SequenceNumber!, delta } } : {}), events: events ?? [] };
}

/**
 * Folds counter changes from reporting's table stream into the counter cells: a batch's
 * changes summed per cell, each cell written once, each change taken once however often the
 * stream hands it over (see domain/fold.ts). The batch's events go to the archive first. The mapping runs with a tumbling window only to
 * be told the shard, which names the cells' marks; the window's state is not used.
 */
export function createFold(deps: FoldDeps) {
  const repository = new ReportingRepository(deps.doc, deps.tableName);
  const now = deps.now ?? (() => new Date());
  return async (event: StreamWindowEvent): Promise<StreamWindowResponse> => {
    const changes = event.Records.map(recordChangeOf).filter((c): c is RecordChange => c !== undefined);
    const records = changes.flatMap((c) => (c.fold ? [c.fold] : []));
    const cells = changesByCell(records);
    // Without the shard the marks cannot be told apart: a mapping without its tumbling window is a deployment fault, not data to skip.
    if (cells.length > 0 && !event.shardId) throw new Error('the stream event names no shard: the fold mapping needs its tumbling window');
    // The batch's events in as few archive items as fit: a batch handed over again writes the same items (or, longer, items of other keys).
    const events = changes.flatMap((c) => c.events);
    if (events.length > 0) await repository.archive(events);
    if (cells.length === 0) return { state: {} };
    const at = now();
    const today = localDay(at, deps.region.timeZone);
    const shard = shardTag(event.shardId);
    const dropMarksOf = await shardsGone(repository, shard, at.getTime());
    const fold = async (cell: CellChanges) => {
      let when: { before: string } | { mark: string | undefined } = { before: cell.changes[0]!.sequence };
      let left = remaining(cell);
      for (let attempt = 1; left; attempt++) {
        // Changes summing to nothing are written too, as a move of the mark alone: skipping them would lose the
        // rest of a batch whose first part an earlier attempt already added (or a late write of that attempt).
        const pending = Object.keys(left.counts).length > 0 ? [...pendingChanges(new Map([[cell.cellId, left.counts]]), today)] : [];
        if (await repository.foldIntoCell(cell.cellId, left.counts, { shard, when, to: left.mark, pending, dropMarksOf })) return;
        if (attempt >= attemptsPerCell) throw new Error(`cell ${cell.cellId} refused ${attempt} folds`);
        // Refused: this batch (or part of it) was folded into the cell before, or another shard's write crossed this one.
        const mark = await repository.foldMark(cell.cellId, shard);
        when = { mark };
        left = remaining(cell, mark);
      }
    };
    for (let i = 0; i < cells.length; i += concurrency) {
      // Every write of a part settles before the batch fails: none is left in flight to land after a retry began.
      const failed = (await Promise.allSettled(cells.slice(i, i + concurrency).map(fold))).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    deps.logger.debug('folded', { records: records.length, cells: cells.length, archived: events.length, marksDropped: dropMarksOf.length });
    return { state: {} };
  };
}

/** A shard unseen this long has no record left in the stream to hand over again: its marks can go. */
const markKeptMs = 25 * 3_600_000;
/** A shard unseen this long leaves the list (a cell not written meanwhile keeps its mark). */
const shardListedMs = 8 * 24 * 3_600_000;
/** How stale this shard's own entry may get before it is written again. */
const seenRefreshMs = 3_600_000;

/**
 * Notes this shard as seen (at most hourly) and names the shards gone for good, whose marks each
 * cell write removes: a day's cell would otherwise keep one mark for every shard that ever
 * folded into it (DynamoDB replaces a stream's shards every few hours).
 */
async function shardsGone(repository: ReportingRepository, shard: string, now: number): Promise<string[]> {
  const seen = await repository.foldShards();
  const forget = Object.keys(seen).filter((tag) => now - seen[tag]! > shardListedMs);
  if (seen[shard] === undefined || now - seen[shard] > seenRefreshMs || forget.length > 0) await repository.noteFoldShard(shard, now, forget);
  return Object.keys(seen).filter((tag) => tag !== shard && now - seen[tag]! > markKeptMs);
}
