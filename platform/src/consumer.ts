import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseEvent, type Envelope, type EventContract, type EventOf } from '@govflow/contracts';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { deadLetterQueueFromEnv, type DeadLetterQueue } from './dead-letter';
import { countDispatchTime, flushMetrics, operatorMetrics, type OperatorMetrics } from './metrics';
import { errorName, withEvents, type TransactItem } from './outbox';
import { isWriteConflict, writeAtomically } from './writes';

/** What handling one event decided: the writes to commit and the events to emit, atomically. */
export interface Effect {
  writes: TransactItem[];
  emit: Envelope[];
}

export interface ConsumerOptions<C extends EventContract<string, number, z.ZodType>> {
  accepted: readonly C[];
  handle: (event: EventOf<C>) => Promise<Effect>;
  doc: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
  /** Where a message goes, with its reason, after its last allowed try (default: the function's, from its environment). */
  deadLetter?: DeadLetterQueue;
  /**
   * Handles all of one case's events in a batch at once, in order, as one change (one read,
   * one write). If that fails (an event that cannot be handled), the events are handled one by
   * one, so a message that can never succeed fails alone.
   */
  handleCase?: (events: EventOf<C>[]) => Promise<Effect>;
  /** Where conflicts, dead-lettered messages and dispatch times are counted (see metrics.ts). */
  metrics?: OperatorMetrics;
}

/** Attempts at an optimistic write before the record is failed back to the queue. */
const conflictRetries = 8;

/**
 * An SQS consumer that handles each record once in effect: the record's state change and the
 * events it emits commit together, in one write (ADR 0023). `handle` makes a redelivery change nothing: it
 * reads the state the event would change and returns no writes when the event is already in
 * it (the case's history, record or dispute), so no inbox marker is kept. A record that throws
 * fails alone (batchItemFailures) and, after the queue's maxReceiveCount, lands in the DLQ.
 */
export function sqsConsumer<C extends EventContract<string, number, z.ZodType>>(options: ConsumerOptions<C>) {
  const { accepted, handle, doc, tableName, logger, metrics } = options;
  const deadLetter = options.deadLetter ?? deadLetterQueueFromEnv(process.env);

  const handleCase = options.handleCase;
  const eventOf = (record: SQSRecord) => parseEvent(record.body, accepted);

  async function handleRecord(record: SQSRecord): Promise<void> {
    const event = eventOf(record);
    await commit([event], () => handle(event));
  }

  /** Commits what `decide` makes of the events, retrying a conflict with what is there now. */
  async function commit(events: EventOf<C>[], decide: () => Promise<Effect>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const effect = await decide();
      const items = withEvents(tableName, effect.writes, effect.emit);
      // Nothing to change: a redelivery.
      if (items.length === 0) return;
      try {
        await writeAtomically(doc, items);
        if (metrics) for (const e of events) countDispatchTime(metrics, e, effect.emit);
        return;
      } catch (error) {
        if (!isWriteConflict(error)) throw error;
        // Someone changed what `handle` read (another event of the same case): read again and retry,
        // a few times here before leaving it to the queue's redelivery.
        metrics?.addMetric(operatorMetrics.writeConflicts, MetricUnit.Count, 1);
        if (attempt >= conflictRetries) throw error;
        // Stryker disable next-line ArithmeticOperator: only how long a retry waits (a jittered few ms) changes, which no test should time.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
      }
    }
  }

  async function handleRecordLogged(record: SQSRecord): Promise<void> {
    try {
      await handleRecord(record);
    } catch (error) {
      const reason = errorName(error);
      if (deadLetter?.isLastTry(record)) {
        // Its last try: park it in the DLQ with the reason (and let it go from the queue); if that fails, the queue's redrive still moves it.
        await deadLetter.park(record, reason).catch(() => {
          throw error;
        });
        logger.error('record failed its last try; parked in the dead-letter queue', { messageId: record.messageId, error: reason });
        metrics?.addMetric(operatorMetrics.deadLettered, MetricUnit.Count, 1);
        return;
      }
      // The record goes back to the queue (and, after maxReceiveCount, to the DLQ): say why.
      logger.warn('record failed; it will be redelivered', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: reason });
      throw error;
    }
  }

  /** A case's records as one change when the consumer can (`handleCase`); else, or if that fails, one by one. */
  async function handleGroup(Records: SQSRecord[], context: Context): Promise<SQSBatchResponse> {
    if (handleCase && Records.length > 1) {
      try {
        // A message delivered twice in one batch is one event.
        const events = [...new Map(Records.map(eventOf).map((e) => [e.eventId, e])).values()];
        await commit(events, () => handleCase(events));
        return { batchItemFailures: [] };
      } catch (error) {
        logger.warn('a case’s events failed together; handling them one by one', { events: Records.length, error: errorName(error) });
      }
    }
    return processPartialResponse({ Records }, handleRecordLogged, new BatchProcessor(EventType.SQS), { context, processInParallel: false, throwOnFullBatchFailure: false });
  }

  // Events of one case in a batch run one after another, or as one change (they would only
  // collide on the case's version check and wait out retries); different cases run side by side.
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const responses = await Promise.all(groupByCase(event.Records).map((Records) => handleGroup(Records, context)));
    if (metrics) flushMetrics(metrics);
    return { batchItemFailures: responses.flatMap((r) => r.batchItemFailures) };
  };
}

/** Records grouped by the case their event is about, in arrival order; an unreadable record is a group of its own. */
export function groupByCase(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    let key = `message:${record.messageId}`;
    try {
      const caseId = (JSON.parse(record.body) as { caseId?: unknown }).caseId;
      if (typeof caseId === 'string') key = `case:${caseId}`;
    } catch {
      // Not JSON: it fails alone when handled.
    }
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()];
}
