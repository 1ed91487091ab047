import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Logger } from '@aws-lambda-powertools/logger';
import { caseReceivedV1, makeEvent, type Envelope } from '@govflow/contracts';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchRecordDictionary, eventsDictionary } from '../src/body-dictionaries';
import { bodyAttribute, packBody } from '../src/packed';
import type { OperatorMetrics } from '../src/metrics';
import { eventsEmitted, eventsStoredOn, outboxAttribute, packedEvents, streamRelay, withEvents, type TransactItem } from '../src/outbox';
import type { EventPublisher } from '../src/publisher';

/*
 * The outbox on the table's stream (ADR 0023): a write stores its events on the item it changes;
 * the relay sends, per stream record, the events the new image holds and the old one did not.
 * local/test/table-streams.test.ts and the e2e suites run the same against the local stream.
 */

/** The same event for the same n (a stream record's images hold the same ids), with a fixed id: packed sizes do not vary from run to run. */
const event = (n: number): Envelope => ({
  ...makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId: `c${n}`,
    traceId: 't',
    occurredAt: new Date('2026-11-26T00:00:00Z'),
    payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: '2026-11-26T00:00:00.000Z', attachmentCount: 0 },
  }),
  eventId: `0000000${n}-5c1e-4a7e-9d3b-8f2a6c4e1b9${n}`,
});

function logger() {
  const warnings: [string, unknown][] = [];
  return { warnings, logger: { warn: (message: string, extra: unknown) => void warnings.push([message, extra]) } as unknown as Logger };
}

class Publisher implements EventPublisher {
  batches: string[][] = [];
  down = false;
  async publish(events: readonly Envelope[]): Promise<void> {
    if (this.down) throw new TypeError('queue down');
    this.batches.push(events.map((e) => e.caseId));
  }
}

const stored = (events: readonly Envelope[]) => ({ B: Buffer.from(packedEvents(events)).toString('base64') });
function record(newEvents?: readonly Envelope[], oldEvents?: readonly Envelope[]): DynamoDBRecord {
  return {
    eventName: oldEvents ? 'MODIFY' : 'INSERT',
    dynamodb: {
      Keys: { pk: { S: 'CASE#c' }, sk: { S: 'CASE' } },
      NewImage: { pk: { S: 'CASE#c' }, ...(newEvents ? { [outboxAttribute]: stored(newEvents) } : {}) },
      ...(oldEvents ? { OldImage: { pk: { S: 'CASE#c' }, [outboxAttribute]: stored(oldEvents) } } : {}),
    },
  };
}

