import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { caseReceivedV1, makeEvent, workorderDispatchedV1, type Envelope, type EventOf } from '@govflow/contracts';
import { eventsEmitted, eventsStoredOn, outboxAttribute, sqsConsumer, streamRelay, type ConsumerOptions, type Effect, type EventPublisher, type OperatorMetrics } from '@govflow/platform';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';
import { StreamPoller } from '../src/stream-poller';

/*
 * The SQS consumer shell (platform/src/consumer.ts) against the local DynamoDB: the state
 * change and the events it emits commit together, in one write, or neither (ADR 0023: the
 * events ride on the changed item, and the table's stream is the outbox); handlers make a
 * redelivery change nothing by the state they read, as the services' do.
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
      // As the services' tables (the manifest's): the relay needs both images to tell new events from kept ones.
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // The test reads the stream from its start: as a reader that never moves on, it keeps every record in the journal.
  servers.streams.register(TableName, 'consumer-shell-test', undefined);
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

/** The test's publisher port (the relay's): records what was sent, or fails while `down`. */
class RecordingPublisher implements EventPublisher {
  sent: Envelope[] = [];
  down = false;
  attempts = 0;
  async publish(events: readonly Envelope[]): Promise<void> {
    this.attempts++;
    if (this.down) throw new Error('queue unavailable');
    this.sent.push(...events);
  }
}

const caseItem = async (caseId: string) => (await doc.send(new GetCommand({ TableName, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }))).Item;
const itemsStartingWith = async (prefix: string) =>
  ((await doc.send(new ScanCommand({ TableName, ConsistentRead: true }))).Items ?? []).filter((i) => String(i.pk).startsWith(prefix));

/** The table's stream records of one case's item, in commit order (no reader has passed them: all are kept). */
const streamOf = (caseId: string): DynamoDBRecord[] => servers.streams.read(TableName, undefined, 100_000).filter((r) => r.dynamodb?.Keys?.pk?.S === `CASE#${caseId}`);
/** What the table's relay would send for the case: each change's events that its old image did not hold. */
const emitted = (caseId: string): Envelope[] => streamOf(caseId).flatMap(eventsEmitted);
/** The events stored on the case's item by its last change. */
const storedEvents = async (caseId: string): Promise<Envelope[] | undefined> => {
  const item = await caseItem(caseId);
  return item?.[outboxAttribute] === undefined ? undefined : eventsStoredOn(item);
};

/** Polls `probe` until it holds, failing after the deadline. */
async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
    emit: [dispatchedAfter(event)],
  };
}

