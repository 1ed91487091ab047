import type { Stage } from '@govflow/contracts';
import { createDocumentClient, createLogger, createSqsClient, OutboxRelay, readServiceEnv, SqsEventPublisher } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';

/** Dispatch tells intake and reporting what it decided, and hands disputes to mediation. */
export const dispatchSendsTo: readonly Stage[] = ['intake', 'mediation', 'reporting'];

export const logger = createLogger('dispatch');

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const config = readServiceEnv(env, dispatchSendsTo);
  const doc = createDocumentClient();
  const relay = new OutboxRelay(doc, config.tableName, new SqsEventPublisher(createSqsClient(), config.queueUrls), logger);
  return { config, doc, relay, region: loadRegion(config.regionId) };
}
