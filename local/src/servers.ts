import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { TransactionLayer } from './dynamo-transactions';
import { meterDynamo, meterSqs, type Meter } from './metering';
import { SqsJournal } from './sqs-journal';
import type { StreamJournal } from './stream-journal';
import { loadSqsEmulator } from './sqs-emulator';
import type { QueueSignals } from './queue-signals';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
const { createRequestHandler } = loadSqsEmulator();

export interface EmbeddedServers {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /** Transactions a crash had left half applied, taken back at start. */
  transactionsTakenBack: number;
  /** The streams of the tables created with a StreamSpecification. */
  streams: StreamJournal;
  /**
   * Sends again what the journal holds as sent and never deleted (after a crash), once the
   * queues exist; returns how many. Without a journal there is nothing to send.
   */
  resendUndelivered(send: (queueName: string, body: string, attributes?: Record<string, unknown>) => Promise<void>): Promise<number>;
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
export interface EmbeddedServerOptions {
  dynamodbPath?: string;
  /** Where the transaction layer logs before-images, so a crash never leaves half a transaction. */
  dynamodbUndoLogPath?: string;
  /** Where the tables' streams are kept, so a committed change is streamed once across a crash. */
  dynamodbStreamPath?: string;
  sqsJournalPath?: string;
  /** Counts billable operations of the callers it knows (see metering.ts). */
  meter?: { meter: Meter; knownCallers: (id: string) => boolean };
  /** Told of every accepted send, to wake the queue's idle pollers. */
  signals?: QueueSignals;
}

export async function startEmbeddedServers(options: EmbeddedServerOptions): Promise<EmbeddedServers> {
  const dynamo = dynalite({ path: options.dynamodbPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // dynalite closes its LevelDB store only when its own server closes, so it listens (unused) too.
  await listen(dynamo, 0);
  // Clients talk to the transaction layer, which hands everything but TransactWriteItems to dynalite.
  const layer = new TransactionLayer(dynamo, { undoLogPath: options.dynamodbUndoLogPath, streamJournalPath: options.dynamodbStreamPath });
  const transactionsTakenBack = await layer.recover();
  const front = createServer(options.meter ? meterDynamo(layer.handle, options.meter.meter, layer.call, options.meter.knownCallers) : layer.handle);
  const dynamoPort = await listen(front, 0);
  // The SQS server keeps messages in memory; its journal (when given a file) makes an accepted message survive a crash.
  const sqsPort = await freePort();
  const { requestHandler, service } = createRequestHandler({ port: sqsPort, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const journal = new SqsJournal(requestHandler, options.sqsJournalPath);
  const journaled = options.signals ? options.signals.around(journal.handle) : journal.handle;
  const sqs = createServer(options.meter ? meterSqs(journaled, options.meter.meter, options.meter.knownCallers) : journaled);
  await listen(sqs, sqsPort);
  (service as { PORT: number }).PORT = sqsPort;
  return {
    dynamodbEndpoint: `http://127.0.0.1:${dynamoPort}`,
    sqsEndpoint: `http://127.0.0.1:${sqsPort}`,
    transactionsTakenBack,
    streams: layer.streams,
    async resendUndelivered(send) {
      const pending = journal.undelivered();
      for (const message of pending) {
        await send(message.queue, message.body, message.attributes);
        journal.retire(message);
      }
      return pending.length;
    },
    async close() {
      sqs.closeAllConnections();
      front.closeAllConnections();
      await Promise.all([close(sqs), close(front)]);
      await layer.idle(5_000);
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
