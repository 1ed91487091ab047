/**
 * A process that writes to a streamed table as fast as it can, every kind of write at once,
 * until it is killed (table-streams.test.ts kills it with SIGKILL and checks what is left).
 * Usage: node --import tsx local/test/stream-crash-writer.ts <data directory>
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedServers } from '../src/servers';

export const streamedTable = 'streamed';
export const plainTable = 'plain';
export const crashPaths = (dir: string) => ({ dynamodbPath: join(dir, 'dynamodb'), dynamodbUndoLogPath: join(dir, 'undo.ndjson'), dynamodbStreamPath: join(dir, 'streams.ndjson') });

async function main(dir: string): Promise<void> {
  const servers = await startEmbeddedServers(crashPaths(dir));
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
  const doc = DynamoDBDocumentClient.from(client);
  for (const [TableName, stream] of [[streamedTable, true], [plainTable, false]] as const) {
    await client
      .send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
          ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ResourceInUseException)) throw error;
      });
  }
  const key = () => ({ pk: `k${Math.floor(Math.random() * 12)}`, sk: 'x' });
  const writes = [
    () => doc.send(new UpdateCommand({ TableName: streamedTable, Key: key(), UpdateExpression: 'ADD n :one SET w = :w', ExpressionAttributeValues: { ':one': 1, ':w': process.pid } })),
    () => doc.send(new PutCommand({ TableName: streamedTable, Item: { ...key(), n: 100, put: Date.now() }, ConditionExpression: 'attribute_not_exists(pk) OR n < :n', ExpressionAttributeValues: { ':n': 50 } })),
    () => doc.send(new DeleteCommand({ TableName: streamedTable, Key: key() })),
    () => {
      const [a, b] = [key(), key()];
      const second = a.pk === b.pk ? { pk: `${a.pk}-pair`, sk: 'x' } : b;
      return doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: streamedTable, Key: a, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
            { Update: { TableName: streamedTable, Key: second, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
            { Put: { TableName: plainTable, Item: { pk: `p${Math.floor(Math.random() * 4)}`, sk: 'x', at: Date.now() } } },
          ],
        }),
      );
    },
    () => doc.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: streamedTable, Key: key(), UpdateExpression: 'ADD n :one', ConditionExpression: 'n > :big', ExpressionAttributeValues: { ':one': 1, ':big': 1_000_000 } } }] })),
    () => {
      const a = key();
      return doc.send(new BatchWriteCommand({ RequestItems: { [streamedTable]: [{ PutRequest: { Item: { ...a, n: 1, batch: true } } }, { PutRequest: { Item: { pk: `${a.pk}-batch`, sk: 'x', n: 1 } } }] } }));
    },
  ];
  console.log('writing');
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) await writes[Math.floor(Math.random() * writes.length)]!().catch(() => undefined);
    }),
  );
}

// Run as a program only (the test imports the names above).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2]!);
