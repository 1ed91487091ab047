import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';
import { TransactionLayer } from './dynamo-transactions';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface EmbeddedServers {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: { close(cb: (err?: Error) => void): void }): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The real DynamoDB and SQS wire protocols, served in this process on free loopback ports. */
export async function startEmbeddedServers(options: { dynamodbPath?: string }): Promise<EmbeddedServers> {
  const dynamo = dynalite({ path: options.dynamodbPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // dynalite closes its LevelDB store only when its own server closes, so it listens (unused) too.
  await listen(dynamo, 0);
  // Clients talk to the transaction layer, which hands everything but TransactWriteItems to dynalite.
  const front = createServer(new TransactionLayer(dynamo).handle);
  const dynamoPort = await listen(front, 0);
  const sqsPort = await freePort();
  const sqs = await createSqsServer({ port: sqsPort, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  return {
    dynamodbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    sqsEndpoint: `http://127.0.0.1:${sqsPort}`,
    async close() {
      (sqs as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      front.closeAllConnections();
      await Promise.all([close(sqs as unknown as Server), close(front)]);
      await close(dynamo);
    },
  };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  return new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
