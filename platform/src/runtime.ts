import type { Logger } from '@aws-lambda-powertools/logger';
import type { QueueName } from '@govflow/contracts';
import { createDocumentClient, createSqsClient } from './aws';
import { readServiceEnv } from './env';
import { serviceMetrics } from './metrics';
import { OutboxRelay } from './outbox';
import { SqsEventPublisher } from './publisher';

/** What every deployed function of a service needs, from its environment; built once per cold start. */
export function serviceRuntime(env: NodeJS.ProcessEnv, sendsTo: readonly QueueName[], logger: Logger) {
  const config = readServiceEnv(env, sendsTo);
  const doc = createDocumentClient();
  const metrics = serviceMetrics(env.POWERTOOLS_SERVICE_NAME ?? 'govflow');
  const relay = new OutboxRelay(doc, config.tableName, new SqsEventPublisher(createSqsClient(), config.queueUrls), logger, metrics);
  return { config, doc, relay, metrics, tableName: config.tableName };
}
