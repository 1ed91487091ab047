import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { caseNoticeIssuedV1, caseReceivedV1, parseEvent } from '@govflow/contracts';
import { errorName, groupByCase, type DeadLetterQueue } from '@govflow/platform';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { arrivingNotice, type CallbackDelivery } from './callbacks-delivery';

export const callbacksAccept = [caseReceivedV1, caseNoticeIssuedV1] as const;

/**
 * The callbacks queue's consumer: each notice to its partner's endpoints. Idempotent by the
 * delivery streams themselves (a notice already queued or delivered changes nothing), so no
 * inbox marker. One case's notices in a batch run one after another, cases side by side.
 */
export function createCallbacksConsumer(deps: { delivery: CallbackDelivery; logger: Logger; deadLetter?: DeadLetterQueue }) {
  async function handleRecord(record: SQSRecord): Promise<void> {
    try {
      await deps.delivery.handle(arrivingNotice(parseEvent(record.body, callbacksAccept)));
    } catch (error) {
      const reason = errorName(error);
      if (deps.deadLetter?.isLastTry(record)) {
        await deps.deadLetter.park(record, reason).catch(() => {
          throw error;
        });
        deps.logger.error('notice failed its last try; parked in the dead-letter queue', { messageId: record.messageId, error: reason });
        return;
      }
      deps.logger.warn('notice failed; it will be redelivered', { messageId: record.messageId, error: reason });
      throw error;
    }
  }
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const responses = await Promise.all(
      groupByCase(event.Records).map((Records) =>
        processPartialResponse({ Records }, handleRecord, new BatchProcessor(EventType.SQS), { context, processInParallel: false, throwOnFullBatchFailure: false }),
      ),
    );
    return { batchItemFailures: responses.flatMap((r) => r.batchItemFailures) };
  };
}
