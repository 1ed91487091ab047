import { sendsTo, type QueueName } from '@govflow/contracts';
import { createLogger, retentionDays, serviceRuntime } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { IntakeRepository } from './repository';

/** Queues intake's API and sweeper send to: `case.received` goes to dispatch, reporting and callbacks (the acceptance notice). */
export const intakeSendsTo: readonly QueueName[] = sendsTo('intake');

export const logger = createLogger('intake');

export function runtimeFromEnv(env: NodeJS.ProcessEnv, sendsTo: readonly QueueName[]) {
  const runtime = serviceRuntime(env, sendsTo);
  const region = loadRegion(runtime.config.regionId);
  return { ...runtime, repository: new IntakeRepository(runtime.doc, runtime.tableName), region, retentionDays: retentionDays(env, region) };
}
