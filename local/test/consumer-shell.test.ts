import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { caseReceivedV1, makeEvent, workorderDispatchedV1, type Envelope, type EventOf } from '@govflow/contracts';
import { OutboxRelay, sqsConsumer, type ConsumerOptions, type Effect, type EventPublisher, type OperatorMetrics } from '@govflow/platform';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

/*
 * The SQS consumer shell (platform/src/consumer.ts) against the local DynamoDB: the state
 * change and the outbox event commit together, or neither; handlers make a redelivery change
 * nothing by the state they read, as the services' do.
 */

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
const TableName = 'consumer-shell-test';
const logger = new Logger({ logLevel: 'SILENT' });

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});

afterAll(async () => {
  await servers?.close();
});

type Received = EventOf<typeof caseReceivedV1>;

const received = (caseId: string, occurredAt = new Date()): Received =>
  makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId,
    traceId: 't',
    occurredAt,
    payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: occurredAt.toISOString(), attachmentCount: 0 },
  });

let messages = 0;
const record = (event: Envelope | string, receiveCount = 1): SQSRecord =>
  ({
    messageId: `m-${++messages}`,
    body: typeof event === 'string' ? event : JSON.stringify(event),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    messageAttributes: {},
  }) as unknown as SQSRecord;

/** The test's publisher port: records what was sent, or fails while `down`. */
class RecordingPublisher implements EventPublisher {
  sent: Envelope[] = [];
  down = false;
  async publish(events: readonly Envelope[]): Promise<void> {
    if (this.down) throw new Error('queue unavailable');
    this.sent.push(...events);
  }
}

const caseItem = async (caseId: string) => (await doc.send(new GetCommand({ TableName, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }))).Item;
const itemsStartingWith = async (prefix: string) =>
  ((await doc.send(new ScanCommand({ TableName, ConsistentRead: true }))).Items ?? []).filter((i) => String(i.pk).startsWith(prefix));

/**
 * A handler in the style of the services: reads the case, and unless the event is already in
 * it (the ids it has counted), writes it back one version on under a version condition (so a
 * concurrent change makes the write fail) and emits the dispatch of the case.
 */
async function countReceipt(event: Received): Promise<Effect> {
  const read = await caseItem(event.caseId);
  const counted = (read?.counted as string[] | undefined) ?? [];
  if (counted.includes(event.eventId)) return { writes: [], emit: [] };
  const version = (read?.version as number | undefined) ?? 0;
  const dispatched = makeEvent(workorderDispatchedV1, {
    region: 'wuhai',
    caseId: event.caseId,
    traceId: event.traceId,
    occurredAt: new Date(Date.parse(event.occurredAt) + 1000),
    payload: {
      workOrderId: `WO-${event.caseId}`,
      partnerId: 'p',
      major: 'urban',
      minor: 'urban-streetlight',
      departmentId: 'd',
      departmentName: 'x',
      coHandlerIds: [],
      jurisdiction: { resolvedBy: 'unresolved' },
      signDeadline: '2026-11-27T00:00:00.000Z',
      resolveDeadline: '2026-12-10T00:00:00.000Z',
      receivedAt: event.payload.receivedAt,
    },
  });
  return {
    writes: [
      {
        Put: {
          TableName,
          Item: { pk: `CASE#${event.caseId}`, sk: 'CASE', version: version + 1, receipts: ((read?.receipts as number | undefined) ?? 0) + 1, counted: [...counted, event.eventId] },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: version === 0 ? undefined : { ':v': version },
        },
      },
    ],
    emit: [dispatched],
  };
}

function consumer(publisher: EventPublisher, handle: (event: Received) => Promise<Effect>, extra: Partial<ConsumerOptions<typeof caseReceivedV1>> = {}) {
  return sqsConsumer({
    accepted: [caseReceivedV1],
    handle,
    doc,
    tableName: TableName,
    relay: new OutboxRelay(doc, TableName, publisher, logger),
    logger,
    deadLetter: undefined,
    ...extra,
  });
}

const context = {} as Context;

