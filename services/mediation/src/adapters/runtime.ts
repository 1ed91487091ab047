import type { Stage } from '@govflow/contracts';
import { createLogger, serviceRuntime } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';

/** Mediation reports openings to intake (for the partner) and reporting. */
export const mediationSendsTo: readonly Stage[] = ['intake', 'reporting'];

export const logger = createLogger('mediation');

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const runtime = serviceRuntime(env, mediationSendsTo, logger);
  return { ...runtime, region: loadRegion(runtime.config.regionId) };
}
