import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  invoke: (event: SQSEvent) => Promise<SQSBatchResponse | null | undefined>;
  /** Batches in flight at once, like a Lambda event-source mapping's concurrency. */
  concurrency: number;
  /** Longest idle back-off between empty short polls. */
  maxIdleMs: number;
  /** Like the mapping's MaximumBatchingWindowInSeconds: after a first message, gather more for up to this long (or a full batch). */
  batchingWindowMs?: number;
  /** Hand every batch to the function twice before deleting: at-least-once delivery at its worst. */
  duplicateDeliveries?: boolean;
  onError?: (error: unknown) => void;
}

export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        { dataType: v.DataType ?? 'String', stringValue: v.StringValue, binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined, stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/**
 * An SQS event-source mapping: short-polls the queue (the local server mishandles long
 * polls), invokes the function with a real SQSEvent, deletes what succeeded and leaves
 * the reported failures to come back after the visibility timeout. A thrown invocation
 * or an unknown itemIdentifier fails the whole batch, as in Lambda. The queue's redrive
 * policy moves a message to its DLQ after maxReceiveCount receives.
 */
export class QueuePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Stops polling and waits for the batches in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  private async loop(): Promise<void> {
    let idleMs = 5;
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.pollOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (handled > 0) {
        idleMs = 5;
        continue;
      }
      await new Promise((r) => setTimeout(r, idleMs));
      idleMs = Math.min(idleMs * 2, this.options.maxIdleMs);
    }
  }

  async pollOnce(): Promise<number> {
    const { sqs, queueUrl, queueArn, batchSize } = this.options;
    const receive = async (max: number) =>
      (
        await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(max, 10),
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
            // The emulator reads only the older name; without it every receive would look like the first.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        )
      ).Messages ?? [];
    const messages = await receive(batchSize);
    if (messages.length === 0) return 0;
    // A batching window: the events that follow (often the same case's) join this batch.
    const windowEnds = Date.now() + (this.options.batchingWindowMs ?? 0);
    while (messages.length < batchSize && Date.now() < windowEnds && this.running) {
      const more = await receive(batchSize - messages.length);
      if (more.length > 0) messages.push(...more);
      else await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, windowEnds - Date.now()))));
    }
    this.inFlight++;
    try {
      const event: SQSEvent = { Records: messages.map((m) => toSqsRecord(m, queueArn)) };
      const failed = await this.deliver(event);
      if (failed === 'all') return messages.length;
      const succeeded = messages.filter((m) => !failed.has(m.MessageId!));
      if (succeeded.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      return messages.length;
    } finally {
      this.inFlight--;
    }
  }

  private async deliver(event: SQSEvent): Promise<Set<string> | 'all'> {
    const times = this.options.duplicateDeliveries ? 2 : 1;
    const failed = new Set<string>();
    const ids = new Set(event.Records.map((r) => r.messageId));
    for (let i = 0; i < times; i++) {
      let response: SQSBatchResponse | null | undefined;
      try {
        response = await this.options.invoke(event);
      } catch (error) {
        this.options.onError?.(error);
        return 'all';
      }
      for (const item of response?.batchItemFailures ?? []) {
        if (!ids.has(item.itemIdentifier)) return 'all';
        failed.add(item.itemIdentifier);
      }
    }
    return failed;
  }
}
