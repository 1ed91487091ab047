import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, CreateTableCommand, DescribeTableCommand, DynamoDBClient, ScanCommand, TransactionCanceledException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { tables } from '@govflow/infra/manifest';
import { repositoryRoot } from '../src/functions';
import { ensureTables, tableName } from '../src/resources';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';
import { StreamJournal } from '../src/stream-journal';
import { UndoLog } from '../src/undo-log';
import { crashPaths, plainTable, streamedTable } from './stream-crash-writer';

const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
const keySchema = {
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'sk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
};
const key = (pk: string) => ({ pk, sk: 'x' });
/** A record's item key and images, as plain values. */
const summary = (r: DynamoDBRecord) => ({ event: r.eventName, pk: r.dynamodb?.Keys?.pk?.S, newN: r.dynamodb?.NewImage?.n?.N, oldN: r.dynamodb?.OldImage?.n?.N });

describe('table streams served by the transaction layer', () => {
  let servers: EmbeddedServers;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  const records = (table: string) => servers.streams.read(table, undefined, 1_000);

  beforeAll(async () => {
    servers = await startEmbeddedServers({});
    client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials });
    doc = DynamoDBDocumentClient.from(client);
    await client.send(new CreateTableCommand({ TableName: 'cases', ...keySchema, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    await client.send(new CreateTableCommand({ TableName: 'events', ...keySchema }));
  });

  afterAll(async () => {
    client?.destroy();
    await servers?.close();
  });

  it('describes a streamed table with its StreamSpecification and stream ARN, and a stream turned on later too', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'cases' }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toMatch(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/cases\/stream\/\d{4}-\d\d-\d\dT/);
    expect((await client.send(new DescribeTableCommand({ TableName: 'events' }))).Table?.StreamSpecification).toBeUndefined();

    await client.send(new CreateTableCommand({ TableName: 'later', ...keySchema }));
    const updated = await client.send(new UpdateTableCommand({ TableName: 'later', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    expect(updated.TableDescription?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    await doc.send(new PutCommand({ TableName: 'later', Item: { ...key('a'), secret: 'not in a keys-only stream' } }));
    expect(records('later').map((r) => r.dynamodb)).toEqual([expect.objectContaining({ Keys: { pk: { S: 'a' }, sk: { S: 'x' } }, StreamViewType: 'KEYS_ONLY' })]);
    expect(records('later')[0]!.dynamodb).not.toHaveProperty('NewImage');
  });

  it('streams each change of an item once, in order, with its images, and nothing for writes that change nothing', async () => {
    await doc.send(new PutCommand({ TableName: 'cases', Item: { ...key('c1'), n: 1 } }));
    const answer = await doc.send(new UpdateCommand({ TableName: 'cases', Key: key('c1'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'ALL_NEW' }));
    // The client's answer is dynalite's own.
    expect(answer.Attributes).toEqual({ ...key('c1'), n: 2 });
    // Refused by its condition, and a put of the item as it is: no record.
    const refused = await doc.send(new PutCommand({ TableName: 'cases', Item: { ...key('c1'), n: 9 }, ConditionExpression: 'attribute_not_exists(pk)' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
    await doc.send(new PutCommand({ TableName: 'cases', Item: { ...key('c1'), n: 2 } }));
    await doc.send(new DeleteCommand({ TableName: 'cases', Key: key('c1') }));
    await doc.send(new DeleteCommand({ TableName: 'cases', Key: key('never') }));
    await doc.send(new PutCommand({ TableName: 'events', Item: { ...key('e1'), n: 1 } }));

    const stream = records('cases').filter((r) => r.dynamodb?.Keys?.pk?.S === 'c1');
    expect(stream.map(summary)).toEqual([
      { event: 'INSERT', pk: 'c1', newN: '1', oldN: undefined },
      { event: 'MODIFY', pk: 'c1', newN: '2', oldN: '1' },
      { event: 'REMOVE', pk: 'c1', newN: undefined, oldN: '2' },
    ]);
    expect(stream[0]).toMatchObject({ eventSource: 'aws:dynamodb', eventVersion: '1.1', awsRegion: 'us-east-1', eventSourceARN: expect.stringContaining(':table/cases/stream/') });
    expect(records('events')).toEqual([]);
  });

  it('streams a transaction as one commit, its streamed items only, and a cancelled one not at all', async () => {
    const start = records('cases').length;
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'cases', Item: { ...key('t1'), n: 1 } } },
          { Put: { TableName: 'events', Item: { ...key('t1'), n: 1 } } },
          { Update: { TableName: 'cases', Key: key('t2'), UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 5 } } },
          { ConditionCheck: { TableName: 'cases', Key: key('t3'), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    const cancelled = await doc
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'cases', Item: { ...key('t4'), n: 1 } } },
            { Update: { TableName: 'cases', Key: key('t1'), UpdateExpression: 'SET n = :n', ConditionExpression: 'n = :old', ExpressionAttributeValues: { ':n': 3, ':old': 7 } } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect(records('cases').slice(start).map(summary)).toEqual([
      { event: 'INSERT', pk: 't1', newN: '1', oldN: undefined },
      { event: 'INSERT', pk: 't2', newN: '5', oldN: undefined },
    ]);
  });

  it('streams every item of a batch write, streamed and plain tables together', async () => {
    const start = records('cases').length;
    const out = await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          cases: [{ PutRequest: { Item: { ...key('b1'), n: 1 } } }, { DeleteRequest: { Key: key('t2') } }],
          events: [{ PutRequest: { Item: { ...key('b2'), n: 1 } } }],
        },
      }),
    );
    expect(out.UnprocessedItems).toEqual({});
    expect(records('cases').slice(start).map(summary)).toEqual([
      { event: 'INSERT', pk: 'b1', newN: '1', oldN: undefined },
      { event: 'REMOVE', pk: 't2', newN: undefined, oldN: '5' },
    ]);
    expect((await client.send(new ScanCommand({ TableName: 'events' }))).Items?.map((i) => i.pk?.S).sort()).toEqual(['b2', 'e1', 't1']);
  });

  it('keeps an item’s records in the order its racing writes were made', async () => {
    await Promise.all(Array.from({ length: 30 }, () => doc.send(new UpdateCommand({ TableName: 'cases', Key: key('race'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }))));
    const counts = records('cases')
      .filter((r) => r.dynamodb?.Keys?.pk?.S === 'race')
      .map((r) => [Number(r.dynamodb?.OldImage?.n?.N ?? 0), Number(r.dynamodb?.NewImage?.n?.N)]);
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => [i, i + 1]));
  });

  it('turns on, at start, the stream of a table kept from before the manifest gave it one', async () => {
    const name = tableName('upgrade', 'reporting');
    const spec = tables.find((t) => t.stage === 'reporting')!;
    await client.send(new CreateTableCommand({ TableName: name, ...keySchema }));
    await doc.send(new PutCommand({ TableName: name, Item: { ...key('before'), n: 1 } }));
    await ensureTables(client, 'upgrade').catch(() => undefined); // the kept table lacks the newer indexes: refused, after its stream is on
    expect((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: spec.stream });
    await doc.send(new PutCommand({ TableName: name, Item: { ...key('after'), n: 1 } }));
    // Changes from then on are streamed; earlier ones are not (as DynamoDB does).
    expect(records(name).map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['after']);
  });

  it('hands a reader the records after its position, and drops what every reader has passed', async () => {
    const all = records('cases');
    const middle = all[2]!.dynamodb!.SequenceNumber!;
    expect(servers.streams.read('cases', middle, 2)).toEqual(all.slice(3, 5));
    servers.streams.register('cases', 'one', undefined);
    servers.streams.register('cases', 'two', middle);
    expect(records('cases')).toHaveLength(all.length);
    servers.streams.advance('cases', 'one', all[4]!.dynamodb!.SequenceNumber!);
    expect(records('cases')).toEqual(all.slice(3));
  });
});

