/**
 * `npm run dlq -- list | show <stage> [--limit N] | redrive <stage> [--id <messageId>]`
 *
 * The dead-letter queues: how many messages wait in each and for how long, what they are
 * and why they failed (the consumer parks a message with its reason on its last try), and
 * sending them back to their queue once the cause is fixed. Against the local system it
 * reads the queue URLs from .data/local.json; against AWS give them, with credentials in the
 * environment as usual: `--dlq-url <url> --source-url <url>` (for show/redrive) or
 * `--dlq-url <url> …` (for list).
 */
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { deadLetterAttributes } from '@govflow/platform/dead-letter';
import { fifoFields } from '@govflow/platform/message-groups';
import { readLocalInfo } from './local-client';

const [command, stageArg] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const flag = (name: string) => {
  const values = process.argv.flatMap((a, i, all) => (a === `--${name}` && all[i + 1] ? [all[i + 1]!] : []));
  return values;
};

interface Pair {
  stage: string;
  dlqUrl: string;
  sourceUrl?: string;
}

function queues(): { sqs: SQSClient; pairs: Pair[] } {
  const given = flag('dlq-url');
  if (given.length > 0) {
    const source = flag('source-url')[0];
    return { sqs: new SQSClient({}), pairs: given.map((url) => ({ stage: url.split('/').pop()!, dlqUrl: url, sourceUrl: source })) };
  }
  const info = readLocalInfo();
  if (!info.dlqUrls || !info.queueUrls || !info.endpoints) throw new Error('.data/local.json has no queue URLs: start the system with `npm start`');
  const sqs = new SQSClient({ endpoint: info.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { sqs, pairs: Object.entries(info.dlqUrls).map(([stage, dlqUrl]) => ({ stage, dlqUrl, sourceUrl: info.queueUrls![stage] })) };
}

function pick(pairs: Pair[]): Pair {
  const pair = pairs.length === 1 && !stageArg ? pairs[0] : pairs.find((p) => p.stage === stageArg);
  if (!pair) throw new Error(`name a stage: ${pairs.map((p) => p.stage).join(', ')}`);
  return pair;
}

/** Reads up to `limit` messages; `holdSeconds` 0 leaves them visible (a look), more keeps them for the caller to act on. */
async function read(sqs: SQSClient, url: string, limit: number, holdSeconds: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (let round = 0; round < Math.ceil(limit / 10) + 2 && seen.size < limit; round++) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: holdSeconds, AttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const fresh = (out.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId!, m);
  }
  return [...seen.values()].slice(0, limit);
}

function describe(m: Message) {
  let event: { type?: string; caseId?: string; eventId?: string } = {};
  try {
    event = JSON.parse(m.Body ?? '') as typeof event;
  } catch {
    // Not an event at all: shown as such.
  }
  const attr = (name: string) => m.MessageAttributes?.[name]?.StringValue;
  return {
    messageId: m.MessageId,
    event: event.type ? `${event.type} ${event.eventId}` : '(not an event)',
    caseId: event.caseId,
    reason: attr(deadLetterAttributes.reason) ?? '(moved by the queue: see the consumer’s logs for this message id)',
    failedAt: attr(deadLetterAttributes.at),
    receives: attr(deadLetterAttributes.receives) ?? m.Attributes?.ApproximateReceiveCount,
  };
}

const { sqs, pairs } = queues();
switch (command) {
  case 'list': {
    for (const pair of pairs) {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: pair.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      const oldest = (await read(sqs, pair.dlqUrl, 10, 0)).map((m) => Number(m.Attributes?.SentTimestamp ?? Date.now())).sort()[0];
      const waiting = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
      console.log(`${pair.stage.padEnd(12)} ${String(waiting).padStart(5)} message(s)${oldest ? `, oldest ${Math.round((Date.now() - oldest) / 60_000)} min` : ''}`);
    }
    break;
  }
  case 'show': {
    const pair = pick(pairs);
    const messages = await read(sqs, pair.dlqUrl, Number(flag('limit')[0] ?? 20), 0);
    for (const m of messages) console.log(JSON.stringify(describe(m)));
    if (messages.length === 0) console.log(`${pair.stage}: the dead-letter queue is empty`);
    break;
  }
  case 'redrive': {
    const pair = pick(pairs);
    if (!pair.sourceUrl) throw new Error('give --source-url, the queue to send the messages back to');
    const only = flag('id')[0];
    let moved = 0;
    for (const m of await read(sqs, pair.dlqUrl, 1000, 60)) {
      if (only && m.MessageId !== only) continue;
      // Back as it first came: the dead-letter notes stay behind.
      const attributes = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).filter(([name]) => !(Object.values(deadLetterAttributes) as string[]).includes(name))) as Record<string, MessageAttributeValue>;
      await sqs.send(new SendMessageCommand({ QueueUrl: pair.sourceUrl, MessageBody: m.Body ?? '', MessageAttributes: Object.keys(attributes).length ? attributes : undefined, ...fifoFields(pair.sourceUrl, m.Body ?? '', { resend: true }) }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: pair.dlqUrl, ReceiptHandle: m.ReceiptHandle }));
      moved++;
    }
    console.log(`${pair.stage}: ${moved} message(s) sent back to their queue`);
    break;
  }
  default:
    console.log('usage: npm run dlq -- list | show <stage> [--limit N] | redrive <stage> [--id <messageId>]   (AWS: add --dlq-url <url> [--source-url <url>])');
    process.exitCode = command ? 2 : 0;
}
