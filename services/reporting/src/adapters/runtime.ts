import { createLogger, serviceRuntime } from '@govflow/platform';

export const logger = createLogger('reporting');

/** Reporting's functions send nothing themselves: the warnings they store are sent by its relay. */
export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  return serviceRuntime(env, []);
}