describe('table streams across a kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govflow-streams-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the writer until it has written for a while, then kills it (SIGKILL) mid-write. */
  async function writeAndKill(ms: number): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/test/stream-crash-writer.ts', dir], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => reject(new Error('the writer stopped before writing')));
      child.stdout!.on('data', (chunk: Buffer) => {
        if (String(chunk).includes('writing')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGKILL');
    await exited;
  }

  it('streams every change a crash let stand exactly once, and none that it took back', async () => {
    for (const ms of [700, 1_100, 400]) await writeAndKill(ms);
    const servers = await startEmbeddedServers(crashPaths(dir));
    try {
      const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials });
      const items = new Map(((await client.send(new ScanCommand({ TableName: streamedTable }))).Items ?? []).map((i) => [i.pk!.S!, i]));
      const stream = servers.streams.read(streamedTable, undefined, Number.MAX_SAFE_INTEGER);
      expect(stream.length).toBeGreaterThan(100);
      const sequences = stream.map((r) => r.dynamodb!.SequenceNumber!);
      expect([...sequences].sort()).toEqual(sequences);
      expect(new Set(sequences).size).toBe(sequences.length);
      // Each record starts from the image the previous record of its item left: a change missing
      // from the stream, or a record of a change taken back, would break the chain somewhere.
      const last = new Map<string, DynamoDBRecord>();
      for (const record of stream) {
        const pk = record.dynamodb!.Keys!.pk!.S!;
        const previous = last.get(pk)?.dynamodb?.NewImage;
        expect(record.dynamodb?.OldImage, `record ${record.dynamodb?.SequenceNumber} of ${pk}`).toEqual(previous);
        last.set(pk, record);
      }
      // And the last record of each item is the item as it is.
      for (const pk of new Set([...items.keys(), ...last.keys()])) {
        expect(isDeepStrictEqual(last.get(pk)?.dynamodb?.NewImage, items.get(pk)), `item ${pk}`).toBe(true);
      }
      expect((await client.send(new ScanCommand({ TableName: plainTable }))).Items?.length).toBeGreaterThan(0);
      client.destroy();
    } finally {
      await servers.close();
    }
  }, 120_000);
});

