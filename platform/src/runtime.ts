import type { QueueName } from '@govflow/contracts';
import { createDocumentClient, createSqsClient } from './aws';
import { readServiceEnv } from './env';
import { serviceMetrics } from './metrics';
import { SqsEventPublisher } from './publisher';

/** What every deployed function of a service needs, from its environment; built once per cold start. */
export function serviceRuntime(env: NodeJS.ProcessEnv, sendsTo: readonly QueueName[]) {
  const config = readServiceEnv(env, sendsTo);
  const doc = createDocumentClient();
  const metrics = serviceMetrics(env.POWERTOOLS_SERVICE_NAME ?? 'govflow');
  const publisher = new SqsEventPublisher(createSqsClient(), config.queueUrls);
  return { config, doc, publisher, metrics, tableName: config.tableName };
}
