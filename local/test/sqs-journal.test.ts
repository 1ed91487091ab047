import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

const dir = mkdtempSync(join(tmpdir(), 'govflow-journal-'));
const journal = join(dir, 'sqs-journal.ndjson');
const opened: EmbeddedServers[] = [];

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

async function start() {
  const servers = await startEmbeddedServers({ sqsJournalPath: journal });
  opened.push(servers);
  const sqs = new SQSClient({ endpoint: servers.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work' }));
  return { servers, sqs, url: QueueUrl! };
}

describe('the SQS journal', () => {
  it('keeps every accepted, undeleted message across a restart of the in-memory server, and nothing deleted', async () => {
    const first = await start();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.url, MessageBody: 'one' }));
    await first.sqs.send(new SendMessageBatchCommand({ QueueUrl: first.url, Entries: ['two', 'three', 'four'].map((b, i) => ({ Id: String(i), MessageBody: b, MessageAttributes: { kind: { DataType: 'String', StringValue: b } } })) }));
    const received = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: first.url, MaxNumberOfMessages: 10 }));
    const byBody = new Map((received.Messages ?? []).map((m) => [m.Body!, m.ReceiptHandle!]));
    expect([...byBody.keys()].sort()).toEqual(['four', 'one', 'three', 'two']);
    await first.sqs.send(new DeleteMessageCommand({ QueueUrl: first.url, ReceiptHandle: byBody.get('one') }));
    await first.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: first.url, Entries: [{ Id: 'a', ReceiptHandle: byBody.get('three')! }] }));
    // The process dies here: nothing is closed or flushed.
    first.sqs.destroy();

    const second = await start();
    const resent: { queue: string; body: string; attributes?: Record<string, unknown> }[] = [];
    expect(await second.servers.resendUndelivered(async (queue, body, attributes) => void resent.push({ queue, body, attributes }))).toBe(2);
    expect(resent.map((m) => m.body).sort()).toEqual(['four', 'two']);
    expect(resent.find((m) => m.body === 'two')?.attributes).toEqual({ kind: { DataType: 'String', StringValue: 'two' } });
    // Once sent again they are retired under their old ids: a third start sends nothing twice.
    const third = await start();
    expect(await third.servers.resendUndelivered(async () => undefined)).toBe(0);
    expect(readFileSync(journal, 'utf8')).toBe('');
  });
});
