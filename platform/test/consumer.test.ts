import { describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { caseReceivedV1, makeEvent, workorderDispatchedV1, type Envelope } from '@govflow/contracts';
import type { OperatorMetrics } from '../src/metrics';
import { groupByCase, sqsConsumer } from '../src/consumer';
import { outboxAttribute, packedEvents } from '../src/outbox';

const record = (messageId: string, caseId: string | undefined): SQSRecord =>
  ({
    messageId,
    body:
      caseId === undefined
        ? 'not json'
        : JSON.stringify(
            makeEvent(caseReceivedV1, {
              region: 'wuhai',
              caseId,
              traceId: 't',
              occurredAt: new Date('2026-11-26T00:00:00Z'),
              payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: '2026-11-26T00:00:00.000Z', attachmentCount: 0 },
            }),
          ),
    attributes: { ApproximateReceiveCount: '1' },
  }) as unknown as SQSRecord;

const dispatchedPayload = {
  workOrderId: 'WO-a',
  partnerId: 'p',
  major: 'urban' as const,
  minor: 'urban-streetlight',
  departmentId: 'd',
  departmentName: 'x',
  coHandlerIds: [],
  jurisdiction: { resolvedBy: 'unresolved' as const },
  signDeadline: '2026-11-27T00:00:00.000Z',
  resolveDeadline: '2026-12-10T00:00:00.000Z',
  receivedAt: '2026-11-26T00:00:00.000Z',
};

describe('the SQS consumer shell', () => {
  it('groups a batch by case, keeping arrival order, an unreadable record alone', () => {
    const groups = groupByCase([record('1', 'a'), record('2', 'b'), record('3', 'a'), record('4', undefined)]);
    expect(groups.map((g) => g.map((r) => r.messageId))).toEqual([['1', '3'], ['2'], ['4']]);
  });

  it('runs one case’s events one after another and different cases side by side, failing only the bad record', async () => {
    const running = new Map<string, number>();
    let overlapWithinCase = 0;
    let overlapAcrossCases = 0;
    const order: string[] = [];
    const consumer = sqsConsumer({
      accepted: [caseReceivedV1],
      doc: { send: async () => ({}) } as unknown as DynamoDBDocumentClient,
      tableName: 't',
      logger: new Logger({ logLevel: 'SILENT' }),
      handle: async (event) => {
        running.set(event.caseId, (running.get(event.caseId) ?? 0) + 1);
        if (running.get(event.caseId)! > 1) overlapWithinCase++;
        if ([...running.values()].filter((n) => n > 0).length > 1) overlapAcrossCases++;
        await new Promise((r) => setTimeout(r, 5));
        order.push(event.eventId);
        running.set(event.caseId, running.get(event.caseId)! - 1);
        return { writes: [], emit: [] };
      },
    });
    const records = [record('1', 'a'), record('2', 'a'), record('3', 'b'), record('4', 'a'), record('5', undefined)];
    const answer = await consumer({ Records: records }, {} as Context);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: '5' }]);
    expect(overlapWithinCase).toBe(0);
    expect(overlapAcrossCases).toBeGreaterThan(0);
    const ids = records.slice(0, 4).map((r) => (JSON.parse(r.body) as { eventId: string }).eventId);
    expect(order.filter((id) => id !== ids[2])).toEqual([ids[0], ids[1], ids[3]]);
  });

  it('counts the conflicts it retries, the dispatch time and a message it parks, and writes them once a batch', async () => {
    const counted: [string, number][] = [];
    let published = 0;
    const metrics: OperatorMetrics = {
      addMetric: (name, _unit, value) => void counted.push([name, value]),
      hasStoredMetrics: () => counted.length > published,
      publishStoredMetrics: () => void (published = counted.length),
    };
    const sent: { command: string; input: { Item?: Record<string, unknown> } }[] = [];
    const emitted: Envelope[] = [];
    const received = JSON.parse(record('1', 'a').body) as { occurredAt: string };
    const consumer = sqsConsumer({
      accepted: [caseReceivedV1],
      // The first write collides with another writer; the retry commits.
      doc: {
        send: async (command: { constructor: { name: string }; input: { Item?: Record<string, unknown> } }) => {
          sent.push({ command: command.constructor.name, input: command.input });
          return sent.length === 1 ? Promise.reject(new TransactionCanceledException({ message: 'conflict', $metadata: {} })) : {};
        },
      } as unknown as DynamoDBDocumentClient,
      tableName: 't',
      logger: new Logger({ logLevel: 'SILENT' }),
      deadLetter: { isLastTry: () => true, park: async () => undefined } as never,
      metrics,
      handle: async (event) => {
        if (event.caseId === 'broken') throw new Error('cannot be handled');
        const dispatched = makeEvent(workorderDispatchedV1, {
          region: 'wuhai',
          caseId: event.caseId,
          traceId: 't',
          occurredAt: new Date(Date.parse(received.occurredAt) + 1500),
          payload: dispatchedPayload,
        });
        emitted.push(dispatched);
        return { writes: [{ Put: { TableName: 't', Item: { pk: event.caseId, sk: 'CASE' } } }], emit: [dispatched] };
      },
    });
    const answer = await consumer({ Records: [record('1', 'a'), record('2', 'broken')] }, {} as Context);
    expect(answer.batchItemFailures).toEqual([]);
    expect(counted).toEqual(expect.arrayContaining([['WriteConflicts', 1], ['TimeToDispatch', 1500], ['DeadLettered', 1]]));
    expect(published).toBe(counted.length);
    // Each try is one plain put of the case carrying that try's decision's events, and nothing else is written.
    expect(sent.map((s) => s.command)).toEqual(['PutCommand', 'PutCommand']);
    expect(emitted).toHaveLength(2);
    sent.forEach((s, i) => expect(s.input.Item).toEqual({ pk: 'a', sk: 'CASE', [outboxAttribute]: packedEvents([emitted[i]!]) }));
  });
});