describe('the stream journal on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govflow-streams-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const item = (pk: string, n: number) => ({ pk: { S: pk }, sk: { S: 'x' }, n: { N: String(n) } });

  it('reads back its streams and commits after a restart, ignoring a commit cut short mid-line', () => {
    const path = join(dir, 'restart.ndjson');
    const first = new StreamJournal(path);
    first.enable('cases', 'NEW_IMAGE');
    first.append('one', [{ table: 'cases', keys: item('a', 0), after: item('a', 1) }, { table: 'other', keys: item('z', 0), after: item('z', 1) }]);
    first.append('two', [{ table: 'cases', keys: item('a', 0), before: item('a', 1), after: item('a', 2) }]);
    appendFileSync(path, '{"op":"commit","id":"three","records":[{"tab');

    const second = new StreamJournal(path);
    expect(second.specOf('cases')).toEqual(first.specOf('cases'));
    expect(second.read('cases', undefined, 10)).toEqual(first.read('cases', undefined, 10));
    expect(second.read('cases', undefined, 10).map((r) => [r.eventName, r.dynamodb?.NewImage?.n?.N, r.dynamodb?.OldImage])).toEqual([['INSERT', '1', undefined], ['MODIFY', '2', undefined]]);
    expect([second.committed('one'), second.committed('two'), second.committed('three')]).toEqual([true, true, false]);
    // Numbering goes on after the last record kept.
    second.append('four', [{ table: 'cases', keys: item('b', 0), after: item('b', 1) }]);
    expect(second.read('cases', undefined, 10).map((r) => r.dynamodb?.SequenceNumber)).toEqual(['1', '2', '3'].map((n) => n.padStart(21, '0')));
  });

  it('rewrites its file as the records some reader still needs, with the streams and the newest commit', () => {
    const path = join(dir, 'compact.ndjson');
    const journal = new StreamJournal(path, { compactAfterLines: 5 });
    journal.enable('cases', 'NEW_IMAGE');
    journal.register('cases', 'relay', undefined);
    for (let n = 1; n <= 4; n++) journal.append(`c${n}`, [{ table: 'cases', keys: item('a', 0), before: item('a', n - 1), after: item('a', n) }]);
    journal.advance('cases', 'relay', journal.read('cases', undefined, 3).at(-1)!.dynamodb!.SequenceNumber!);
    journal.append('c5', [{ table: 'cases', keys: item('a', 0), before: item('a', 4), after: item('a', 5) }]);
    journal.append('c6', [{ table: 'cases', keys: item('a', 0), before: item('a', 5), after: item('a', 6) }]);

    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(7);
    const reloaded = new StreamJournal(path);
    expect(reloaded.specOf('cases')?.view).toBe('NEW_IMAGE');
    expect(reloaded.read('cases', undefined, 10).map((r) => r.dynamodb?.NewImage?.n?.N)).toEqual(['4', '5', '6']);
    expect(reloaded.committed('c6')).toBe(true);
  });

  it('numbers on after a restart even when every record was read and dropped', () => {
    const path = join(dir, 'numbering.ndjson');
    const journal = new StreamJournal(path, { compactAfterLines: 4 });
    journal.enable('cases', 'NEW_IMAGE');
    journal.register('cases', 'fold', undefined);
    for (let n = 1; n <= 3; n++) journal.append(`c${n}`, [{ table: 'cases', keys: item('a', 0), before: item('a', n - 1), after: item('a', n) }]);
    const last = journal.read('cases', undefined, 10).at(-1)!.dynamodb!.SequenceNumber!;
    journal.advance('cases', 'fold', last);
    // A fifth line rewrites the file, with no record left to keep.
    journal.enable('other', 'KEYS_ONLY');
    expect(readFileSync(path, 'utf8')).not.toContain('"commit"');
    const reloaded = new StreamJournal(path);
    reloaded.append('c4', [{ table: 'cases', keys: item('a', 0), before: item('a', 3), after: item('a', 4) }]);
    expect(reloaded.read('cases', undefined, 10).map((r) => r.dynamodb!.SequenceNumber! > last)).toEqual([true]);
  });
});