describe('a write with events', () => {
  const put: TransactItem = { Put: { TableName: 't', Item: { pk: 'CASE#1', sk: 'CASE', version: 2 }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 1 } } };
  const other: TransactItem = { Put: { TableName: 'other', Item: { pk: 'X', sk: 'X' } } };

  it('stores them on the first item of its table it puts, leaving the rest of the write alone', () => {
    const events = [event(1), event(2)];
    const items = withEvents('t', [other, put, { Put: { TableName: 't', Item: { pk: 'CASE#1', sk: 'SEALED' } } }], events);
    expect(items[0]).toBe(other);
    expect(items[1]).toEqual({ Put: { ...put.Put, Item: { ...put.Put!.Item, [outboxAttribute]: packedEvents(events) } } });
    expect(items[2]).toEqual({ Put: { TableName: 't', Item: { pk: 'CASE#1', sk: 'SEALED' } } });
    // Deflated with the events' dictionary (its tag first), and read back whole.
    expect(eventsStoredOn(items[1]!.Put!.Item)).toEqual(events);
    expect(packedEvents(events)[0]).toBe(eventsDictionary.tag);
    expect(packedEvents(events).length).toBeLessThan(JSON.stringify(events).length / 3);
    expect(eventsStoredOn(items[2]!.Put!.Item)).toEqual([]);
    expect(withEvents('t', [put], [])).toEqual([put]);
  });

  it('adds them to an update’s SET clause, or gives the update one', () => {
    const update = (expression: string): TransactItem => ({ Update: { TableName: 't', Key: { pk: 'K', sk: 'K' }, UpdateExpression: expression, ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':one': 1 } } });
    const [set] = withEvents('t', [update('SET #n = #n + :one REMOVE gone')], [event(1)]);
    expect(set!.Update).toMatchObject({
      UpdateExpression: 'SET #outbox = :outbox, #n = #n + :one REMOVE gone',
      ExpressionAttributeNames: { '#n': 'n', '#outbox': outboxAttribute },
      ExpressionAttributeValues: { ':one': 1, ':outbox': packedEvents([event(1)]) },
    });
    const [added] = withEvents('t', [update('ADD #n :one')], [event(1)]);
    expect(added!.Update!.UpdateExpression).toBe('SET #outbox = :outbox ADD #n :one');
    const [named] = withEvents('t', [update('ADD #set :one REMOVE a SET b = :b')], [event(1)]);
    expect(named!.Update!.UpdateExpression).toBe('ADD #set :one REMOVE a SET #outbox = :outbox, b = :b');
  });

  it('put with a packed body, deflates them beside it: what they repeat of the record costs almost nothing', () => {
    const events = [event(1), event(2)];
    // A record that holds what its events repeat: the case, its number, the request's text.
    const record = { caseId: 'c1', caseNumber: 'WH-1', request: events[0]!.payload, alsoAbout: events[1]!.payload, history: [{ at: '2026-11-26T00:00:00.000Z', status: 'dispatched' }] };
    const body = packBody(record, dispatchRecordDictionary);
    const [carried] = withEvents('t', [{ Put: { TableName: 't', Item: { pk: 'CASE#1', sk: 'CASE', [bodyAttribute]: body } } }], events);
    const packed = carried!.Put!.Item![outboxAttribute] as Uint8Array;
    expect(packed[0]).toBe(eventsDictionary.tag | 0x80);
    expect(packed.length).toBeLessThan(packedEvents(events).length * 0.8);
    expect(eventsStoredOn(carried!.Put!.Item)).toEqual(events);
    // The relay reads them with the body of the same image.
    const image = { pk: { S: 'CASE#1' }, [bodyAttribute]: { B: Buffer.from(body).toString('base64') }, [outboxAttribute]: { B: Buffer.from(packed).toString('base64') } };
    expect(eventsEmitted({ eventName: 'INSERT', dynamodb: { NewImage: image } })).toEqual(events);
    // A later put of the same item, its body and events changed: only the new event is sent, each image read with its own body.
    const nextBody = packBody({ ...record, history: [...record.history, { at: '2026-11-27T00:00:00.000Z', status: 'signed' }] }, dispatchRecordDictionary);
    const next = packedEvents([events[1]!, event(3)], nextBody);
    const nextImage = { pk: { S: 'CASE#1' }, [bodyAttribute]: { B: Buffer.from(nextBody).toString('base64') }, [outboxAttribute]: { B: Buffer.from(next).toString('base64') } };
    expect(eventsEmitted({ eventName: 'MODIFY', dynamodb: { NewImage: nextImage, OldImage: image } })).toEqual([event(3)]);
  });

  it('packed beside a body, are never read with another body or none', () => {
    const body = packBody({ caseId: 'c1' }, dispatchRecordDictionary);
    const packed = packedEvents([event(1)], body);
    expect(() => eventsStoredOn({ [outboxAttribute]: packed, [bodyAttribute]: packBody({ caseId: 'c2' }, dispatchRecordDictionary) })).toThrow(/another companion/);
    expect(() => eventsStoredOn({ [outboxAttribute]: packed })).toThrow(/none was given/);
    // The same record gzipped, as bodies were before dictionaries, is the same companion.
    expect(eventsStoredOn({ [outboxAttribute]: packedEvents([event(1)], gzipSync(JSON.stringify({ caseId: 'c1' }))), [bodyAttribute]: packBody({ caseId: 'c1' }) })).toEqual([event(1)]);
  });

  it('without an item of its own table to carry them, stores them on an item that TTL removes a day later', () => {
    const now = new Date('2026-11-26T00:00:00Z');
    const events = [event(1)];
    const items = withEvents('t', [other, { Delete: { TableName: 't', Key: { pk: 'A', sk: 'B' } } }], events, now);
    expect(items).toHaveLength(3);
    const carrier = items[2]!.Put!;
    expect(carrier.TableName).toBe('t');
    expect(carrier.Item).toMatchObject({ sk: `EVENTS#${events[0]!.eventId}`, [outboxAttribute]: packedEvents(events), expiresAt: now.getTime() / 1000 + 86_400 });
    expect(String(carrier.Item!.pk)).toMatch(/^EVENTS#[0-3]$/);
  });
});

