import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
const TableName = 'transactions';

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );
  doc = DynamoDBDocumentClient.from(client);
});

afterAll(async () => {
  await servers?.close();
});

const get = async (pk: string) => (await doc.send(new GetCommand({ TableName, Key: { pk, sk: 'x' }, ConsistentRead: true }))).Item;

describe('TransactWriteItems in front of dynalite', () => {
  it('commits every item together', async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'a', sk: 'x', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName, Item: { pk: 'b', sk: 'x', n: 2 } } },
        ],
      }),
    );
    expect(await get('a')).toMatchObject({ n: 1 });
    expect(await get('b')).toMatchObject({ n: 2 });
  });

  it('applies nothing when one condition fails, and says which', async () => {
    await doc.send(new PutCommand({ TableName, Item: { pk: 'c', sk: 'x', n: 1 } }));
    const attempt = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'd', sk: 'x', n: 9 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName, Key: { pk: 'c', sk: 'x' }, UpdateExpression: 'SET n = :n', ConditionExpression: 'n = :old', ExpressionAttributeValues: { ':n': 5, ':old': 7 } } },
          { Put: { TableName, Item: { pk: 'b', sk: 'x', n: 99 } } },
        ],
      }),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(await get('d')).toBeUndefined();
    expect(await get('c')).toMatchObject({ n: 1 });
    expect(await get('b')).toMatchObject({ n: 2 });
  });

  it('refuses two operations on one item', async () => {
    const attempt = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'e', sk: 'x' } } },
          { Delete: { TableName, Key: { pk: 'e', sk: 'x' } } },
        ],
      }),
    );
    await expect(attempt).rejects.toThrow(/multiple operations on one item/);
  });

  it('lets exactly one of many racing optimistic writers win each round', async () => {
    await doc.send(new PutCommand({ TableName, Item: { pk: 'counter', sk: 'x', version: 0 } }));
    const racer = async (id: number) => {
      for (;;) {
        const current = (await get('counter'))!;
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName, Item: { pk: `mark-${id}`, sk: 'x' }, ConditionExpression: 'attribute_not_exists(pk)' } },
                {
                  Update: {
                    TableName,
                    Key: { pk: 'counter', sk: 'x' },
                    UpdateExpression: 'SET version = :next',
                    ConditionExpression: 'version = :read',
                    ExpressionAttributeValues: { ':next': Number(current.version) + 1, ':read': current.version },
                  },
                },
              ],
            }),
          );
          return;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => racer(i)));
    // Every writer got in exactly once, and no increment was lost.
    expect((await get('counter'))!.version).toBe(12);
  });

  it('serves ordinary single-item operations unchanged', async () => {
    await doc.send(new UpdateCommand({ TableName, Key: { pk: 'f', sk: 'x' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }));
    await doc.send(new UpdateCommand({ TableName, Key: { pk: 'f', sk: 'x' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }));
    expect(await get('f')).toMatchObject({ n: 2 });
  });

  it('never shows a query the items of a transaction that is cancelled (read-committed, as DynamoDB)', async () => {
    // An outbox sweep reading its partition while a redelivered event's transaction fails on its inbox
    // marker must not find that transaction's events: it would send events of a change that never happened.
    await doc.send(new PutCommand({ TableName, Item: { pk: 'marker', sk: 'x' } }));
    let running = true;
    let seen = 0;
    const watcher = (async () => {
      while (running) {
        const page = await doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'phantom' }, ConsistentRead: true }));
        seen += page.Items?.length ?? 0;
      }
    })();
    const cancelled = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                { Update: { TableName, Key: { pk: 'marker', sk: 'x' }, UpdateExpression: 'SET n = :n', ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':n': i } } },
                ...Array.from({ length: 10 }, (_, j) => ({ Put: { TableName, Item: { pk: 'phantom', sk: `${i}-${j}` } } })),
                { ConditionCheck: { TableName, Key: { pk: 'c', sk: 'x' }, ConditionExpression: 'attribute_exists(pk)' } },
              ],
            }),
          )
          .catch((e: unknown) => e instanceof TransactionCanceledException),
      ),
    );
    running = false;
    await watcher;
    expect(cancelled.every(Boolean)).toBe(true);
    expect(seen).toBe(0);
  });

  it('checks a ConditionCheck without touching its item', async () => {
    await doc.send(new PutCommand({ TableName, Item: { pk: 'g', sk: 'x', n: 1 } }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName, Key: { pk: 'g', sk: 'x' }, ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } } },
          { Put: { TableName, Item: { pk: 'h', sk: 'x' } } },
        ],
      }),
    );
    const refused = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName, Key: { pk: 'g', sk: 'x' }, ConditionExpression: 'n = :two', ExpressionAttributeValues: { ':two': 2 } } },
          { Put: { TableName, Item: { pk: 'i', sk: 'x' } } },
        ],
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await get('g')).toEqual({ pk: 'g', sk: 'x', n: 1 });
    expect(await get('h')).toBeDefined();
    expect(await get('i')).toBeUndefined();
  });
});
