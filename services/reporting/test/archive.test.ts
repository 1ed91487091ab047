import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { archiveItemBytes, archivedEvents, ReportingRepository, writeChangeOf } from '../src/adapters/repository';
import { mergeEvent, type CaseRecord } from '../src/domain/case-record';
import { bj, CaseStory } from './fixtures';

type Put = { PutRequest: { Item: { pk: string; sk: string; events?: Uint8Array } } };

/** A client that answers each BatchWriteItem with what `unprocessed` leaves out of it, and records the requests. */
function batchClient(unprocessed: (n: number, requests: Put[]) => Put[]) {
  const calls: { command: string; items: Put['PutRequest']['Item'][] }[] = [];
  const doc = {
    send: async (command: { constructor: { name: string }; input: { RequestItems: Record<string, Put[]> } }) => {
      const requests = command.input.RequestItems.t!;
      calls.push({ command: command.constructor.name, items: requests.map((r) => r.PutRequest.Item) });
      const left = unprocessed(calls.length, requests);
      return left.length > 0 ? { UnprocessedItems: { t: left } } : {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, calls };
}

const at = (local: string) => bj(local).toISOString();
// Two UTC days: 07:59 and 08:01 in Beijing fall either side of midnight UTC.
const run = new CaseStory('A', at('2026-11-23T07:59:00')).received().classified(at('2026-11-23T07:59:30')).dispatched(at('2026-11-23T08:01:00')).events;
const other = new CaseStory('B', at('2026-11-23T07:58:00')).received().events;
const key = (event: { occurredAt: string; eventId: string }) => `${event.occurredAt}#${event.eventId}`;

describe('the event archive', () => {
  it('keeps a batch’s events in one item per UTC day, keyed by its first, each event once and in time order', async () => {
    const { doc, calls } = batchClient(() => []);
    // A batch: two cases' events, arrived out of order, one of them twice.
    await new ReportingRepository(doc, 't').archive([run[1]!, ...run, ...other]);
    expect(calls).toHaveLength(1);
    const [first, second] = calls[0]!.items;
    expect(first).toMatchObject({ pk: 'ARCHIVE#2026-11-22', sk: expect.stringMatching(new RegExp(`^${key(other[0]!)}#[0-9a-f]{16}$`)) });
    expect(archivedEvents(first!)).toEqual([other[0], run[0], run[1]]);
    expect(second).toMatchObject({ pk: 'ARCHIVE#2026-11-23', sk: expect.stringMatching(new RegExp(`^${key(run[2]!)}#`)) });
    expect(archivedEvents(second!)).toEqual([run[2]]);
    // Deflated, and not under the name the relay sends from.
    expect(first!.events).toBeInstanceOf(Uint8Array);
    expect(first!.events!.length).toBeLessThan(JSON.stringify([other[0], run[0], run[1]]).length / 3);
    expect(first).not.toHaveProperty('outbox');
  });

  it('keeps an event redelivered in another batch in an item of its own, never over the first batch’s', async () => {
    const { doc, calls } = batchClient(() => []);
    const repository = new ReportingRepository(doc, 't');
    await repository.archive(run.slice(0, 2));
    await repository.archive(run.slice(0, 2));
    await repository.archive([run[0]!]);
    const [batch, again, alone] = calls.map((c) => c.items[0]!);
    // The same batch again: the same item; the first event alone: an item of another key.
    expect(again!.sk).toBe(batch!.sk);
    expect(alone!.sk).not.toBe(batch!.sk);
    expect(alone!.sk.startsWith(key(run[0]!))).toBe(true);
  });

  it('splits a day’s events into items that fit, in order, each item no larger than DynamoDB takes', async () => {
    const { doc, calls } = batchClient(() => []);
    // A stream batch's worth of incompressible text: more than one item can hold.
    const big = Array.from({ length: 12 }, (_, i) => {
      const event = new CaseStory(`L${i}`, at(`2026-11-23T09:${String(10 + i)}:00`)).received().events[0]!;
      (event.payload as { description: string }).description = randomBytes(60_000).toString('base64');
      return event;
    });
    await new ReportingRepository(doc, 't').archive(big);
    const items = calls.flatMap((c) => c.items);
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) expect(item.events!.length).toBeLessThanOrEqual(archiveItemBytes);
    expect(items.flatMap((item) => archivedEvents(item))).toEqual(big);
  });

  it('rides on the record that merged them when they fit in its write units, and goes apart when they would cross a kilobyte line', () => {
    const repository = new ReportingRepository({} as DynamoDBDocumentClient, 't');
    const events = new CaseStory('R', at('2026-11-23T09:00:00')).received().classified(at('2026-11-23T09:00:30')).events;
    const record = events.reduce<CaseRecord | undefined>((r, e) => mergeEvent(r, e), undefined)!;
    const small = repository.saveRecordWithEvents({ record }, undefined, events);
    expect(small.apart).toEqual([]);
    expect(writeChangeOf(small.write.Put!.Item!).events).toEqual(events);
    // A long text the record does not keep: carried, it would cost a second write unit.
    const long = events.map((e) => (e.type === 'case.received' ? { ...e, payload: { ...e.payload, description: randomBytes(600).toString('base64') } } : e)) as typeof events;
    const big = repository.saveRecordWithEvents({ record }, undefined, long);
    expect(big.apart).toEqual(long);
    expect(big.write.Put!.Item).not.toHaveProperty('merged');
    expect(writeChangeOf(big.write.Put!.Item!).events).toBeUndefined();
    // With a counter change the body is the same either way: the change stays on the write, the events go apart.
    const delta = { 'category#2026-11-23#urban|urban-streetlight': { received: 1 } };
    const withDelta = repository.saveRecordWithEvents({ record, delta }, undefined, long);
    expect(withDelta.apart).toEqual(long);
    expect(withDelta.write.Put!.Item).not.toHaveProperty('merged');
    expect(writeChangeOf(withDelta.write.Put!.Item!)).toEqual({ delta });
    expect(writeChangeOf(repository.saveRecordWithEvents({ record, delta }, undefined, events).write.Put!.Item!)).toEqual({ delta, events });
  });

  it('reads an item of one event written before items held several', () => {
    expect(archivedEvents({ pk: 'ARCHIVE#2026-11-22', sk: key(run[0]!), event: run[0] })).toEqual([run[0]]);
  });

  it('sends again what DynamoDB left unprocessed, and fails the batch if it stays so', async () => {
    const once = batchClient((n, requests) => (n === 1 ? requests.slice(1) : []));
    await new ReportingRepository(once.doc, 't').archive(run);
    expect(once.calls.map((c) => c.items.map((i) => i.pk))).toEqual([['ARCHIVE#2026-11-22', 'ARCHIVE#2026-11-23'], ['ARCHIVE#2026-11-23']]);

    const never = batchClient((_n, requests) => requests);
    await expect(new ReportingRepository(never.doc, 't').archive(run)).rejects.toThrow(/left unprocessed/);
    expect(never.calls).toHaveLength(4);
  });
});
