import type { Stage } from '@govflow/contracts';
import { createDocumentClient, createLogger, createSqsClient, OutboxRelay, readServiceEnv, SqsEventPublisher } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';

export const mediationSendsTo: readonly Stage[] = ['intake', 'reporting'];

export const logger = createLogger('mediation');

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const config = readServiceEnv(env, mediationSendsTo);
  const doc = createDocumentClient();
  const relay = new OutboxRelay(doc, config.tableName, new SqsEventPublisher(createSqsClient(), config.queueUrls), logger);
  return { config, doc, relay, region: loadRegion(config.regionId) };
}
