import { randomInt } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '@govflow/contracts';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventPublisher } from './publisher';
import { countSent, flushMetrics, type OperatorMetrics } from './metrics';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Outbox items are spread over a few index partitions so the sweep query never runs hot. */
export const outboxShards = 4;
export const outboxIndex = 'outbox';

/**
 * The put that stores an event in the same transaction as the state change it reports.
 * Once that transaction commits the event cannot be lost: it is sent at once and, if that
 * fails or the process dies, by the next sweep.
 */
export function outboxPut(tableName: string, event: Envelope): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: `OUTBOX#${event.eventId}`,
        sk: 'OUTBOX',
        outboxShard: `OUTBOX#${randomInt(outboxShards)}`,
        outboxAt: event.occurredAt,
        event,
      },
      // An event is stored once; a second put of the same id would be a bug worth failing on.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export interface SweepResult {
  delivered: number;
  failed: number;
}

export class OutboxRelay {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly metrics?: OperatorMetrics,
  ) {}

  /** Sends committed events and clears them from the outbox. Never throws: the sweep retries. */
  async deliver(events: readonly Envelope[]): Promise<boolean> {
    if (events.length === 0) return true;
    try {
      await this.publisher.publish(events);
    } catch (error) {
      this.logger.warn('publish failed; the outbox sweep will retry', { error: errorName(error), events: events.length });
      return false;
    }
    if (this.metrics) {
      countSent(this.metrics, events);
      flushMetrics(this.metrics);
    }
    await Promise.all(
      events.map((e) =>
        this.doc
          .send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `OUTBOX#${e.eventId}`, sk: 'OUTBOX' } }))
          .catch((error: unknown) => this.logger.warn('outbox delete failed; the event may be sent again', { error: errorName(error) })),
      ),
    );
    return true;
  }

  /** Delivers every outbox event older than `graceMs` (younger ones are still being sent inline). */
  async sweep(now: Date, graceMs: number): Promise<SweepResult> {
    const before = new Date(now.getTime() - graceMs).toISOString();
    const result: SweepResult = { delivered: 0, failed: 0 };
    for (let shard = 0; shard < outboxShards; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: outboxIndex,
            KeyConditionExpression: 'outboxShard = :shard AND outboxAt < :before',
            ExpressionAttributeValues: { ':shard': `OUTBOX#${shard}`, ':before': before },
            ExclusiveStartKey: startKey,
            Limit: 100,
          }),
        );
        // Stryker disable next-line ArrayDeclaration: a Query's answer always has Items (empty when none match), so the fallback is never taken.
        const events = await this.eventsAt((page.Items ?? []).map((item) => ({ pk: item.pk, sk: item.sk })));
        // Stryker disable next-line EqualityOperator: with <= the extra chunk is empty, and deliver([]) returns at once without sending.
        for (let i = 0; i < events.length; i += 10) {
          const chunk = events.slice(i, i + 10);
          if (await this.deliver(chunk)) result.delivered += chunk.length;
          else result.failed += chunk.length;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return result;
  }

  /**
   * The events of outbox items the keys-only index named (so an event is not copied into the
   * index twice a send: in and out); an item sent and deleted since is skipped.
   */
  private async eventsAt(keys: Record<string, unknown>[]): Promise<Envelope[]> {
    const events: Envelope[] = [];
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = keys.length > 0 ? { [this.tableName]: { Keys: keys, ConsistentRead: true } } : undefined;
    while (request) {
      const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
      events.push(...(out.Responses?.[this.tableName] ?? []).map((item) => item.event as Envelope));
      request = out.UnprocessedKeys?.[this.tableName]?.Keys?.length ? (out.UnprocessedKeys as typeof request) : undefined;
    }
    // Oldest first, as the index gave them: a case's events keep their order on a FIFO queue.
    return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }
}

/** A short, data-free description of an error for a log line. */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (error.name === 'ZodError' && issues) {
    const first = issues[0];
    return `ZodError: ${issues.length} issue(s), first at ${first?.path.map(String).join('.') || '(root)'}: ${first?.message ?? ''}`;
  }
  return `${error.name}: ${error.message.slice(0, 300)}`;
}
