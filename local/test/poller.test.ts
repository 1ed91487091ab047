import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeMessageVisibilityCommand, CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { QueuePoller } from '../src/poller';
import { QueueSignals } from '../src/queue-signals';
import { queueArn } from '../src/resources';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

let servers: EmbeddedServers;
let sqs: SQSClient;

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  sqs = new SQSClient({ endpoint: servers.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});

afterAll(async () => {
  await servers?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Messages in a queue, visible or in flight. */
async function depth(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

/** A queue hiding a received message for a second, whose redrive moves a message to its DLQ after `maxReceiveCount` receives. */
async function queueWithDeadLetters(name: string, maxReceiveCount: number): Promise<{ queue: string; dlq: string }> {
  const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
  const queue = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ maxReceiveCount, deadLetterTargetArn: await queueArn(sqs, dlq) }) },
      }),
    )
  ).QueueUrl!;
  return { queue, dlq };
}

describe('the SQS event-source poller', () => {
  it('deletes what succeeded, redelivers only the reported failure, and the queue moves it to the DLQ', async () => {
    const { queue, dlq } = await queueWithDeadLetters('poller', 3);
    const seen = new Map<string, number>();
    const invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      for (const r of event.Records) seen.set(r.body, (seen.get(r.body) ?? 0) + 1);
      return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
    };
    const poller = new QueuePoller({ sqs, queueUrl: queue, queueArn: await queueArn(sqs, queue), batchSize: 10, visibilityTimeoutSeconds: 1, invoke, concurrency: 1, maxIdleMs: 50 });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: ['a', 'b', 'poison', 'c'].map((body, i) => ({ Id: String(i), MessageBody: body })) }));
    poller.start();
    await until(async () => (await depth(dlq)) === 1, 15_000);
    await poller.stop();
    expect(await depth(queue)).toBe(0);
    expect([seen.get('a'), seen.get('b'), seen.get('c')]).toEqual([1, 1, 1]);
    expect(seen.get('poison')).toBe(3);
  });

  it('on a FIFO queue hands a message group to one batch at a time, in order, while other groups run side by side', async () => {
    const queue = (await sqs.send(new CreateQueueCommand({ QueueName: 'poller-ordered.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '30' } }))).QueueUrl!;
    const groups = ['case-a', 'case-b', 'case-c'];
    for (let step = 0; step < 6; step++) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue,
          Entries: groups.map((group, i) => ({ Id: String(i), MessageBody: `${group}:${step}`, MessageGroupId: group, MessageDeduplicationId: `${group}-${step}` })),
        }),
      );
    }
    const active = new Set<string>();
    const overlaps: string[] = [];
    const order = new Map<string, number[]>();
    let batchesAtOnce = 0;
    let mostBatchesAtOnce = 0;
    const invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const mine = [...new Set(event.Records.map((r) => r.attributes.MessageGroupId!))];
      for (const group of mine) if (active.has(group)) overlaps.push(group);
      mine.forEach((g) => active.add(g));
      mostBatchesAtOnce = Math.max(mostBatchesAtOnce, ++batchesAtOnce);
      await new Promise((r) => setTimeout(r, 30));
      for (const r of event.Records) {
        const [group, step] = r.body.split(':');
        order.set(group!, [...(order.get(group!) ?? []), Number(step)]);
      }
      mine.forEach((g) => active.delete(g));
      batchesAtOnce--;
      return { batchItemFailures: [] };
    };
    // One message a batch, four batches at once: without holding groups, one case would be in two batches together.
    const poller = new QueuePoller({ sqs, queueUrl: queue, queueArn: await queueArn(sqs, queue), batchSize: 1, visibilityTimeoutSeconds: 30, invoke, concurrency: 4, maxIdleMs: 20 });
    poller.start();
    await until(async () => [...order.values()].reduce((n, steps) => n + steps.length, 0) === 18, 15_000);
    await poller.stop();
    expect(overlaps).toEqual([]);
    for (const group of groups) expect(order.get(group)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostBatchesAtOnce).toBeGreaterThan(1);
  });

  it('keeps a running batch hidden however long its invocation takes: no second batch gets it, nor does its receive count climb', async () => {
    // AWS refuses a mapping whose queue's visibility timeout is shorter than the function's timeout; the
    // tests' queues time out in a second (so failures come back fast), and a slow invocation on a loaded
    // machine must not see its messages handed to another batch meanwhile, on their way to the DLQ.
    const queue = (await sqs.send(new CreateQueueCommand({ QueueName: 'poller-slow', Attributes: { VisibilityTimeout: '1' } }))).QueueUrl!;
    const receives: string[] = [];
    let invocations = 0;
    const invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      invocations++;
      receives.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      await new Promise((r) => setTimeout(r, 2_600));
      return { batchItemFailures: [] };
    };
    const poller = new QueuePoller({ sqs, queueUrl: queue, queueArn: await queueArn(sqs, queue), batchSize: 10, visibilityTimeoutSeconds: 1, invoke, concurrency: 3, maxIdleMs: 20 });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: [{ Id: '0', MessageBody: 'slow' }] }));
    poller.start();
    await until(async () => (await depth(queue)) === 0, 15_000);
    await poller.stop();
    expect(invocations).toBe(1);
    expect(receives).toEqual(['1']);
  }, 20_000);

  it('a batch kept hidden for several timeouts that then fails comes back to the function, not to the DLQ', async () => {
    // The emulator once counted each visibility change as a receive: a batch held 2.6 s on a 1-s queue
    // reached maxReceiveCount unseen, and its first failure sent it to the DLQ without a last try (ADR 0002).
    const { queue, dlq } = await queueWithDeadLetters('poller-held', 3);
    const receives: string[] = [];
    const invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      receives.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      if (receives.length > 1) return { batchItemFailures: [] };
      await new Promise((r) => setTimeout(r, 2_600));
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    };
    const poller = new QueuePoller({ sqs, queueUrl: queue, queueArn: await queueArn(sqs, queue), batchSize: 10, visibilityTimeoutSeconds: 1, invoke, concurrency: 2, maxIdleMs: 20 });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: [{ Id: '0', MessageBody: 'held' }] }));
    poller.start();
    await until(async () => receives.length === 2 || (await depth(dlq)) > 0, 15_000);
    await until(async () => (await depth(queue)) === 0, 15_000);
    await poller.stop();
    expect(receives).toEqual(['1', '2']);
    expect(await depth(dlq)).toBe(0);
  }, 40_000);

  it('keeps a message that waits for its FIFO group hidden: it is not handed out twice nor counted as received again', async () => {
    const queue = (await sqs.send(new CreateQueueCommand({ QueueName: 'poller-waiting.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '1' } }))).QueueUrl!;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue,
        Entries: ['slow', 'next'].map((body, i) => ({ Id: String(i), MessageBody: body, MessageGroupId: 'case-a', MessageDeduplicationId: body })),
      }),
    );
    const handed: { body: string; receives: string }[] = [];
    const invoke = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      for (const r of event.Records) handed.push({ body: r.body, receives: r.attributes.ApproximateReceiveCount });
      const slow = event.Records.find((r) => r.body === 'slow');
      if (slow) {
        // A long handler keeps its own message hidden; `next` waits behind it for over two visibility timeouts.
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: slow.receiptHandle, VisibilityTimeout: 30 }));
        await new Promise((r) => setTimeout(r, 2500));
      }
      return { batchItemFailures: [] };
    };
    const poller = new QueuePoller({ sqs, queueUrl: queue, queueArn: await queueArn(sqs, queue), batchSize: 1, visibilityTimeoutSeconds: 1, invoke, concurrency: 3, maxIdleMs: 20 });
    poller.start();
    await until(async () => handed.some((h) => h.body === 'next'), 15_000);
    // Time for a copy that came back to be handed out again, were it not kept hidden.
    await new Promise((r) => setTimeout(r, 1500));
    await poller.stop();
    // (`slow` itself may come back if its handler starts later than its first second on a loaded machine: not what is tested here.)
    expect(handed.filter((h) => h.body === 'next')).toEqual([{ body: 'next', receives: '1' }]);
  });
});

