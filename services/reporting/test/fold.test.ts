import { describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient} from '@aws-sdk/lib-dynamodb';
import { ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AnyEvent } from '@govflow/contracts';
import { createLogger, packBody, writeAtomically } from '@govflow/platform';
import type { EmbeddedServers } from '@govflow/local/servers';
import { ensureTables } from '@govflow/local/resources';
import { loadRegion } from '@govflow/regions';
import { createCaseProjector } from '../src/app/consumer';
import { createFold, recordChangeOf } from '../src/app/fold';
import { archivedEvents, countsOf, shardTag } from '../src/adapters/repository';
import { pendingRows } from '../src/domain/digests';
import { changesByCell, markOf, remaining } from '../src/domain/fold';
import { bj, CaseStory, withEmbeddedDynamo } from './fixtures';

const region = loadRegion('wuhai');
const logger = createLogger('reporting-fold-test');

describe('what a cell still has to take of a batch', () => {
  const cell = changesByCell([
    { sequence: '7', delta: { a: { received: 1, open: 1 } } },
    { sequence: '9', delta: { b: { received: 1 } } },
    { sequence: '12', delta: { a: { open: -1, closed: 1 } } },
  ]).find((c) => c.cellId === 'a')!;

  it('is every change without a mark, summed, zeros left out, marked with the last', () => {
    expect(remaining(cell)).toEqual({ counts: { received: 1, closed: 1 }, mark: markOf('12') });
  });

  it('is the changes after a mark, compared as numbers of any length', () => {
    expect(remaining(cell, markOf('7'))).toEqual({ counts: { open: -1, closed: 1 }, mark: markOf('12') });
    expect(remaining(cell, markOf('10'))).toEqual({ counts: { open: -1, closed: 1 }, mark: markOf('12') });
    expect(remaining(cell, markOf('12'))).toBeUndefined();
    expect(remaining(cell, markOf('100'))).toBeUndefined();
  });
});

