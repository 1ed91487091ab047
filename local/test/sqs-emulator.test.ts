import { afterAll, describe, expect, it } from 'vitest';
import { ChangeMessageVisibilityBatchCommand, ChangeMessageVisibilityCommand, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

const opened: EmbeddedServers[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

async function queueWithDeadLetters(fifo: boolean) {
  const servers = await startEmbeddedServers({});
  opened.push(servers);
  const sqs = new SQSClient({ endpoint: servers.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const suffix = fifo ? '.fifo' : '';
  const fifoAttributes = fifo ? { FifoQueue: 'true' } : {};
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `dead${suffix}`, Attributes: fifoAttributes }))).QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const url = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `work${suffix}`,
        Attributes: { ...fifoAttributes, VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ maxReceiveCount: 2, deadLetterTargetArn: dlqArn }) },
      }),
    )
  ).QueueUrl!;
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job', ...(fifo ? { MessageGroupId: 'g', MessageDeduplicationId: 'd' } : {}) }));
  return { sqs, url, dlq };
}

/** Receives from the queue until a message comes (it may be hidden for a while), or fails after the deadline. */
async function receiveWithin(sqs: SQSClient, url: string, ms: number): Promise<Message | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'], AttributeNames: ['All'] }))).Messages ?? [];
    if (message) return message;
  }
  return undefined;
}

describe('the embedded SQS server', () => {
  for (const fifo of [false, true]) {
    it(`counts receives, not visibility changes, towards the redrive (${fifo ? 'FIFO' : 'standard'} queue)`, async () => {
      const { sqs, url, dlq } = await queueWithDeadLetters(fifo);
      const first = (await receiveWithin(sqs, url, 2_000))!;
      expect(first.Attributes?.ApproximateReceiveCount).toBe('1');
      // Kept hidden while "its invocation runs": more changes than maxReceiveCount allows receives.
      for (let i = 0; i < 3; i++) await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle!, VisibilityTimeout: 1 }));
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: [{ Id: '0', ReceiptHandle: first.ReceiptHandle!, VisibilityTimeout: 1 }] }));

      // Not handled: it comes back to its queue as received once, not to the DLQ.
      const second = await receiveWithin(sqs, url, 5_000);
      expect(second?.Body).toBe('job');
      expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
      // Failed again at its second receive: now the redrive moves it.
      const dead = await receiveWithin(sqs, dlq, 5_000);
      expect(dead?.Body).toBe('job');
      expect(await receiveWithin(sqs, url, 1_500)).toBeUndefined();
    }, 20_000);
  }
});
