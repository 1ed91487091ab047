import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AnyEvent, WarningFields } from '@govflow/contracts';
import type { TransactItem } from '@govflow/platform';
import { highestSupervision, statusOf, type CaseRecord } from '../domain/case-record';
import { dimensionsOf, parseCellId, type Contribution, type Counts, type Dimension } from '../domain/figures';
import type { CounterRow } from '../domain/kpis';
import { addDays, monthDays } from '../domain/time';

/**
 * Reporting's table:
 * - `CASE#<caseId>` / `RECORD`: the case's merged facts, the contribution its counters hold,
 *   and a few summary fields indexed by UTC day (`byDay`) for the legacy summary;
 * - `K#<dimension>#<YYYY-MM>` / `<bucket>#<value>`: one counter item per dimension value per
 *   day (per hour for hotspots), every figure an attribute incremented with ADD;
 * - `ARCHIVE#<UTC day>` / `<occurredAt>#<eventId>`: every event, for replay;
 * - `WARN#<YYYY-MM>` / `<warningId>`, `DAILY#<date>` / `REPORT`, `REPLAY#<name>` / `POSITION`.
 */
export interface StoredRecord {
  record: CaseRecord;
  /** What the counters hold for this case. */
  applied?: Contribution;
  /** Set only while a change too big for one transaction is being applied in parts. */
  appliedCells?: Record<string, Counts>;
  version: number;
}

export interface ReplayPosition {
  /** The archive day (UTC) being replayed, and the last event done in it. */
  day: string;
  after?: string;
  events: number;
}

const recordKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'RECORD' });

/** Day and hour cells are filed by month, month cells by year. */
export function counterKey(cellId: string): { pk: string; sk: string } {
  const cell = parseCellId(cellId);
  const pk = cell.bucket.length === 7 ? `K#${cell.dimension}#M#${cell.bucket.slice(0, 4)}` : `K#${cell.dimension}#${cell.bucket.slice(0, 7)}`;
  return { pk, sk: `${cell.bucket}#${cell.value}` };
}

export class ReportingRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async getRecord(caseId: string): Promise<StoredRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: recordKey(caseId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { record: out.Item.record, applied: out.Item.applied, appliedCells: out.Item.appliedCells, version: out.Item.version } as StoredRecord;
  }

  /** Replaces the record only if nobody changed it since it was read (optimistic concurrency). */
  saveRecord(next: Omit<StoredRecord, 'version'>, readVersion: number | undefined): TransactItem {
    const r = next.record;
    const dims = dimensionsOf(r);
    const supervision = highestSupervision(r);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...recordKey(r.caseId),
          record: r,
          ...(next.applied ? { applied: next.applied } : {}),
          ...(next.appliedCells ? { appliedCells: next.appliedCells } : {}),
          version: (readVersion ?? 0) + 1,
          // For the legacy summary (by UTC day received): status and the dimensions it counts by.
          ...(r.receivedAt ? { dayKey: `DAY#${r.receivedAt.slice(0, 10)}`, receivedAt: r.receivedAt } : {}),
          partnerId: r.partnerId ?? 'unknown',
          status: statusOf(r),
          major: dims.major,
          districtId: dims.district,
          departmentId: dims.department,
          channel: dims.channel,
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

  archivePut(event: AnyEvent): TransactItem {
    return { Put: { TableName: this.tableName, Item: { pk: `ARCHIVE#${event.occurredAt.slice(0, 10)}`, sk: `${event.occurredAt}#${event.eventId}`, event } } };
  }

  /** The archive of one UTC day, in time order, a page at a time. */
  async archivePage(day: string, after?: string): Promise<{ events: unknown[]; last?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ARCHIVE#${day}`, ...(after ? { ':after': after } : {}) },
        Limit: 500,
      }),
    );
    const items = out.Items ?? [];
    return { events: items.map((i) => i.event), last: out.LastEvaluatedKey ? (items.at(-1)?.sk as string) : undefined };
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
    return items.map(({ pk: _pk, sk: _sk, ...w }) => w) as (WarningFields & { acknowledged?: { by: string; at: string; note?: string } })[];
  }

  /** Marks a warning acknowledged; false if there is no such warning or it was acknowledged already. */
  async acknowledge(month: string, warningId: string, by: string, at: string, note?: string): Promise<'done' | 'missing' | 'already'> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `WARN#${month}`, sk: warningId },
          UpdateExpression: 'SET acknowledged = :ack',
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
   * and only the days at either end one by one.
   */
  async counters(dimension: Dimension, from: string, to: string, options: { months?: boolean } = {}): Promise<CounterRow[]> {
    const plan = options.months ? wholeMonths(from, to) : { months: [], dayRanges: [[from, to] as [string, string]] };
    const reads: Promise<Record<string, unknown>[]>[] = [];
    for (const [first, last] of plan.dayRanges) {
      for (let month = first.slice(0, 7); month <= last.slice(0, 7); month = nextMonth(month)) {
        reads.push(this.queryAll(`K#${dimension}#${month}`, `${first}#`, `${last}#\uffff`));
      }
    }
    for (const year of new Set(plan.months.map((m) => m.slice(0, 4)))) {
      const months = plan.months.filter((m) => m.startsWith(year));
      reads.push(this.queryAll(`K#${dimension}#M#${year}`, `${months[0]}#`, `${months.at(-1)}#\uffff`));
    }
    return (await Promise.all(reads)).flat().map((item) => {
      const { pk: _pk, sk, ...counts } = item;
      const [bucket, ...value] = (sk as string).split('#');
      return { day: bucket!.length === 7 ? `${bucket}-01` : bucket!, value: value.join('#'), counts: counts as Counts };
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
          const { pk, sk, ...counts } = item;
          const dimension = (pk as string).split('#')[1];
          const [bucket, ...value] = (sk as string).split('#');
          found.set(`${dimension}#${bucket}#${value.join('#')}`, counts as Counts);
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
      const { pk: _pk, sk, ...counts } = item;
      const [bucket, ...value] = (sk as string).split('#');
      return { hour: bucket!, day: bucket!.slice(0, 10), value: value.join('#'), counts: counts as Counts };
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

  async receivedOn(day: string, from: string, to: string): Promise<Record<string, string>[]> {
    const items: Record<string, string>[] = [];
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
      items.push(...((page.Items ?? []) as Record<string, string>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private async queryAll(pk: string, fromSk: string, toSk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': fromSk, ':to': toSk },
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
