import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { shardOf, type Envelope } from '@govflow/contracts';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventPublisher } from './publisher';
import { countSent, flushMetrics, type OperatorMetrics } from './metrics';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Outbox items live in a few partitions of the table itself (`OUTBOX#<shard>`), chosen by the
 * event's id: the sweep reads those partitions directly, so no index copies an event in and out
 * (that index was 2 write units an event, a tenth of a case's writes; ADR 0017). Each shard
 * takes well over a thousand events a second, far above a city's rate.
 */
export const outboxShards = 4;

/** Where an event waits until it is sent: derived from its id alone, so the sender deletes it without having read it. */
export function outboxKey(eventId: string): { pk: string; sk: string } {
  return { pk: `OUTBOX#${shardOf(eventId, outboxShards)}`, sk: `OUTBOX#${eventId}` };
}

/**
 * The put that stores an event in the same transaction as the state change it reports.
 * Once that transaction commits the event cannot be lost: it is sent at once and, if that
 * fails or the process dies, by the next sweep.
 */
export function outboxPut(tableName: string, event: Envelope): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...outboxKey(event.eventId), outboxAt: event.occurredAt, event },
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
          .send(new DeleteCommand({ TableName: this.tableName, Key: outboxKey(e.eventId) }))
          .catch((error: unknown) => this.logger.warn('outbox delete failed; the event may be sent again', { error: errorName(error) })),
      ),
    );
    return true;
  }

  /**
   * Delivers every outbox event older than `graceMs` (younger ones are still being sent inline),
   * reading each shard's partition: only events not yet sent are there, so a sweep reads little.
   */
  async sweep(now: Date, graceMs: number): Promise<SweepResult> {
    const before = new Date(now.getTime() - graceMs).toISOString();
    const result: SweepResult = { delivered: 0, failed: 0 };
    for (let shard = 0; shard < outboxShards; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :shard',
            FilterExpression: 'outboxAt < :before',
            ExpressionAttributeValues: { ':shard': `OUTBOX#${shard}`, ':before': before },
            // An event sent and deleted a moment ago is not sent again.
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            Limit: 100,
          }),
        );
        // Oldest first: a case's events keep their order on a FIFO queue.
        // Stryker disable next-line ArrayDeclaration: a Query's answer always has Items (empty when none match), so the fallback is never taken.
        const events = (page.Items ?? []).map((item) => item.event as Envelope).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
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
