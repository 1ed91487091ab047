import { describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ReportingRepository } from '../src/adapters/repository';
import { bj, CaseStory } from './fixtures';

/** A client that answers each BatchWriteItem with what `unprocessed` leaves out of it, and records the requests. */
function batchClient(unprocessed: (n: number, requests: unknown[]) => unknown[]) {
  const calls: { command: string; keys: string[] }[] = [];
  const doc = {
    send: async (command: { constructor: { name: string }; input: { RequestItems: Record<string, { PutRequest: { Item: { sk: string } } }[]> } }) => {
      const requests = command.input.RequestItems.t!;
      calls.push({ command: command.constructor.name, keys: requests.map((r) => r.PutRequest.Item.sk) });
      const left = unprocessed(calls.length, requests);
      return left.length > 0 ? { UnprocessedItems: { t: left } } : {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, calls };
}

const at = (local: string) => bj(local).toISOString();
const run = new CaseStory('A', at('2026-11-23T09:00:00')).received().classified(at('2026-11-23T09:00:01')).dispatched(at('2026-11-23T09:00:01')).events;

describe('the event archive', () => {
  it('keeps a case’s run of events in one request, each event once', async () => {
    const { doc, calls } = batchClient(() => []);
    await new ReportingRepository(doc, 't').archive([...run, run[1]!]);
    expect(calls).toEqual([{ command: 'BatchWriteCommand', keys: run.map((e) => `${e.occurredAt}#${e.eventId}`) }]);
  });

  it('sends again what DynamoDB left unprocessed, and fails the change if it stays so', async () => {
    const once = batchClient((n, requests) => (n === 1 ? requests.slice(1) : []));
    await new ReportingRepository(once.doc, 't').archive(run);
    expect(once.calls.map((c) => c.keys.length)).toEqual([run.length, run.length - 1]);

    const never = batchClient((_n, requests) => requests);
    await expect(new ReportingRepository(never.doc, 't').archive(run)).rejects.toThrow(/left unprocessed/);
    expect(never.calls).toHaveLength(4);
  });
});
