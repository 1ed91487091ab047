import { describe, expect, it } from 'vitest';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, makeEvent, shardOf, type Envelope } from '@govflow/contracts';
import type { OperatorMetrics } from '../src/metrics';
import { OutboxRelay, outboxKey, outboxPut, outboxShards } from '../src/outbox';
import type { EventPublisher } from '../src/publisher';

/*
 * The outbox relay against a table port that records what it is asked (the local DynamoDB
 * cannot show how the sweep pages and chunks: local/test/consumer-shell.test.ts runs it there).
 */

const event = (n: number, occurredAt = new Date('2026-11-26T00:00:00Z')): Envelope =>
  makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId: `c${n}`,
    traceId: 't',
    occurredAt,
    payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: occurredAt.toISOString(), attachmentCount: 0 },
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

/**
 * Pages of each shard's outbox partition (the items, each with its event); deletes recorded
 * (by key), or failing; every query's shard, age bound, consistency and start key recorded.
 */
function table(pages: Record<number, Envelope[][]>, options: { deletesFail?: boolean } = {}) {
  const queried: { shard: string; before: string; start: unknown; consistent?: boolean; filter?: string }[] = [];
  const deleted: string[] = [];
  const doc = {
    send: async (command: unknown) => {
      if (command instanceof DeleteCommand) {
        if (options.deletesFail) throw new Error('throttled');
        deleted.push(`${String(command.input.Key!.pk)}|${String(command.input.Key!.sk)}`);
        return {};
      }
      if (command instanceof QueryCommand) {
        const values = command.input.ExpressionAttributeValues!;
        const shard = Number(String(values[':shard']).split('#')[1]);
        const page = (command.input.ExclusiveStartKey?.page as number | undefined) ?? 0;
        queried.push({ shard: String(values[':shard']), before: String(values[':before']), start: command.input.ExclusiveStartKey, consistent: command.input.ConsistentRead, filter: command.input.FilterExpression });
        const list = pages[shard] ?? [];
        const items = (list[page] ?? []).map((e) => ({ ...outboxKey(e.eventId), outboxAt: e.occurredAt, event: e }));
        return { Items: items, LastEvaluatedKey: page + 1 < list.length ? { page: page + 1 } : undefined };
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, queried, deleted };
}

describe('the outbox relay', () => {
  it('stores an event once, in the partition of its shard, keyed by its id', () => {
    const e = event(1);
    const put = outboxPut('t', e).Put!;
    const shard = shardOf(e.eventId, outboxShards);
    expect(put).toEqual({ TableName: 't', Item: { pk: `OUTBOX#${shard}`, sk: `OUTBOX#${e.eventId}`, outboxAt: e.occurredAt, event: e }, ConditionExpression: 'attribute_not_exists(pk)' });
    // Events spread over every shard.
    expect(new Set(Array.from({ length: 40 }, (_, i) => outboxKey(event(i).eventId).pk))).toEqual(new Set(Array.from({ length: outboxShards }, (_, i) => `OUTBOX#${i}`)));
  });

  it('sends, counts and clears delivered events; sends nothing for nothing', async () => {
    const { doc, deleted } = table({});
    const publisher = new Publisher();
    const counted: string[] = [];
    let flushed = 0;
    const metrics: OperatorMetrics = { addMetric: (name) => void counted.push(name), hasStoredMetrics: () => counted.length > 0, publishStoredMetrics: () => void flushed++ };
    const relay = new OutboxRelay(doc, 't', publisher, logger().logger, metrics);
    const events = [event(1), event(2)];
    expect(await relay.deliver(events)).toBe(true);
    expect(publisher.batches).toEqual([['c1', 'c2']]);
    expect(deleted).toEqual(events.map((e) => `OUTBOX#${shardOf(e.eventId, outboxShards)}|OUTBOX#${e.eventId}`));
    expect(counted).toEqual(['CasesReceived', 'CasesReceived']);
    expect(flushed).toBe(1);
    expect(await relay.deliver([])).toBe(true);
    expect(publisher.batches).toHaveLength(1);
  });

  it('keeps events for the sweep when the send fails, saying why; a failed delete is only a warning', async () => {
    const { doc, deleted } = table({});
    const publisher = new Publisher();
    publisher.down = true;
    const { logger: log, warnings } = logger();
    const relay = new OutboxRelay(doc, 't', publisher, log);
    expect(await relay.deliver([event(1)])).toBe(false);
    expect(deleted).toEqual([]);
    expect(warnings).toEqual([['publish failed; the outbox sweep will retry', { error: 'TypeError: queue down', events: 1 }]]);

    const failing = table({}, { deletesFail: true });
    const other = logger();
    publisher.down = false;
    expect(await new OutboxRelay(failing.doc, 't', publisher, other.logger).deliver([event(2)])).toBe(true);
    expect(other.warnings).toEqual([['outbox delete failed; the event may be sent again', { error: 'Error: throttled' }]]);
  });

  it('sweeps every shard page by page, in sends of ten, only events older than the grace period', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => event(i));
    const { doc, queried } = table({ 0: [[event(30), event(31), event(32)], eleven], 3: [[event(20)]] });
    const publisher = new Publisher();
    const relay = new OutboxRelay(doc, 't', publisher, logger().logger);
    const now = new Date('2026-11-26T10:00:00.000Z');
    expect(await relay.sweep(now, 5_000)).toEqual({ delivered: 15, failed: 0 });
    expect(queried.map((q) => q.shard)).toEqual(['OUTBOX#0', 'OUTBOX#0', 'OUTBOX#1', 'OUTBOX#2', 'OUTBOX#3']);
    expect(queried[1]!.start).toEqual({ page: 1 });
    expect(new Set(queried.map((q) => q.before))).toEqual(new Set(['2026-11-26T09:59:55.000Z']));
    expect(publisher.batches.map((b) => b.length)).toEqual([3, 10, 1, 1]);

    publisher.down = true;
    expect(await relay.sweep(now, 5_000)).toEqual({ delivered: 0, failed: 15 });
  });

  it('reads each shard consistently (an event sent a moment ago is not sent again), only events past the grace period, oldest first', async () => {
    const at = (second: number) => new Date(`2026-11-26T00:00:${String(second).padStart(2, '0')}Z`);
    const [late, early, middle] = [event(1, at(30)), event(2, at(10)), event(4, at(20))];
    const { doc, queried } = table({ 2: [[early, late, middle]] });
    const publisher = new Publisher();
    const relay = new OutboxRelay(doc, 't', publisher, logger().logger);
    expect(await relay.sweep(new Date('2026-11-26T10:00:00.000Z'), 5_000)).toEqual({ delivered: 3, failed: 0 });
    expect(publisher.batches).toEqual([['c2', 'c4', 'c1']]);
    expect(queried.every((q) => q.consistent === true && q.filter === 'outboxAt < :before')).toBe(true);
  });
});
