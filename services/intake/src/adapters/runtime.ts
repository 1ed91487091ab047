import { sendsTo, type Stage } from '@govflow/contracts';
import { createLogger, serviceRuntime } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { IntakeRepository } from './repository';

/** Queues intake sends to: `case.received` goes to dispatch and reporting. */
export const intakeSendsTo: readonly Stage[] = sendsTo('intake');

export const logger = createLogger('intake');

export function runtimeFromEnv(env: NodeJS.ProcessEnv, sendsTo: readonly Stage[]) {
  const runtime = serviceRuntime(env, sendsTo, logger);
  return { ...runtime, repository: new IntakeRepository(runtime.doc, runtime.tableName), region: loadRegion(runtime.config.regionId) };
}
