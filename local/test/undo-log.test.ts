import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';
import { UndoLog } from '../src/undo-log';

const dir = mkdtempSync(join(tmpdir(), 'govflow-undo-'));
const undoLogPath = join(dir, 'dynamodb-undo.ndjson');
const TableName = 'cases';
const opened: EmbeddedServers[] = [];

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

async function start() {
  const servers = await startEmbeddedServers({ dynamodbPath: join(dir, 'dynamodb'), dynamodbUndoLogPath: undoLogPath });
  opened.push(servers);
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  return { servers, doc: DynamoDBDocumentClient.from(client), client };
}

const key = (pk: string) => ({ pk, sk: 'x' });
/** An item as the wire (and the undo log) holds it. */
const wire = (item: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'number' ? { N: String(value) } : { S: value }]));

describe('transactions across a crash (the undo log)', () => {
  it('takes back a transaction a crash cut short, index entries included, and keeps every finished one', async () => {
    const first = await start();
    await first.client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'due'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        GlobalSecondaryIndexes: [{ IndexName: 'due', KeySchema: [{ AttributeName: 'due', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }),
    );
    // Finished transactions, one committed and one cancelled by its condition: nothing to take back.
    await first.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: { ...key('kept'), n: 1 } } }, { Put: { TableName, Item: { ...key('case'), n: 1 } } }] }));
    await first.doc
      .send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName, Item: { ...key('never'), n: 1 } } }, { Update: { TableName, Key: key('case'), UpdateExpression: 'SET n = :n', ConditionExpression: 'n = :old', ExpressionAttributeValues: { ':n': 3, ':old': 2 } } }] }))
      .catch(() => undefined);
    expect(new UndoLog(undoLogPath).unfinished()).toEqual([]);

    // A crash mid-transaction, as the layer leaves it: the before-images logged, then one item
    // applied (the case moved on, with its index entry) and the other (an outbox event) not.
    new UndoLog(undoLogPath).begin([
      { table: TableName, key: wire(key('case')), before: wire({ ...key('case'), n: 1 }) },
      { table: TableName, key: wire(key('event')), put: wire({ ...key('event'), due: 'DUE#1' }) },
    ]);
    await first.doc.send(new PutCommand({ TableName, Item: { ...key('case'), n: 2, due: 'DUE#1' } }));
    // The process dies here. (One process cannot open a LevelDB store twice, so the store is
    // closed; the undo log stays as the crash left it.)
    first.client.destroy();
    await first.servers.close();

    const second = await start();
    expect(second.servers.transactionsTakenBack).toBe(1);
    const get = async (pk: string) => (await second.doc.send(new GetCommand({ TableName, Key: key(pk), ConsistentRead: true }))).Item;
    expect(await get('case')).toEqual({ ...key('case'), n: 1 });
    expect(await get('event')).toBeUndefined();
    expect(await get('kept')).toEqual({ ...key('kept'), n: 1 });
    expect(await get('never')).toBeUndefined();
    const due = await second.doc.send(new QueryCommand({ TableName, IndexName: 'due', KeyConditionExpression: 'due = :d', ExpressionAttributeValues: { ':d': 'DUE#1' } }));
    expect(due.Items).toEqual([]);
    expect(readFileSync(undoLogPath, 'utf8')).toBe('');
    await second.doc.send(new DeleteCommand({ TableName, Key: key('kept') }));
  });
});
