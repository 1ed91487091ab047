import type { Stage } from '@govflow/contracts';
import {
  createDocumentClient,
  createLogger,
  createSqsClient,
  OutboxRelay,
  readServiceEnv,
  SqsEventPublisher,
} from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { IntakeRepository } from './repository';

/** Queues intake sends to: `case.received` goes to dispatch and reporting. */
export const intakeSendsTo: readonly Stage[] = ['dispatch', 'reporting'];

export const logger = createLogger('intake');

/** Wiring for a deployed function, from its environment; built once per cold start. */
export function runtimeFromEnv(env: NodeJS.ProcessEnv, sendsTo: readonly Stage[]) {
  const config = readServiceEnv(env, sendsTo);
  const doc = createDocumentClient();
  const relay = new OutboxRelay(doc, config.tableName, new SqsEventPublisher(createSqsClient(), config.queueUrls), logger);
  return {
    config,
    doc,
    relay,
    repository: new IntakeRepository(doc, config.tableName),
    region: loadRegion(config.regionId),
  };
}
