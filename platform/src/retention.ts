import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { shardOf } from '@govflow/contracts';
import type { TransactItem } from './outbox';
import { localDate } from './local-date';
import { sweepShards } from './shards';

/**
 * Personal-data retention (ADR 0013): before the write that closes a case or dispute, a marker
 * `ERASE#<shard>` / `<YYYY-MM-DD>#<id>` is put for the day its sealed personal data falls due
 * for erasure. The service's scheduled erasure reads the markers due up to today, shard by
 * shard, erases, and deletes each marker. A marker is only a hint: the erasure re-reads the
 * record and decides from it, so a stale marker (the dispute reopened, or the close it was put
 * for never committed) is dropped.
 */

/** Marker shards: a day's closings spread over several partition keys, none hot. */
export const erasureShards = 16;

/** Overrides the region's `personalDataRetentionDays` (the local system's tests set it to 0). */
export const retentionDaysEnvName = 'PERSONAL_DATA_RETENTION_DAYS';

/** The retention in days: the environment's override, else the region's. */
export function retentionDays(env: NodeJS.ProcessEnv, region: { personalDataRetentionDays: number }): number {
  const override = env[retentionDaysEnvName];
  if (override === undefined || override === '') return region.personalDataRetentionDays;
  const days = Number(override);
  if (!Number.isInteger(days) || days < 0) throw new Error(`${retentionDaysEnvName} must be a whole number of days ≥ 0, not "${override}"`);
  return days;
}

/** The region day a record closed at `closedAt` falls due for erasure. */
export function erasureDay(closedAt: string, days: number, timeZone: string): string {
  const [y, m, d] = localDate(new Date(closedAt), timeZone).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface ErasureMarker {
  id: string;
  day: string;
  key: { pk: string; sk: string };
}

const markerKey = (id: string, day: string) => ({ pk: `ERASE#${shardOf(id, erasureShards)}`, sk: `${day}#${id}` });

/** The marker's put. */
export function erasureMarkerPut(tableName: string, id: string, day: string): TransactItem {
  return { Put: { TableName: tableName, Item: { ...markerKey(id, day), id, day } } };
}

/**
 * Puts the marker on its own, before the write that closes the record, rather than in that
 * write's transaction, which bills every item of it twice (and makes a transaction of a close
 * that would be one plain put). Put first, no close goes unmarked; a close that then fails
 * leaves a marker the erasure finds stale and drops.
 */
export async function markForErasure(doc: DynamoDBDocumentClient, tableName: string, id: string, day: string): Promise<void> {
  await doc.send(new PutCommand(erasureMarkerPut(tableName, id, day).Put!));
}

/**
 * Walks every shard's markers due by `today` (oldest first) until the deadline, handing each
 * to `erase` and deleting it once `erase` settled it ('erased' or 'stale'); 'retry' (the
 * record changed meanwhile) leaves it for the next run. Idempotent: a run that stops halfway
 * (timeout, crash) leaves the rest of the markers, and a marker whose record is already
 * erased is only deleted.
 */
export async function sweepErasures(options: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  today: string;
  deadline: number;
  pageSize?: number;
  erase: (marker: ErasureMarker) => Promise<'erased' | 'stale' | 'retry'>;
}): Promise<{ erased: number; stale: number; retried: number; finished: boolean }> {
  const counts = { erased: 0, stale: 0, retried: 0 };
  const { finished } = await sweepShards<ErasureMarker>({
    shards: erasureShards,
    deadline: options.deadline,
    page: async (shard, cursor) => {
      const out = await options.doc.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk < :after',
          // `YYYY-MM-DD$` sorts after every `YYYY-MM-DD#<id>` of that day.
          ExpressionAttributeValues: { ':pk': `ERASE#${shard}`, ':after': `${options.today}$` },
          Limit: options.pageSize ?? 100,
          ExclusiveStartKey: cursor,
        }),
      );
      // Stryker disable next-line ArrayDeclaration: a Query's answer always has Items (empty when none match), so the fallback is never taken.
      const items = (out.Items ?? []).map((i) => ({ id: String(i.id), day: String(i.day), key: { pk: String(i.pk), sk: String(i.sk) } }));
      return { items, cursor: out.LastEvaluatedKey };
    },
    handle: async (marker) => {
      const outcome = await options.erase(marker);
      if (outcome === 'retry') {
        counts.retried++;
        return;
      }
      counts[outcome]++;
      await options.doc.send(new DeleteCommand({ TableName: options.tableName, Key: marker.key }));
    },
  });
  return { ...counts, finished };
}
