import { sendsTo, type QueueName } from '@govflow/contracts';
import { createLogger, loadSecrets, retentionDays, sealerFor, serviceRuntime } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { MediationService } from '../app/service';
import { MediationRepository } from './repository';

/** Mediation reports every step of a dispute to intake (for the citizen's case) and reporting. */
export const mediationSendsTo: readonly QueueName[] = sendsTo('mediation');

export const logger = createLogger('mediation');

/** The table and the region, for functions that hold no key and send nothing (the erasure). */
export function storeFromEnv(env: NodeJS.ProcessEnv, sendsTo: readonly QueueName[] = []) {
  const runtime = serviceRuntime(env, sendsTo);
  const region = loadRegion(runtime.config.regionId);
  const repository = new MediationRepository(runtime.doc, runtime.tableName, region.mediation.settings, { days: retentionDays(env, region), timeZone: region.timeZone });
  return { ...runtime, region, repository };
}

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const { region, repository, ...runtime } = storeFromEnv(env, mediationSendsTo);
  /** Built once the secrets are read: documents and parties are sealed with the personal-data key. */
  const service = loadSecrets(env).then(async (secrets) => {
    const sealer = sealerFor(env, secrets);
    // One data key per cold start, fetched before the first step seals with it.
    await sealer.ready();
    return new MediationService({ region, repository, piiKey: secrets.piiKey, sealer, logger, now: () => new Date() });
  });
  return { ...runtime, region, repository, service };
}
