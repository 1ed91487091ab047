import { describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { caseReceivedV1, makeEvent, type Envelope } from '@govflow/contracts';
import { sqsConsumer } from '../src/consumer';
import { outboxAttribute, packedEvents, type TransactItem } from '../src/outbox';
import { isWriteConflict, writeAtomically } from '../src/writes';

/** A client that records the commands sent to it and answers with what `answer` gives. */
function recordingClient(answer: (command: { constructor: { name: string }; input: unknown }, n: number) => Promise<unknown> = async () => ({})) {
  const sent: { command: string; input: unknown }[] = [];
  const doc = {
    send: (command: { constructor: { name: string }; input: unknown }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      return answer(command, sent.length);
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, sent };
}

const put: TransactItem = { Put: { TableName: 't', Item: { pk: 'a', sk: 'CASE', version: 2 }, ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': 1 } } };
const update: TransactItem = { Update: { TableName: 't', Key: { pk: 'a', sk: 'CASE' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'x' } } };
const remove: TransactItem = { Delete: { TableName: 't', Key: { pk: 'a', sk: 'CASE' }, ConditionExpression: 'attribute_exists(pk)' } };
const check: TransactItem = { ConditionCheck: { TableName: 't', Key: { pk: 'a', sk: 'CASE' }, ConditionExpression: 'attribute_exists(pk)' } };

describe('writing items all or none', () => {
  it('writes one item by itself, with its condition, instead of in a transaction billed twice', async () => {
    for (const [item, command, input] of [
      [put, 'PutCommand', put.Put],
      [update, 'UpdateCommand', update.Update],
      [remove, 'DeleteCommand', remove.Delete],
    ] as const) {
      const { doc, sent } = recordingClient();
      await writeAtomically(doc, [item]);
      expect(sent).toEqual([{ command, input }]);
    }
  });

  it('writes several items, or a lone condition check, in one transaction', async () => {
    for (const items of [[put, remove], [check]]) {
      const { doc, sent } = recordingClient();
      await writeAtomically(doc, items);
      expect(sent).toEqual([{ command: 'TransactWriteCommand', input: { TransactItems: items } }]);
    }
  });

  it('names a failed condition of either kind a conflict, and nothing else', () => {
    expect(isWriteConflict(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }))).toBe(true);
    expect(isWriteConflict(new TransactionCanceledException({ message: 'x', $metadata: {} }))).toBe(true);
    expect(isWriteConflict(new Error('ProvisionedThroughputExceeded'))).toBe(false);
  });

  it('lets the consumer shell retry a one-item change that lost to another writer, its events still in the same single put', async () => {
    let decisions = 0;
    const emitted: Envelope[] = [];
    const { doc, sent } = recordingClient(async (_command, n) => (n === 1 ? Promise.reject(new ConditionalCheckFailedException({ message: 'version moved', $metadata: {} })) : {}));
    const consumer = sqsConsumer({
      accepted: [caseReceivedV1],
      doc,
      tableName: 't',
      logger: new Logger({ logLevel: 'SILENT' }),
      handle: async () => {
        decisions++;
        // Each decision emits an event of its own: only what the committed try decided is stored.
        emitted.push(receivedEvent());
        return { writes: [put], emit: [emitted.at(-1)!] };
      },
    });
    const answer = await consumer({ Records: [sqsRecord(receivedEvent())] }, {} as Context);
    expect(answer.batchItemFailures).toEqual([]);
    expect(decisions).toBe(2);
    expect(sent).toEqual(emitted.map((event) => ({ command: 'PutCommand', input: { ...put.Put, Item: { ...put.Put!.Item, [outboxAttribute]: packedEvents([event]) } } })));
  });

  it('commits a change and the events it emits in one write: a lone update stays a lone update, with no item of its own for the events', async () => {
    const event = receivedEvent();
    const { doc, sent } = recordingClient();
    const consumer = sqsConsumer({ accepted: [caseReceivedV1], doc, tableName: 't', logger: new Logger({ logLevel: 'SILENT' }), handle: async () => ({ writes: [update], emit: [event] }) });
    expect(await consumer({ Records: [sqsRecord(receivedEvent())] }, {} as Context)).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([
      {
        command: 'UpdateCommand',
        input: {
          ...update.Update,
          UpdateExpression: 'SET #outbox = :outbox, #s = :s',
          ExpressionAttributeNames: { '#s': 'status', '#outbox': outboxAttribute },
          ExpressionAttributeValues: { ':s': 'x', ':outbox': packedEvents([event]) },
        },
      },
    ]);
  });

  it('puts the events in the change’s own transaction, so a change refused outright stores none of them', async () => {
    const event = receivedEvent();
    const { doc, sent } = recordingClient(async () => Promise.reject(new Error('ValidationException')));
    const consumer = sqsConsumer({
      accepted: [caseReceivedV1],
      doc,
      tableName: 't',
      logger: new Logger({ logLevel: 'SILENT' }),
      deadLetter: undefined,
      handle: async () => ({ writes: [put, remove], emit: [event] }),
    });
    const failed = sqsRecord(receivedEvent());
    expect(await consumer({ Records: [failed] }, {} as Context)).toEqual({ batchItemFailures: [{ itemIdentifier: failed.messageId }] });
    // One transaction, tried once (not a conflict): the events rode in it, on the change's put, and nothing else was written.
    expect(sent).toEqual([{ command: 'TransactWriteCommand', input: { TransactItems: [{ Put: { ...put.Put, Item: { ...put.Put!.Item, [outboxAttribute]: packedEvents([event]) } } }, remove] } }]);
  });
});

let messages = 0;
function receivedEvent(): Envelope {
  return makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId: 'a',
    traceId: 't',
    occurredAt: new Date('2026-11-26T00:00:00Z'),
    payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: '2026-11-26T00:00:00.000Z', attachmentCount: 0 },
  });
}
function sqsRecord(event: Envelope): SQSRecord {
  return { messageId: `m${++messages}`, body: JSON.stringify(event), attributes: { ApproximateReceiveCount: '1' } } as unknown as SQSRecord;
}
