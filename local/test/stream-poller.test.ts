import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { sequenceNumber, StreamJournal } from '../src/stream-journal';
import { StreamPoller, type StreamBatchFailure, type StreamPollerOptions } from '../src/stream-poller';

const dir = mkdtempSync(join(tmpdir(), 'govflow-stream-poller-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

const item = (n: number) => ({ pk: { S: `k${n}` }, sk: { S: 'x' }, n: { N: String(n) } });
function journalWith(count: number): StreamJournal {
  const journal = new StreamJournal();
  journal.enable('cases', 'NEW_IMAGE');
  for (let n = 1; n <= count; n++) append(journal, n);
  return journal;
}
const append = (journal: StreamJournal, n: number) => journal.append(`c${n}`, [{ table: 'cases', keys: item(n), after: item(n) }]);
const numbers = (event: DynamoDBStreamEvent) => event.Records.map((r) => Number(r.dynamodb?.NewImage?.n?.N));
const sequenceOf = (event: DynamoDBStreamEvent, n: number) => event.Records.find((r) => r.dynamodb?.NewImage?.n?.N === String(n))!.dynamodb!.SequenceNumber!;

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function poll(journal: StreamJournal, invoke: StreamPollerOptions['invoke'], options: Partial<StreamPollerOptions> = {}): StreamPoller {
  const poller = new StreamPoller({ journal, table: 'cases', reader: 'relay', invoke, batchSize: 4, idleMs: 50, retryDelayMs: () => 5, ...options });
  poller.start();
  running.push(poller);
  return poller;
}

describe('the local DynamoDB stream event-source mapping', () => {
  it('hands over every record once, in order, in batches no larger than the batch size, and records appended later too', async () => {
    const journal = journalWith(10);
    const batches: number[][] = [];
    poll(journal, async (event) => void batches.push(numbers(event)));
    await until(() => batches.flat().length === 10, 'ten records');
    append(journal, 11);
    await until(() => batches.flat().length === 11, 'the eleventh');
    expect(batches.flat()).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(Math.max(...batches.map((b) => b.length))).toBe(4);
  });

  it('goes on after a restart from the last batch that succeeded, and hands over again the one that did not', async () => {
    const journal = journalWith(6);
    const checkpointPath = join(dir, 'restart.json');
    const seen: number[] = [];
    const first = poll(journal, async (event) => {
      if (numbers(event).includes(5)) throw new Error('the function crashed');
      seen.push(...numbers(event));
    }, { checkpointPath, retryDelayMs: () => 10_000 });
    await until(() => seen.length === 4 && first.checkpoint !== undefined, 'the first batch');
    await first.stop();
    poll(journal, async (event) => void seen.push(...numbers(event)), { checkpointPath });
    await until(() => seen.length === 6, 'the rest');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes its position at most once a period: after a crash the batches since come again, none is skipped', async () => {
    const journalPath = join(dir, 'crash-stream.ndjson');
    const journal = new StreamJournal(journalPath);
    journal.enable('cases', 'NEW_IMAGE');
    for (let n = 1; n <= 8; n++) append(journal, n);
    const checkpointPath = join(dir, 'crash.json');
    const seen: number[] = [];
    const first = poll(journal, async (event) => void seen.push(...numbers(event)), { checkpointPath, checkpointEveryMs: 60_000 });
    await until(() => seen.length === 8, 'all eight');
    // The position is due when the period ends, not yet: a crash now (the process gone, no stop) leaves no file behind.
    expect(existsSync(checkpointPath)).toBe(false);
    running.splice(running.indexOf(first), 1);
    const again: number[] = [];
    const second = poll(new StreamJournal(journalPath), async (event) => void again.push(...numbers(event)), { checkpointPath, checkpointEveryMs: 0 });
    await until(() => again.length === 8, 'the batches again');
    expect(again).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // With no period the position is written at once: a restart goes on after the last record.
    expect(JSON.parse(readFileSync(checkpointPath, 'utf8'))).toEqual({ after: second.checkpoint });
    await first.stop();
  });

  it('with a reported failure, moves past the records before it and hands the rest over again', async () => {
    const journal = journalWith(4);
    const batches: number[][] = [];
    let failed = false;
    poll(journal, async (event): Promise<DynamoDBBatchResponse> => {
      batches.push(numbers(event));
      if (failed) return { batchItemFailures: [] };
      failed = true;
      return { batchItemFailures: [{ itemIdentifier: sequenceOf(event, 3) }, { itemIdentifier: sequenceOf(event, 4) }] };
    });
    await until(() => batches.length === 2, 'the retry');
    expect(batches).toEqual([[1, 2, 3, 4], [3, 4]]);
  });

  it('fails the whole batch when a reported failure names no record of it', async () => {
    const journal = journalWith(2);
    const batches: number[][] = [];
    poll(journal, async (event): Promise<DynamoDBBatchResponse> => {
      batches.push(numbers(event));
      return { batchItemFailures: batches.length === 1 ? [{ itemIdentifier: 'not-a-sequence-number' }] : [] };
    });
    await until(() => batches.length === 2, 'the retry');
    expect(batches).toEqual([[1, 2], [1, 2]]);
  });

  it('after its retries, tells the on-failure destination which records it gave up, and goes on', async () => {
    const journal = journalWith(6);
    const all = journal.read('cases', undefined, 10);
    const failures: StreamBatchFailure[] = [];
    const handled: number[] = [];
    let tries = 0;
    poll(journal, async (event) => {
      if (numbers(event).includes(2)) {
        tries++;
        throw new Error('poison');
      }
      handled.push(...numbers(event));
    }, { maximumRetryAttempts: 2, onFailure: async (f) => void failures.push(f) });
    await until(() => handled.length === 2, 'the next batch');
    expect(tries).toBe(3);
    expect(handled).toEqual([5, 6]);
    expect(failures).toEqual([
      {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
        DDBStreamBatchInfo: { shardId: 'shardId-local-0', startSequenceNumber: all[0]!.dynamodb!.SequenceNumber!, endSequenceNumber: all[3]!.dynamodb!.SequenceNumber!, batchSize: 4, streamArn: journal.specOf('cases')!.arn },
      },
    ]);
  });

  it('with bisection on, splits a failed batch in halves down to what succeeds, without counting the splits as retries, then goes back to whole batches', async () => {
    const journal = journalWith(8);
    const batches: number[][] = [];
    const failures: StreamBatchFailure[] = [];
    // Too much work at once fails (a batch whose writes each may fail); two records at a time succeed.
    poll(journal, async (event) => {
      batches.push(numbers(event));
      if (event.Records.length > 2) throw new Error('the batch timed out');
    }, { batchSize: 8, bisectBatchOnError: true, maximumRetryAttempts: 0, onFailure: async (f) => void failures.push(f) });
    await until(() => batches.flat().includes(8) && batches.length === 6, 'the halves');
    for (let n = 9; n <= 10; n++) append(journal, n);
    await until(() => batches.flat().includes(10), 'the next batch');
    expect(batches).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4], [1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
    expect(failures).toEqual([]);
  });

  it('with bisection on, still gives up a single poison record after its retries', async () => {
    const journal = journalWith(4);
    const handled: number[] = [];
    const failures: StreamBatchFailure[] = [];
    poll(journal, async (event) => {
      if (numbers(event).includes(3)) throw new Error('poison');
      handled.push(...numbers(event));
    }, { bisectBatchOnError: true, maximumRetryAttempts: 1, onFailure: async (f) => void failures.push(f) });
    await until(() => handled.includes(4), 'the record after the poison one');
    expect(handled).toEqual([1, 2, 4]);
    expect(failures.map((f) => [f.approximateInvokeCount, f.DDBStreamBatchInfo.batchSize])).toEqual([[2, 1]]);
  });

  it('gathers records for up to the batching window', async () => {
    const journal = journalWith(1);
    const batches: number[][] = [];
    poll(journal, async (event) => void batches.push(numbers(event)), { batchingWindowMs: 300 });
    await new Promise((r) => setTimeout(r, 50));
    append(journal, 2);
    append(journal, 3);
    await until(() => batches.flat().length === 3, 'the batch');
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('passes over the records its filter refuses without handing them over, and moves past them', async () => {
    const journal = journalWith(6);
    const batches: number[][] = [];
    const poller = poll(journal, async (event) => void batches.push(numbers(event)), { filter: (r) => Number(r.dynamodb?.NewImage?.n?.N) % 3 === 0 });
    await until(() => poller.caughtUp, 'every record read');
    expect(batches.flat()).toEqual([3, 6]);
  });

  it('under a tumbling window, names the shard and window and carries the state the function returned', async () => {
    const journal = journalWith(8);
    const events: DynamoDBStreamEvent[] = [];
    poll(journal, async (event) => {
      events.push(event);
      return { batchItemFailures: [], state: { batches: String(events.length) } };
    }, { tumblingWindowSeconds: 900 });
    await until(() => events.length === 2, 'two batches');
    const [first, second] = events as (DynamoDBStreamEvent & Record<string, unknown>)[];
    expect(first).toMatchObject({ shardId: 'shardId-local-0', state: {}, isFinalInvokeForWindow: false, eventSourceARN: journal.specOf('cases')!.arn });
    const window = first!.window as { start: string; end: string };
    expect(Date.parse(window.end) - Date.parse(window.start)).toBe(900_000);
    expect(second).toMatchObject({ window, state: { batches: '1' } });
  });

  it('after a restart, drops nothing a slower reader of the table has yet to pass, whichever reader starts first', async () => {
    const journal = journalWith(10);
    // The stop left one reader far ahead of the other (a relay retrying a send beside a quick reader).
    writeFileSync(join(dir, 'ahead.json'), JSON.stringify({ after: sequenceNumber(8n) }));
    writeFileSync(join(dir, 'behind.json'), JSON.stringify({ after: sequenceNumber(2n) }));
    const ahead: number[] = [];
    const behind: number[] = [];
    const options = (reader: string, seen: number[]): StreamPollerOptions => ({ journal, table: 'cases', reader, invoke: async (event) => void seen.push(...numbers(event)), batchSize: 4, idleMs: 50, checkpointPath: join(dir, `${reader}.json`) });
    // As the local stack does: every mapping made, then every one started.
    const pollers = [new StreamPoller(options('ahead', ahead)), new StreamPoller(options('behind', behind))];
    for (const poller of pollers) {
      poller.start();
      running.push(poller);
    }
    await until(() => behind.length === 8 && ahead.length === 2, 'each reader to the end');
    expect(behind).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ahead).toEqual([9, 10]);
    expect(journal.read('cases', undefined, 10)).toEqual([]);
  });

  it('drops the records its readers have passed', async () => {
    const journal = journalWith(5);
    const seen: number[] = [];
    poll(journal, async (event) => void seen.push(...numbers(event)));
    await until(() => seen.length === 5, 'every record');
    expect(journal.read('cases', undefined, 10)).toEqual([]);
  });
});
