import { createDocumentClient, createLogger, createSqsClient, OutboxRelay, readServiceEnv, SqsEventPublisher } from '@govflow/platform';

export const logger = createLogger('reporting');

/** Reporting emits nothing; its relay exists only to satisfy the consumer shell's contract. */
export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const config = readServiceEnv(env, []);
  const doc = createDocumentClient();
  const relay = new OutboxRelay(doc, config.tableName, new SqsEventPublisher(createSqsClient(), config.queueUrls), logger);
  return { config, doc, relay };
}