describe('the relay', () => {
  it('sends what a change added: all on an insert, the new ones on a modify, none when the events were kept or removed', () => {
    const [a, b, c] = [event(1), event(2), event(3)];
    expect(eventsEmitted(record([a, b]))).toEqual([a, b]);
    expect(eventsEmitted(record([b, c], [a, b]))).toEqual([c]);
    expect(eventsEmitted(record([a], [a]))).toEqual([]);
    expect(eventsEmitted(record(undefined, [a]))).toEqual([]);
    expect(eventsEmitted({ eventName: 'REMOVE', dynamodb: { OldImage: { [outboxAttribute]: stored([a]) } } })).toEqual([]);
  });

  it('reads events gzipped before the events had a dictionary, in either image', () => {
    const [a, b] = [event(1), event(2)];
    const gzipped = (events: readonly Envelope[]) => ({ B: gzipSync(JSON.stringify(events)).toString('base64') });
    const change = (newImage: { B: string }, oldImage?: { B: string }): DynamoDBRecord => ({
      eventName: oldImage ? 'MODIFY' : 'INSERT',
      dynamodb: { NewImage: { [outboxAttribute]: newImage }, ...(oldImage ? { OldImage: { [outboxAttribute]: oldImage } } : {}) },
    });
    expect(eventsEmitted(change(gzipped([a, b])))).toEqual([a, b]);
    // An item written before the upgrade and changed after it: the event it kept is not sent again.
    expect(eventsEmitted(change(stored([a, b]), gzipped([a])))).toEqual([b]);
    expect(eventsStoredOn({ [outboxAttribute]: gzipSync(JSON.stringify([a])) })).toEqual([a]);
  });

  it('sends a batch’s events in the stream’s order, counted once sent', async () => {
    const publisher = new Publisher();
    const counted: string[] = [];
    let flushed = 0;
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => counted.length > 0, publishStoredMetrics: () => void flushed++ };
    const relay = streamRelay(publisher, logger().logger, metrics);
    const batch: DynamoDBStreamEvent = { Records: [record([event(1)]), record([event(1)], [event(1)]), record([event(1), event(2)], [event(1)]), record([event(3)])] };
    expect(await relay(batch)).toEqual({ sent: 3 });
    expect(publisher.batches).toEqual([['c1', 'c2', 'c3']]);
    expect(counted).toEqual(['CasesReceived', 'CasesReceived', 'CasesReceived']);
    expect(flushed).toBe(1);
    expect(await relay({ Records: [record(undefined, [event(4)])] })).toEqual({ sent: 0 });
    expect(publisher.batches).toHaveLength(1);
  });

  it('fails the batch when a send fails, saying why, so the stream hands it over again', async () => {
    const publisher = new Publisher();
    publisher.down = true;
    const { logger: log, warnings } = logger();
    await expect(streamRelay(publisher, log)({ Records: [record([event(1)])] })).rejects.toThrow('queue down');
    expect(warnings).toEqual([['publish failed; the stream hands the batch over again', { error: 'TypeError: queue down', events: 1 }]]);
  });
});
