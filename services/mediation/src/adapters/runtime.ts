import { sendsTo, type QueueName } from '@govflow/contracts';
import { createLogger, loadSecrets, serviceRuntime } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { MediationService } from '../app/service';
import { MediationRepository } from './repository';

/** Mediation reports every step of a dispute to intake (for the citizen's case) and reporting. */
export const mediationSendsTo: readonly QueueName[] = sendsTo('mediation');

export const logger = createLogger('mediation');

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const runtime = serviceRuntime(env, mediationSendsTo, logger);
  const region = loadRegion(runtime.config.regionId);
  const repository = new MediationRepository(runtime.doc, runtime.tableName, region.mediation.settings);
  /** Built once the secrets are read: documents and parties are sealed with the personal-data key. */
  const service = loadSecrets(env).then(
    (secrets) => new MediationService({ region, repository, relay: runtime.relay, piiKey: secrets.piiKey, logger, now: () => new Date() }),
  );
  return { ...runtime, region, repository, service };
}