/** The dispatch of the case a receipt is about. */
function dispatchedAfter(event: Received): Envelope {
  return makeEvent(workorderDispatchedV1, {
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
}

function consumer(handle: (event: Received) => Promise<Effect>, extra: Partial<ConsumerOptions<typeof caseReceivedV1>> = {}) {
  return sqsConsumer({
    accepted: [caseReceivedV1],
    handle,
    doc,
    tableName: TableName,
    logger,
    deadLetter: undefined,
    ...extra,
  });
}

const context = {} as Context;

describe('the consumer shell against the local DynamoDB', () => {
  it('changes nothing on a duplicate delivery, in the same batch or a later one, and emits the event once, with the change', async () => {
    const handle = consumer(countReceipt);
    const event = received('dup-1');
    expect(await handle({ Records: [record(event), record(event)] }, context)).toEqual({ batchItemFailures: [] });
    expect(await handle({ Records: [record(event, 2)] }, context)).toEqual({ batchItemFailures: [] });

    expect(await caseItem('dup-1')).toMatchObject({ version: 1, receipts: 1 });
    // One change of the case, one stream record, and in it the case and its one event together.
    const [change, ...more] = streamOf('dup-1');
    expect(more).toEqual([]);
    expect(change).toMatchObject({ eventName: 'INSERT', dynamodb: { NewImage: { version: { N: '1' }, receipts: { N: '1' } } } });
    expect(eventsEmitted(change!).map((e) => [e.type, e.caseId])).toEqual([['workorder.dispatched', 'dup-1']]);
    expect(await storedEvents('dup-1')).toEqual(eventsEmitted(change!));
    // No inbox marker: the case itself says the event was counted. No item of the events' own: they ride on the case.
    expect(await itemsStartingWith('INBOX#')).toEqual([]);
    expect(await itemsStartingWith('OUTBOX#')).toEqual([]);
    expect(await itemsStartingWith('EVENTS#')).toEqual([]);
  });

  it('reads again and retries when another writer changed the case in between, emitting only what committed', async () => {
    const counted: string[] = [];
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => false, publishStoredMetrics: () => undefined };
    let calls = 0;
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#conflict-1', sk: 'CASE', version: 1, receipts: 0 } }));
    const handle = consumer(
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
    // The stream holds the other writer's changes (no events) and this one's: one event, emitted by the write that committed.
    const committed = streamOf('conflict-1').filter((r) => eventsEmitted(r).length > 0);
    expect(committed.map((r) => r.dynamodb?.NewImage?.version?.N)).toEqual(['3']);
    expect(emitted('conflict-1').map((e) => e.type)).toEqual(['workorder.dispatched']);
    // One conflict retried; the dispatch time counted once, for the commit.
    expect(counted.sort()).toEqual(['TimeToDispatch', 'WriteConflicts']);
  });

  it('gives up after a few conflicting tries, failing only that record, with nothing of it written, its events included', async () => {
    let calls = 0;
    const counted: string[] = [];
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => false, publishStoredMetrics: () => undefined };
    const contested = received('contested-1');
    const handle = consumer(
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
    // Its eight refused writes stored no event: the stream has only the competitor's changes, which emit nothing.
    expect(streamOf('contested-1')).toHaveLength(8);
    expect(emitted('contested-1')).toEqual([]);
    expect(await caseItem('calm-1')).toMatchObject({ version: 1 });
    expect(emitted('calm-1').map((e) => e.caseId)).toEqual(['calm-1']);
  });

  it('fails only the records that throw or cannot be read; the rest of the batch commits, and a redelivery goes through', async () => {
    let broken = true;
    const warned: [string, unknown][] = [];
    const capturing = Object.assign(new Logger({ logLevel: 'SILENT' }), { warn: (message: string, extra: unknown) => void warned.push([message, extra]) });
    const handle = consumer(
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
    expect(emitted('batch-b')).toEqual([]);
    // Each failure says why, with no data of the event in it.
    expect(warned).toContainEqual(['record failed; it will be redelivered', { messageId: b.messageId, receiveCount: '1', error: 'Error: cannot be handled yet' }]);
    expect(warned).toHaveLength(3);

    broken = false;
    expect(await handle({ Records: [{ ...b, attributes: { ...b.attributes, ApproximateReceiveCount: '2' } }] }, context)).toEqual({ batchItemFailures: [] });
    expect(await caseItem('batch-b')).toMatchObject({ version: 1, receipts: 1 });
    expect(['batch-a', 'batch-b', 'batch-d', 'batch-x'].flatMap(emitted).map((e) => e.caseId)).toEqual(['batch-a', 'batch-b', 'batch-d']);
  });

  it('retries a conflict without metrics too, and fails at once on a write DynamoDB refuses outright', async () => {
    let calls = 0;
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#plain-1', sk: 'CASE', version: 1 } }));
    const retrying = consumer(async (event) => {
      const effect = await countReceipt(event);
      if (++calls === 1) await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#plain-1', sk: 'CASE', version: 2 } }));
      return effect;
    });
    expect(await retrying({ Records: [record(received('plain-1'))] }, context)).toEqual({ batchItemFailures: [] });
    expect(calls).toBe(2);

    expect(emitted('plain-1').map((e) => e.caseId)).toEqual(['plain-1']);

    let tries = 0;
    const invalid = consumer(async (event) => {
      tries++;
      // No sort key: a validation error, not a conflict; trying again cannot help.
      return { writes: [{ Put: { TableName, Item: { pk: 'CASE#invalid-1' } } }], emit: [dispatchedAfter(event)] };
    });
    const bad = record(received('invalid-1'));
    expect(await invalid({ Records: [bad] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: bad.messageId }] });
    expect(tries).toBe(1);
    // Refused, and its event with it: nothing of it reached the table or its stream.
    expect(streamOf('invalid-1')).toEqual([]);
    expect(servers.streams.read(TableName, undefined, 100_000).flatMap(eventsEmitted).filter((e) => e.caseId === 'invalid-1')).toEqual([]);
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

  it('commits the event with the state change, and a relay whose sends fail gets it from the stream again until it is sent, once', async () => {
    const handle = consumer(countReceipt);
    const event = received('outbox-1');
    expect(await handle({ Records: [record(event)] }, context)).toEqual({ batchItemFailures: [] });

    // Committed together: the case carries the event, and the one stream record of the write holds both.
    expect(await caseItem('outbox-1')).toMatchObject({ version: 1 });
    const [dispatched] = (await storedEvents('outbox-1')) ?? [];
    expect(dispatched).toMatchObject({ type: 'workorder.dispatched', caseId: 'outbox-1' });
    expect(emitted('outbox-1')).toEqual([dispatched]);

    // The table's relay, read by the local event-source mapping as in the stack; its queue is down at first.
    const publisher = new RecordingPublisher();
    publisher.down = true;
    const relay = streamRelay(publisher, logger);
    const failures: unknown[] = [];
    const poller = new StreamPoller({
      journal: servers.streams,
      table: TableName,
      reader: 'consumer-shell-relay',
      invoke: async (batch) => void (await relay(batch)),
      batchSize: 100,
      // Only this test's case: the other tests' records are passed over, as a filter passes over records.
      filter: (r) => r.dynamodb?.Keys?.pk?.S === 'CASE#outbox-1',
      idleMs: 20,
      retryDelayMs: () => 20,
      onError: (error) => failures.push(error),
    });
    poller.start();
    try {
      await until(() => publisher.attempts >= 3, 'the relay to try three times');
      // Every try failed: nothing sent, the batch not passed, the event still in the stream.
      expect(publisher.sent).toEqual([]);
      expect(poller.caughtUp).toBe(false);
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(emitted('outbox-1')).toEqual([dispatched]);

      publisher.down = false;
      await until(() => poller.caughtUp, 'the relay to get past the case’s change');
      expect(publisher.sent).toEqual([dispatched]);

      // A later change of the case that keeps its events (a redelivery writes none) sends nothing again.
      await doc.send(new UpdateCommand({ TableName, Key: { pk: 'CASE#outbox-1', sk: 'CASE' }, UpdateExpression: 'SET note = :n', ExpressionAttributeValues: { ':n': 'seen' } }));
      expect(await handle({ Records: [record(event, 2)] }, context)).toEqual({ batchItemFailures: [] });
      expect(streamOf('outbox-1')).toHaveLength(2);
      await until(() => poller.caughtUp, 'the relay to read the later change');
      expect(publisher.sent).toEqual([dispatched]);
    } finally {
      await poller.stop();
    }
  });

  it('handles one case’s events of a batch as one change when the handler can, and one by one when that fails', async () => {
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
    const handle = consumer((event) => countAll([event]), { handleCase: countAll });
    const [a1, a2, a3, b1] = [received('cases-a'), received('cases-a'), received('cases-a'), received('cases-b')];
    expect(await handle({ Records: [record(a1), record(b1), record(a2), record(a3)] }, context)).toEqual({ batchItemFailures: [] });
    // Case a's three events in one call and one write; case b's alone.
    expect(seen.sort()).toEqual([['cases-a', 'cases-a', 'cases-a'], ['cases-b']]);
    expect(await caseItem('cases-a')).toMatchObject({ version: 1, counted: [a1.eventId, a2.eventId, a3.eventId] });
    // A change that emits nothing stores no events.
    expect(await caseItem('cases-a')).not.toHaveProperty(outboxAttribute);

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
    const handle = consumer((event) => countRun([event]), { handleCase: countRun });
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