describe('the consumer shell against the local DynamoDB', () => {
  it('changes nothing on a duplicate delivery, in the same batch or a later one', async () => {
    const publisher = new RecordingPublisher();
    const handle = consumer(publisher, countReceipt);
    const event = received('dup-1');
    expect(await handle({ Records: [record(event), record(event)] }, context)).toEqual({ batchItemFailures: [] });
    expect(await handle({ Records: [record(event, 2)] }, context)).toEqual({ batchItemFailures: [] });

    expect(await caseItem('dup-1')).toMatchObject({ version: 1, receipts: 1 });
    expect(publisher.sent.map((e) => e.type)).toEqual(['workorder.dispatched']);
    // No inbox marker: the case itself says the event was counted.
    expect(await itemsStartingWith('INBOX#')).toEqual([]);
    // Delivered, so cleared from the outbox.
    expect(await itemsStartingWith('OUTBOX#')).toEqual([]);
  });

  it('reads again and retries when another writer changed the case in between, emitting only what committed', async () => {
    const publisher = new RecordingPublisher();
    const counted: string[] = [];
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => false, publishStoredMetrics: () => undefined };
    let calls = 0;
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#conflict-1', sk: 'CASE', version: 1, receipts: 0 } }));
    const handle = consumer(
      publisher,
      async (event) => {
        const effect = await countReceipt(event);
        // Between this handler's read and its write, another event of the case commits.
        if (++calls === 1) await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#conflict-1', sk: 'CASE', version: 2, receipts: 5 } }));
        return effect;
      },
      { metrics },
    );
    const answer = await handle({ Records: [record(received('conflict-1'))] }, context);

    expect(answer.batchItemFailures).toEqual([]);
    expect(calls).toBe(2);
    expect(await caseItem('conflict-1')).toMatchObject({ version: 3, receipts: 6 });
    expect(publisher.sent).toHaveLength(1);
    // One conflict retried; the dispatch time counted once, for the commit.
    expect(counted.sort()).toEqual(['TimeToDispatch', 'WriteConflicts']);
  });

  it('gives up after a few conflicting tries, failing only that record, with nothing of it written', async () => {
    const publisher = new RecordingPublisher();
    let calls = 0;
    const counted: string[] = [];
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => false, publishStoredMetrics: () => undefined };
    const contested = received('contested-1');
    const handle = consumer(
      publisher,
      async (event) => {
        const effect = await countReceipt(event);
        if (event.caseId !== 'contested-1') return effect;
        calls++;
        // Someone always gets there first.
        await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#contested-1', sk: 'CASE', version: calls * 10 } }));
        return effect;
      },
      { metrics },
    );
    const calm = record(received('calm-1'));
    const contestedRecord = record(contested);
    const answer = await handle({ Records: [contestedRecord, calm] }, context);

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: contestedRecord.messageId }]);
    expect(calls).toBe(8);
    expect(counted.filter((name) => name === 'WriteConflicts')).toHaveLength(8);
    // Only the competitor's writes: a redelivery will be handled for real.
    expect(await caseItem('contested-1')).toEqual({ pk: 'CASE#contested-1', sk: 'CASE', version: 80 });
    expect(publisher.sent.map((e) => e.caseId)).toEqual(['calm-1']);
    expect(await caseItem('calm-1')).toMatchObject({ version: 1 });
  });

  it('fails only the records that throw or cannot be read; the rest of the batch commits, and a redelivery goes through', async () => {
    const publisher = new RecordingPublisher();
    let broken = true;
    const warned: [string, unknown][] = [];
    const capturing = Object.assign(new Logger({ logLevel: 'SILENT' }), { warn: (message: string, extra: unknown) => void warned.push([message, extra]) });
    const handle = consumer(
      publisher,
      async (event) => {
        if (event.caseId === 'batch-b' && broken) throw new Error('cannot be handled yet');
        return countReceipt(event);
      },
      { logger: capturing },
    );
    const b = record(received('batch-b'));
    const unreadable = record('not json');
    const unknownType = record(JSON.stringify({ ...received('batch-x'), type: 'case.unknown' }));
    const answer = await handle({ Records: [record(received('batch-a')), b, unreadable, unknownType, record(received('batch-d'))] }, context);

    expect(answer.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([b.messageId, unreadable.messageId, unknownType.messageId].sort());
    expect(await caseItem('batch-a')).toMatchObject({ version: 1 });
    expect(await caseItem('batch-d')).toMatchObject({ version: 1 });
    expect(await caseItem('batch-b')).toBeUndefined();
    // Each failure says why, with no data of the event in it.
    expect(warned).toContainEqual(['record failed; it will be redelivered', { messageId: b.messageId, receiveCount: '1', error: 'Error: cannot be handled yet' }]);
    expect(warned).toHaveLength(3);

    broken = false;
    expect(await handle({ Records: [{ ...b, attributes: { ...b.attributes, ApproximateReceiveCount: '2' } }] }, context)).toEqual({ batchItemFailures: [] });
    expect(await caseItem('batch-b')).toMatchObject({ version: 1, receipts: 1 });
    expect(publisher.sent.map((e) => e.caseId).sort()).toEqual(['batch-a', 'batch-b', 'batch-d']);
  });

  it('retries a conflict without metrics too, and fails at once on a write DynamoDB refuses outright', async () => {
    let calls = 0;
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#plain-1', sk: 'CASE', version: 1 } }));
    const retrying = consumer(new RecordingPublisher(), async (event) => {
      const effect = await countReceipt(event);
      if (++calls === 1) await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#plain-1', sk: 'CASE', version: 2 } }));
      return effect;
    });
    expect(await retrying({ Records: [record(received('plain-1'))] }, context)).toEqual({ batchItemFailures: [] });
    expect(calls).toBe(2);

    let tries = 0;
    const invalid = consumer(new RecordingPublisher(), async () => {
      tries++;
      // No sort key: a validation error, not a conflict; trying again cannot help.
      return { writes: [{ Put: { TableName, Item: { pk: 'CASE#invalid' } } }], emit: [] };
    });
    const bad = record(received('invalid-1'));
    expect(await invalid({ Records: [bad] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
    expect(tries).toBe(1);
  });

  it('parks a record on its last try with the reason, and fails it back if parking fails', async () => {
    const parked: [string, string][] = [];
    let parkingWorks = true;
    const deadLetter = {
      isLastTry: (r: SQSRecord) => Number(r.attributes.ApproximateReceiveCount) >= 3,
      park: async (r: SQSRecord, reason: string) => {
        if (!parkingWorks) throw new Error('dlq unavailable');
        parked.push([r.messageId, reason]);
      },
    };
    const errors: [string, unknown][] = [];
    const capturing = Object.assign(new Logger({ logLevel: 'SILENT' }), { error: (message: string, extra: unknown) => void errors.push([message, extra]) });
    const handle = consumer(
      new RecordingPublisher(),
      async () => {
        throw new TypeError('bad data');
      },
      { deadLetter: deadLetter as never, logger: capturing },
    );
    const early = record(received('poison-1'), 2);
    const last = record(received('poison-1'), 3);
    expect((await handle({ Records: [early] }, context)).batchItemFailures).toEqual([{ itemIdentifier: early.messageId }]);
    expect(await handle({ Records: [last] }, context)).toEqual({ batchItemFailures: [] });
    expect(parked).toEqual([[last.messageId, 'TypeError: bad data']]);
    expect(errors).toEqual([['record failed its last try; parked in the dead-letter queue', { messageId: last.messageId, error: 'TypeError: bad data' }]]);
    parkingWorks = false;
    expect((await handle({ Records: [last] }, context)).batchItemFailures).toEqual([{ itemIdentifier: last.messageId }]);
  });

  it('keeps the event with the state change when the send fails, and the sweep sends it later', async () => {
    const publisher = new RecordingPublisher();
    publisher.down = true;
    const relay = new OutboxRelay(doc, TableName, publisher, logger);
    const handle = consumer(publisher, countReceipt, { relay });
    const event = received('outbox-1', new Date(Date.now() - 60_000));
    expect(await handle({ Records: [record(event)] }, context)).toEqual({ batchItemFailures: [] });

    // Committed together: the case and the event waiting in the outbox.
    expect(await caseItem('outbox-1')).toMatchObject({ version: 1 });
    const waiting = await itemsStartingWith('OUTBOX#');
    expect(waiting.map((i) => (i.event as Envelope).caseId)).toEqual(['outbox-1']);
    expect(publisher.sent).toEqual([]);

    // Too young for the sweep (it may still be sent inline), then old enough.
    expect(await relay.sweep(new Date(Date.parse(event.occurredAt) - 1000), 0)).toEqual({ delivered: 0, failed: 0 });
    expect(await relay.sweep(new Date(Date.parse(event.occurredAt) + 2000), 5_000)).toEqual({ delivered: 0, failed: 0 });
    expect(await relay.sweep(new Date(), 5_000)).toEqual({ delivered: 0, failed: 1 });
    publisher.down = false;
    expect(await relay.sweep(new Date(), 5_000)).toEqual({ delivered: 1, failed: 0 });
    expect(publisher.sent.map((e) => [e.type, e.caseId])).toEqual([['workorder.dispatched', 'outbox-1']]);
    expect(await itemsStartingWith('OUTBOX#')).toEqual([]);
  });

  it('handles one case’s events of a batch as one change when the handler can, and one by one when that fails', async () => {
    const publisher = new RecordingPublisher();
    const seen: string[][] = [];
    // Idempotent by state: each event adds its receipt once (the ids it has counted are kept on the case).
    const countAll = async (events: Received[]): Promise<Effect> => {
      seen.push(events.map((e) => e.caseId));
      if (events.some((e) => e.payload.title === 'poison')) throw new Error('cannot be handled');
      const read = await caseItem(events[0]!.caseId);
      const counted = new Set<string>((read?.counted as string[] | undefined) ?? []);
      const fresh = events.filter((e) => !counted.has(e.eventId));
      if (fresh.length === 0) return { writes: [], emit: [] };
      const version = (read?.version as number | undefined) ?? 0;
      return {
        writes: [
          {
            Put: {
              TableName,
              Item: { pk: `CASE#${events[0]!.caseId}`, sk: 'CASE', version: version + 1, counted: [...counted, ...fresh.map((e) => e.eventId)] },
              ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ExpressionAttributeValues: version === 0 ? undefined : { ':v': version },
            },
          },
        ],
        emit: [],
      };
    };
    const handle = consumer(publisher, (event) => countAll([event]), { handleCase: countAll });
    const [a1, a2, a3, b1] = [received('cases-a'), received('cases-a'), received('cases-a'), received('cases-b')];
    expect(await handle({ Records: [record(a1), record(b1), record(a2), record(a3)] }, context)).toEqual({ batchItemFailures: [] });
    // Case a's three events in one call and one write; case b's alone.
    expect(seen.sort()).toEqual([['cases-a', 'cases-a', 'cases-a'], ['cases-b']]);
    expect(await caseItem('cases-a')).toMatchObject({ version: 1, counted: [a1.eventId, a2.eventId, a3.eventId] });

    // A run with a message that can never succeed: tried together, then one by one; only that one fails.
    seen.length = 0;
    const poison = { ...received('cases-c'), payload: { ...received('cases-c').payload, title: 'poison' } };
    const [c1, c2] = [received('cases-c'), received('cases-c')];
    const poisonRecord = record(poison);
    expect(await handle({ Records: [record(c1), poisonRecord, record(c2)] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: poisonRecord.messageId }] });
    expect(seen).toEqual([['cases-c', 'cases-c', 'cases-c'], ['cases-c'], ['cases-c'], ['cases-c']]);
    expect(await caseItem('cases-c')).toMatchObject({ version: 2, counted: [c1.eventId, c2.eventId] });
  });

  it('takes a message delivered twice in one batch as one event, and counts only what is new in a run with one handled before', async () => {
    const publisher = new RecordingPublisher();
    const together: number[] = [];
    const countRun = async (events: Received[]): Promise<Effect> => {
      together.push(events.length);
      const read = await caseItem(events[0]!.caseId);
      const counted = (read?.counted as string[] | undefined) ?? [];
      const fresh = events.filter((e) => !counted.includes(e.eventId));
      if (fresh.length === 0) return { writes: [], emit: [] };
      const version = (read?.version as number | undefined) ?? 0;
      return {
        writes: [
          {
            Put: {
              TableName,
              Item: { pk: `CASE#${events[0]!.caseId}`, sk: 'CASE', version: version + 1, receipts: counted.length + fresh.length, counted: [...counted, ...fresh.map((e) => e.eventId)] },
              ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ExpressionAttributeValues: version === 0 ? undefined : { ':v': version },
            },
          },
        ],
        emit: [],
      };
    };
    const handle = consumer(publisher, (event) => countRun([event]), { handleCase: countRun });
    const [first, second, third] = [received('runs-1'), received('runs-1'), received('runs-1')];
    expect(await handle({ Records: [record(first), record(second), record(second)] }, context)).toEqual({ batchItemFailures: [] });
    expect(together).toEqual([2]);
    expect(await caseItem('runs-1')).toMatchObject({ version: 1, receipts: 2 });

    // Redelivered with a new one: one change, in which only the new one counts.
    together.length = 0;
    expect(await handle({ Records: [record(second, 2), record(third)] }, context)).toEqual({ batchItemFailures: [] });
    expect(together).toEqual([2]);
    expect(await caseItem('runs-1')).toMatchObject({ version: 2, receipts: 3 });
  });
});