describe('the fold against the counters written in the transaction', () => {
  let servers: EmbeddedServers;
  let dynamo: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  withEmbeddedDynamo((local) => ({ servers, dynamo, doc } = local));

  const iso = (local: string) => bj(local).toISOString();
  /** Cases over a week, some closed days later (their receipt day closed by then: pending items), one transferred, one rated unsatisfied. */
  function events(): AnyEvent[] {
    const all: AnyEvent[] = [];
    for (let d = 1; d <= 4; d++) {
      for (let n = 0; n < 3; n++) {
        const day = `2026-11-0${d}`;
        const s = new CaseStory(`F${d}-${n}`, iso(`${day}T0${n + 1}:00:00`)).received().classified(iso(`${day}T0${n + 1}:05:00`)).dispatched(iso(`${day}T0${n + 1}:10:00`));
        if (n === 1) s.returned(iso(`2026-11-0${d + 1}T10:00:00`)).transferred(iso(`2026-11-0${d + 1}T11:00:00`), 'water');
        if (n !== 2) s.signed(iso(`2026-11-0${d + 1}T12:00:00`)).resolved(iso(`2026-11-0${d + 3}T10:00:00`)).verified(iso(`2026-11-0${d + 3}T11:00:00`)).rated(iso(`2026-11-0${d + 4}T09:00:00`), n === 0 ? 'satisfied' : 'unsatisfied');
        all.push(...s.events);
      }
    }
    // Out of order across cases, one case's events twice.
    return [...all.filter((_, i) => i % 2 === 0), ...all.filter((_, i) => i % 2 === 1), ...all.slice(0, 5)];
  }

  /** Every counter and pending item of a table, by key: the figures only (no marks, no seq). */
  async function figures(tableName: string): Promise<Record<string, unknown>> {
    const items = (await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
    const out: Record<string, unknown> = {};
    for (const item of items) {
      const key = `${String(item.pk)}/${String(item.sk)}`;
      if (String(item.pk).startsWith('K#')) {
        const counts = Object.fromEntries(Object.entries(countsOf(item)).filter(([, v]) => v !== 0));
        if (Object.keys(counts).length > 0) out[key] = counts;
      } else if (String(item.sk).endsWith('#pending')) {
        const rows = [...pendingRows(item)].map(([value, counts]) => [value, Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0))] as const);
        out[key] = Object.fromEntries(rows.filter(([, counts]) => Object.keys(counts).length > 0));
      }
    }
    return out;
  }

  /** The events through the consumer's projection, each change written as the consumer writes it; returns the table's stream records. */
  async function project(tableName: string, path: 'transaction' | 'stream', list: AnyEvent[], now: () => Date): Promise<DynamoDBRecord[]> {
    const projectCase = createCaseProjector({ doc, tableName, region, now }, path);
    const from = servers.streams.read(tableName, undefined, Number.MAX_SAFE_INTEGER).length;
    for (const event of list) {
      const effect = await projectCase([event], { archive: path === 'stream', reserved: 0 });
      if (effect.writes.length > 0) await (path === 'stream' ? writeAtomically(doc, effect.writes) : doc.send(new TransactWriteCommand({ TransactItems: effect.writes })));
    }
    return servers.streams.read(tableName, undefined, Number.MAX_SAFE_INTEGER).slice(from);
  }

  it('adds up to the same counters and pending items, in batches, each change taken once however often it is handed over', async () => {
    const list = events();
    const now = () => new Date(Date.parse(iso('2026-11-09T12:00:00')));
    const expected = (await ensureTables(dynamo, 'fold-expected')).reporting;
    // Replay's writes move the counters themselves and carry no events (they come from the archive).
    expect((await project(expected, 'transaction', list, now)).map(recordChangeOf).filter(Boolean)).toEqual([]);
    const folded = (await ensureTables(dynamo, 'fold-stream')).reporting;
    const records = await project(folded, 'stream', list, now);
    expect(records.length).toBeGreaterThan(50);
    const withDelta = records.filter((r) => r.dynamodb?.Keys?.sk?.S === 'RECORD');
    expect(withDelta.length).toBeGreaterThan(0);
    // The consumer wrote no counter item itself: only the fold does.
    expect(Object.keys(await figures(folded))).toEqual([]);

    // A first batch fails halfway through its cells (the function crashed), and the stream hands
    // it over again with more records; then the rest in two batches, the second one twice.
    let sends = 0;
    const crashing = { send: (command: never) => (++sends > 12 ? Promise.reject(new Error('the function crashed')) : doc.send(command)) } as unknown as DynamoDBDocumentClient;
    const fold = createFold({ doc, tableName: folded, region, logger, now });
    const third = Math.floor(records.length / 3);
    const batch = (from: number, to: number) => ({ Records: records.slice(from, to), shardId: 'shardId-00000001' });
    await expect(createFold({ doc: crashing, tableName: folded, region, logger, now })(batch(0, third))).rejects.toThrow(/crashed/);
    await fold(batch(0, 2 * third));
    await fold(batch(2 * third, records.length));
    await fold(batch(2 * third, records.length));

    const want = await figures(expected);
    expect(Object.keys(want).some((k) => k.endsWith('#pending')), 'changes to closed days').toBe(true);
    expect(await figures(folded)).toEqual(want);

    // Every event is in the archive: those the records carried, from the fold; the redelivered ones, from the consumer.
    const items = (await doc.send(new ScanCommand({ TableName: folded, ConsistentRead: true }))).Items ?? [];
    const archived = items.filter((i) => String(i.pk).startsWith('ARCHIVE#')).flatMap((i) => archivedEvents(i) as AnyEvent[]);
    expect(new Set(archived.map((e) => e.eventId))).toEqual(new Set(list.map((e) => e.eventId)));
    // The fold's items hold many events each: here 12 cases' lives in a few items a day.
    expect(items.filter((i) => String(i.pk).startsWith('ARCHIVE#')).length).toBeLessThan(archived.length / 3);
  }, 60_000);

  it('adds the rest of a batch handed over again even when all its changes to a cell sum to nothing', async () => {
    const tableName = (await ensureTables(dynamo, 'fold-cancel')).reporting;
    const cell = 'handling#2026-11-05#none|unknown|complaint';
    const record = (sequence: string, counts: Record<string, number>): DynamoDBRecord => ({
      dynamodb: { SequenceNumber: sequence, NewImage: { sk: { S: 'RECORD' }, version: { N: '1' }, body: { B: Buffer.from(packBody({ record: {}, delta: { [cell]: counts }, deltaVersion: 1 })).toString('base64') } } },
    });
    const fold = createFold({ doc, tableName, region, logger, now: () => new Date() });
    // The first attempt saw only the first change, added it, and failed elsewhere; the stream hands the batch over again, longer.
    await fold({ Records: [record('101', { received: 1, open: 1 })], shardId: 'shardId-1' });
    await fold({ Records: [record('101', { received: 1, open: 1 }), record('102', { received: -1, open: -1 })], shardId: 'shardId-1' });
    const [items] = [(await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []];
    const counters = items.filter((i) => String(i.pk).startsWith('K#'));
    expect(counters.map((i) => ({ sk: i.sk, ...countsOf(i) }))).toEqual([{ sk: '2026-11-05#none|unknown|complaint', received: 0, open: 0 }]);
  });

  it('removes, as it writes a cell, the marks of shards unseen for over a day, and keeps the others', async () => {
    const tableName = (await ensureTables(dynamo, 'fold-marks')).reporting;
    const cell = 'category#2026-11-05#urban|urban-streetlight';
    let clock = Date.parse('2026-11-05T01:00:00Z');
    const fold = createFold({ doc, tableName, region, logger, now: () => new Date(clock) });
    const record = (sequence: string): DynamoDBRecord => ({
      dynamodb: { SequenceNumber: sequence, NewImage: { sk: { S: 'RECORD' }, version: { N: '1' }, body: { B: Buffer.from(packBody({ record: {}, delta: { [cell]: { received: 1 } }, deltaVersion: 1 })).toString('base64') } } },
    });
    await fold({ Records: [record('101')], shardId: 'shardId-old' });
    clock += 2 * 3_600_000;
    await fold({ Records: [record('5')], shardId: 'shardId-live' });
    clock += 24 * 3_600_000;
    await fold({ Records: [record('7')], shardId: 'shardId-new' });
    const item = ((await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).find((i) => String(i.pk).startsWith('K#'))!;
    expect(countsOf(item)).toEqual({ received: 3 });
    expect(Object.keys(item).filter((name) => name.startsWith('@fold:')).sort()).toEqual([`@fold:${shardTag('shardId-live')}`, `@fold:${shardTag('shardId-new')}`].sort());
  });

  it('refuses a batch whose event names no shard (a mapping without its tumbling window)', async () => {
    const tableName = (await ensureTables(dynamo, 'fold-no-shard')).reporting;
    const records = await project(tableName, 'stream', new CaseStory('N1', iso('2026-11-05T09:00:00')).received().events, () => new Date());
    const fold = createFold({ doc, tableName, region, logger });
    await expect(fold({ Records: records } as never)).rejects.toThrow(/names no shard/);
  });

  it('takes a change and its events only from the write that made it: a later write that moves the version and keeps the body carries neither', async () => {
    const tableName = (await ensureTables(dynamo, 'fold-other-writes')).reporting;
    const records = await project(tableName, 'stream', new CaseStory('W1', iso('2026-11-05T09:00:00')).received().events, () => new Date());
    expect(records.map(recordChangeOf).filter(Boolean)).toHaveLength(1);
    await doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'CASE#W1', sk: 'RECORD' }, UpdateExpression: 'SET version = version + :one', ExpressionAttributeValues: { ':one': 1 } }));
    const later = servers.streams.read(tableName, records.at(-1)!.dynamodb!.SequenceNumber, 10);
    expect(later).toHaveLength(1);
    expect(recordChangeOf(later[0]!)).toBeUndefined();
  });
});
