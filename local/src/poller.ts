import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  invoke: (event: SQSEvent) => Promise<SQSBatchResponse | null | undefined>;
  /** The queue's visibility timeout: a message in a running batch or waiting for its FIFO group is kept hidden this long at a time. */
  visibilityTimeoutSeconds: number;
  /** Batches in flight at once, like a Lambda event-source mapping's concurrency. */
  concurrency: number;
  /** Longest idle back-off between empty short polls. */
  maxIdleMs: number;
  /** Resolves when a message is sent to the queue or after the given time, whichever is first (without it, the back-off is a plain wait). */
  idle?: (ms: number) => Promise<void>;
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
      // A FIFO queue's messages carry their group, deduplication id and sequence number, as Lambda passes them.
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId, MessageDeduplicationId: attributes.MessageDeduplicationId, SequenceNumber: attributes.SequenceNumber } : {}),
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
 * policy moves a message to its DLQ after maxReceiveCount receives. On a FIFO queue a
 * message group is in one batch at a time, as Lambda keeps it (the local server does not
 * hold a group back while an earlier message of it is in flight, so the poller does).
 */
export class QueuePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  /** FIFO message groups in a batch now, each with the promise that settles when that batch is done. */
  private readonly groupsInFlight = new Map<string, Promise<void>>();

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
      await (this.options.idle?.(idleMs) ?? new Promise((r) => setTimeout(r, idleMs)));
      idleMs = Math.min(idleMs * 2, this.options.maxIdleMs);
    }
  }

  async pollOnce(): Promise<number> {
    const { sqs, queueUrl, batchSize } = this.options;
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
      await this.handInByGroup(messages);
      return messages.length;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Hands the function the messages whose FIFO group no other batch holds; the others follow,
   * as a batch of their own, when their group comes free (SQS would not have handed them out
   * before). A part waits only while it holds no group, so two never wait on each other.
   */
  private async handInByGroup(messages: Message[]): Promise<void> {
    const groupOf = (m: Message) => m.Attributes?.MessageGroupId;
    const parts: Promise<void>[] = [];
    let waiting = messages;
    while (waiting.length > 0) {
      const free = waiting.filter((m) => !this.groupsInFlight.has(groupOf(m) ?? ''));
      if (free.length > 0) {
        const part = this.handIn(free);
        // Awaited below; until then a failure must not count as unhandled (it would end the process).
        part.catch(() => {});
        parts.push(part);
        waiting = waiting.filter((m) => !free.includes(m));
      } else {
        await this.keepHiddenUntil(waiting, Promise.race(waiting.map((m) => this.groupsInFlight.get(groupOf(m)!))));
      }
    }
    await Promise.all(parts);
  }

  /**
   * Keeps messages hidden until `free` settles: a batch while its invocation runs, or messages
   * whose group is busy (SQS would not have handed those out, nor counted the receive). Their
   * visibility is extended at half the timeout, so they neither come back to another poller nor
   * climb towards the queue's maxReceiveCount (and its DLQ) by waiting.
   */
  private async keepHiddenUntil(messages: Message[], free: Promise<unknown>): Promise<void> {
    const { sqs, queueUrl, visibilityTimeoutSeconds } = this.options;
    let done = false;
    void free.then(() => (done = true));
    while (!done) {
      let timer: NodeJS.Timeout | undefined;
      const extendAt = new Promise<void>((r) => (timer = setTimeout(r, (visibilityTimeoutSeconds * 1000) / 2)));
      await Promise.race([free, extendAt]);
      clearTimeout(timer);
      if (done) return;
      for (let i = 0; i < messages.length; i += 10) {
        await sqs
          .send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: visibilityTimeoutSeconds })),
            }),
          )
          .catch((error: unknown) => this.options.onError?.(error));
      }
    }
  }

  /** One invocation with these messages (their groups held meanwhile); deletes what succeeded. */
  private async handIn(messages: Message[]): Promise<void> {
    const { sqs, queueUrl, queueArn } = this.options;
    const groups = [...new Set(messages.map((m) => m.Attributes?.MessageGroupId).filter((g): g is string => g !== undefined))];
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    // Held before the first await, so the caller's next look at the groups already sees them.
    for (const group of groups) this.groupsInFlight.set(group, done);
    try {
      // AWS refuses a mapping whose queue hides a message for less than the function may run, so a
      // running batch never comes back to another; the tests' queues hide for a second (failures come
      // back fast), so the mapping keeps a running batch hidden itself, done before anything is deleted.
      const delivered = this.deliver({ Records: messages.map((m) => toSqsRecord(m, queueArn)) });
      await this.keepHiddenUntil(messages, delivered);
      const failed = await delivered;
      if (failed === 'all') return;
      const succeeded = messages.filter((m) => !failed.has(m.MessageId!));
      if (succeeded.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    } finally {
      for (const group of groups) this.groupsInFlight.delete(group);
      release();
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
