import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { subscribersOf, type Envelope, type QueueName } from '@govflow/contracts';
import { fifoFields } from './message-groups';

export interface EventPublisher {
  /** Sends every event to each subscribing queue; throws unless all were accepted. */
  publish(events: readonly Envelope[]): Promise<void>;
}

export class PublishError extends Error {
  override name = 'PublishError';
}

const sqsBatchLimit = 10;

export class SqsEventPublisher implements EventPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Partial<Record<QueueName, string>>,
  ) {}

  async publish(events: readonly Envelope[]): Promise<void> {
    const byQueue = new Map<string, Envelope[]>();
    for (const event of events) {
      for (const queue of subscribersOf(event)) {
        const url = this.queueUrls[queue];
        if (!url) throw new PublishError(`no queue URL for ${queue}, a subscriber of ${event.type}`);
        const queued = byQueue.get(url);
        if (queued) queued.push(event);
        else byQueue.set(url, [event]);
      }
    }
    // Queues side by side; one queue's batches one after another, so a case's events keep their order on a FIFO queue.
    const results = await Promise.allSettled(
      [...byQueue].map(async ([url, queued]) => {
        for (let i = 0; i < queued.length; i += sqsBatchLimit) await this.sendBatch(url, queued.slice(i, i + sqsBatchLimit));
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async sendBatch(queueUrl: string, events: Envelope[]): Promise<void> {
    const out = await this.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: events.map((e, i) => {
          const body = JSON.stringify(e);
          return { Id: String(i), MessageBody: body, MessageAttributes: { eventType: { DataType: 'String', StringValue: e.type } }, ...fifoFields(queueUrl, body) };
        }),
      }),
    );
    if (out.Failed && out.Failed.length > 0) {
      throw new PublishError(`queue refused ${out.Failed.length} message(s): ${out.Failed[0]?.Code ?? 'unknown'}`);
    }
  }
}
