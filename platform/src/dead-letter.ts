import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { createSqsClient } from './aws';
import { fifoFields } from './message-groups';

/** Message attributes a dead letter carries: why it failed, where from, when, after how many tries. */
export const deadLetterAttributes = { reason: 'failureReason', source: 'sourceQueue', at: 'failedAt', receives: 'receiveCount' } as const;

/**
 * Where a consumer puts a message that failed its last allowed try, with the reason — the
 * queue's own redrive (which moves it without one) stays as the backstop.
 */
export class DeadLetterQueue {
  constructor(
    readonly queueUrl: string,
    readonly maxReceiveCount: number,
    private readonly sqs: SQSClient = createSqsClient(),
  ) {}

  isLastTry(record: SQSRecord): boolean {
    return Number(record.attributes.ApproximateReceiveCount) >= this.maxReceiveCount;
  }

  async park(record: SQSRecord, reason: string, now = new Date()): Promise<void> {
    const text = (value: string) => ({ DataType: 'String', StringValue: value });
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: record.body,
        ...fifoFields(this.queueUrl, record.body, { resend: true }),
        MessageAttributes: {
          ...Object.fromEntries(
            Object.entries(record.messageAttributes ?? {})
              .filter(([, a]) => a.stringValue !== undefined)
              .map(([name, a]) => [name, text(a.stringValue!)]),
          ),
          [deadLetterAttributes.reason]: text(reason.slice(0, 1000)),
          [deadLetterAttributes.source]: text(record.eventSourceARN ?? 'unknown'),
          [deadLetterAttributes.at]: text(now.toISOString()),
          [deadLetterAttributes.receives]: text(record.attributes.ApproximateReceiveCount),
        },
      }),
    );
  }
}

/** The function's dead-letter queue from DEAD_LETTER_QUEUE_URL and MAX_RECEIVE_COUNT, when it has one. */
export function deadLetterQueueFromEnv(env: NodeJS.ProcessEnv): DeadLetterQueue | undefined {
  const url = env.DEAD_LETTER_QUEUE_URL;
  const max = Number(env.MAX_RECEIVE_COUNT);
  return url && Number.isInteger(max) && max > 0 ? new DeadLetterQueue(url, max) : undefined;
}
