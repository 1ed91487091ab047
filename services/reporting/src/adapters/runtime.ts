import { createLogger, serviceRuntime } from '@govflow/platform';

export const logger = createLogger('reporting');

/** Reporting emits nothing: its relay only serves the consumer shell's contract. */
export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  return serviceRuntime(env, [], logger);
}
