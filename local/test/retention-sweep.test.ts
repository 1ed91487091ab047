import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { shardOf } from '@govflow/contracts';
import { erasureMarkerPut, erasureShards, sweepErasures, type ErasureMarker } from '@govflow/platform';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

/*
 * The scheduled erasure's walk over the retention markers (platform/src/retention.ts) against
 * the local DynamoDB: which markers it hands over, in what order, and what it leaves behind.
 */

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let tables = 0;
/** The `Limit` of every Query the sweep sent, observed on the client's middleware stack. */
let queryLimits: (number | undefined)[] = [];

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  doc = DynamoDBDocumentClient.from(client);
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') queryLimits.push((args.input as { Limit?: number }).Limit);
      return next(args);
    },
    { step: 'initialize', name: 'recordQueryLimits' },
  );
});

afterAll(async () => {
  await servers?.close();
});

beforeEach(() => {
  queryLimits = [];
});

/** A new table per test, so each starts without markers. */
async function freshTable(): Promise<string> {
  const TableName = `retention-sweep-${++tables}`;
  await doc.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  return TableName;
}

/** `count` case ids that fall into `shard`. */
function idsInShard(shard: number, count: number): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n++) if (shardOf(`WH-${n}`, erasureShards) === shard) ids.push(`WH-${n}`);
  return ids;
}

async function putMarker(tableName: string, id: string, day: string) {
  await doc.send(new PutCommand(erasureMarkerPut(tableName, id, day).Put as ConstructorParameters<typeof PutCommand>[0]));
}

const markersLeft = async (tableName: string) =>
  ((await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).map((i) => `${i.id}@${i.day}`).sort();

const markerOf = (id: string, day: string): ErasureMarker => ({ id, day, key: { pk: `ERASE#${shardOf(id, erasureShards)}`, sk: `${day}#${id}` } });

const soon = () => Date.now() + 60_000;

describe('sweepErasures', () => {
  it("hands every shard's markers due by today to erase, oldest first; deletes the erased and stale ones, keeps retries and later days", async () => {
    const tableName = await freshTable();
    const [a1, a2, a3] = idsInShard(3, 3) as [string, string, string];
    const [b1, b2] = idsInShard(7, 2) as [string, string];
    const [c1] = idsInShard(15, 1) as [string];
    const [d1] = idsInShard(0, 1) as [string];
    await putMarker(tableName, a1, '2026-03-03');
    await putMarker(tableName, a2, '2026-03-01');
    await putMarker(tableName, a3, '2026-03-02');
    await putMarker(tableName, b1, '2026-02-28');
    await putMarker(tableName, b2, '2026-03-04');
    await putMarker(tableName, c1, '2027-01-15');
    await putMarker(tableName, d1, '2025-12-31');

    const outcomes = new Map<string, 'erased' | 'stale' | 'retry'>([
      [b1, 'stale'],
      [d1, 'retry'],
    ]);
    const handed: ErasureMarker[] = [];
    const result = await sweepErasures({
      doc,
      tableName,
      today: '2026-03-03',
      deadline: soon(),
      erase: async (marker) => {
        handed.push(marker);
        return outcomes.get(marker.id) ?? 'erased';
      },
    });

    expect(result).toEqual({ erased: 3, stale: 1, retried: 1, finished: true });
    // Oldest first within a shard; today's marker is due, tomorrow's and next year's are not.
    expect(handed.filter((m) => m.key.pk === 'ERASE#3')).toEqual([markerOf(a2, '2026-03-01'), markerOf(a3, '2026-03-02'), markerOf(a1, '2026-03-03')]);
    expect(handed.filter((m) => m.key.pk === 'ERASE#7')).toEqual([markerOf(b1, '2026-02-28')]);
    expect(handed).toHaveLength(5);
    expect(await markersLeft(tableName)).toEqual([`${b2}@2026-03-04`, `${c1}@2027-01-15`, `${d1}@2025-12-31`].sort());
    // One page of up to 100 markers per shard.
    expect(queryLimits).toEqual(Array.from({ length: erasureShards }, () => 100));
  });

  it('pages through a shard pageSize markers at a time, past markers that stay (retry), each handed over once', async () => {
    const tableName = await freshTable();
    const ids = idsInShard(5, 5);
    for (const [i, id] of ids.entries()) await putMarker(tableName, id, `2026-03-0${i + 1}`);
    const handed: string[] = [];
    const result = await sweepErasures({
      doc,
      tableName,
      today: '2026-03-31',
      deadline: soon(),
      pageSize: 2,
      erase: async (marker) => {
        handed.push(marker.id);
        return 'retry';
      },
    });
    expect(result).toEqual({ erased: 0, stale: 0, retried: 5, finished: true });
    expect(handed).toEqual(ids);
    expect(await markersLeft(tableName)).toHaveLength(5);
    // Shard 5 took three pages (2 + 2 + 1), every other shard one.
    expect(queryLimits).toHaveLength(erasureShards + 2);
    expect(new Set(queryLimits)).toEqual(new Set([2]));

    const again = await sweepErasures({ doc, tableName, today: '2026-03-31', deadline: soon(), pageSize: 2, erase: async () => 'erased' });
    expect(again).toEqual({ erased: 5, stale: 0, retried: 0, finished: true });
    expect(await markersLeft(tableName)).toEqual([]);
  });

  it('starts no page after the deadline and says it did not finish, leaving every marker for the next run', async () => {
    const tableName = await freshTable();
    await putMarker(tableName, idsInShard(1, 1)[0]!, '2026-03-01');
    const handed: ErasureMarker[] = [];
    const result = await sweepErasures({
      doc,
      tableName,
      today: '2026-03-03',
      deadline: Date.now() - 1,
      erase: async (marker) => {
        handed.push(marker);
        return 'erased';
      },
    });
    expect(result).toEqual({ erased: 0, stale: 0, retried: 0, finished: false });
    expect(handed).toEqual([]);
    expect(queryLimits).toEqual([]);
    expect(await markersLeft(tableName)).toHaveLength(1);
  });
});