describe('recovery of a streamed write cut short', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govflow-streams-recover-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a write whose records were committed and takes back one whose were not', async () => {
    const paths = crashPaths(dir);
    const first = await startEmbeddedServers(paths);
    const firstClient = new DynamoDBClient({ endpoint: first.dynamodbEndpoint, region: 'us-east-1', credentials });
    await firstClient.send(new CreateTableCommand({ TableName: 'cases', ...keySchema, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    const firstDoc = DynamoDBDocumentClient.from(firstClient);
    // Two writes as a kill -9 leaves them: both logged and applied, only the first one's records committed.
    const wire = (pk: string) => ({ pk: { S: pk }, sk: { S: 'x' }, n: { N: '1' } });
    const undo = new UndoLog(paths.dynamodbUndoLogPath);
    const committed = undo.begin([{ table: 'cases', key: { pk: { S: 'committed' }, sk: { S: 'x' } }, put: wire('committed') }]);
    undo.begin([{ table: 'cases', key: { pk: { S: 'cut' }, sk: { S: 'x' } }, put: wire('cut') }]);
    await firstDoc.send(new PutCommand({ TableName: 'cases', Item: { ...key('committed'), n: 1 } }));
    await firstDoc.send(new PutCommand({ TableName: 'cases', Item: { ...key('cut'), n: 1 } }));
    firstClient.destroy();
    await first.close();
    // The layer's own puts above committed under their own ids; the journal is rebuilt as the crash would have left it.
    writeFileSync(paths.dynamodbStreamPath, '');
    const journal = new StreamJournal(paths.dynamodbStreamPath);
    journal.enable('cases', 'NEW_IMAGE');
    journal.append(committed, [{ table: 'cases', keys: { pk: { S: 'committed' }, sk: { S: 'x' } }, after: wire('committed') }]);

    const second = await startEmbeddedServers(paths);
    try {
      expect(second.transactionsTakenBack).toBe(1);
      const client = new DynamoDBClient({ endpoint: second.dynamodbEndpoint, region: 'us-east-1', credentials });
      const left = (await client.send(new ScanCommand({ TableName: 'cases' }))).Items?.map((i) => i.pk?.S);
      expect(left).toEqual(['committed']);
      expect(second.streams.read('cases', undefined, 10).map((r) => r.dynamodb?.Keys?.pk?.S)).toEqual(['committed']);
      client.destroy();
    } finally {
      await second.close();
    }
  });
});
