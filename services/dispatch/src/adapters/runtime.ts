import { sendsTo, type QueueName } from '@govflow/contracts';
import { createLogger, retentionDays, serviceRuntime } from '@govflow/platform';
import type { RegionConfig } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import type { SupervisionSettings } from '../domain/workorder/supervision';
import { DispatchRepository } from './repository';

/** Dispatch tells intake and reporting what it decided, and hands disputes to mediation. */
export const dispatchSendsTo: readonly QueueName[] = sendsTo('dispatch');

export const logger = createLogger('dispatch');

/** `sends`: the queues the function sends to (the erasure, none). */
export function runtimeFromEnv(env: NodeJS.ProcessEnv, sends: readonly QueueName[] = dispatchSendsTo) {
  const runtime = serviceRuntime(env, sends);
  return { ...runtime, region: loadRegion(runtime.config.regionId) };
}

export function supervisionSettings(region: RegionConfig): SupervisionSettings {
  return {
    dueSoonFraction: region.settings.dueSoonFraction,
    noticeAfterWorkingDays: region.settings.noticeAfterWorkingDays,
    calendar: region.calendar,
    timeZone: region.timeZone,
  };
}

/** The table's repository, with the region's supervision and retention settings. */
export function repositoryFor(runtime: ReturnType<typeof runtimeFromEnv>, env: NodeJS.ProcessEnv): DispatchRepository {
  return new DispatchRepository(runtime.doc, runtime.tableName, supervisionSettings(runtime.region), { days: retentionDays(env, runtime.region), timeZone: runtime.region.timeZone });
}