describe('waking idle pollers', () => {
  it('a send wakes an idle poller of its queue at once, however long its back-off, and one poller per message', async () => {
    const signals = new QueueSignals();
    const own = await startEmbeddedServers({ signals });
    const client = new SQSClient({ endpoint: own.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    try {
      const queue = (await client.send(new CreateQueueCommand({ QueueName: 'woken' }))).QueueUrl!;
      const other = (await client.send(new CreateQueueCommand({ QueueName: 'other' }))).QueueUrl!;
      const arrived: string[] = [];
      let receives = 0;
      let idlePollers = 0;
      const counting = new SQSClient({ endpoint: own.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
      counting.middlewareStack.add((next, context) => async (args) => ((receives += context.commandName === 'ReceiveMessageCommand' ? 1 : 0), next(args)), { step: 'initialize' });
      const poller = new QueuePoller({
        sqs: counting,
        queueUrl: queue,
        queueArn: await queueArn(client, queue),
        batchSize: 10,
        visibilityTimeoutSeconds: 30,
        invoke: async (event) => (arrived.push(...event.Records.map((r) => r.body)), { batchItemFailures: [] }),
        concurrency: 3,
        maxIdleMs: 60_000,
        // Every idle wait lasts a minute unless a send ends it: a message that arrives within the
        // test's deadline was fetched by a woken poller, however loaded the machine.
        idle: async () => {
          idlePollers++;
          await signals.next('woken', 60_000);
          idlePollers--;
        },
      });
      poller.start();
      await until(async () => idlePollers === 3, 5_000);
      // A send to another queue wakes none of them.
      await client.send(new SendMessageBatchCommand({ QueueUrl: other, Entries: [{ Id: '0', MessageBody: 'elsewhere' }] }));
      const receivesBefore = receives;
      expect(idlePollers).toBe(3);
      await client.send(new SendMessageBatchCommand({ QueueUrl: queue, Entries: [{ Id: '0', MessageBody: 'now' }] }));
      await until(async () => arrived.length === 1, 10_000);
      expect(arrived).toEqual(['now']);
      // One message woke one poller (its receive, and the look for more that follows a handed-in batch), not all three.
      await until(async () => idlePollers === 3, 5_000);
      expect(receives - receivesBefore).toBeLessThanOrEqual(2);
      const stopping = poller.stop();
      signals.wakeAll();
      await stopping;
    } finally {
      await own.close();
    }
  });
});
