import { sendsTo, type QueueName } from '@govflow/contracts';
import { createLogger, serviceRuntime } from '@govflow/platform';
import type { RegionConfig } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import type { SupervisionSettings } from '../domain/workorder/supervision';

/** Dispatch tells intake and reporting what it decided, and hands disputes to mediation. */
export const dispatchSendsTo: readonly QueueName[] = sendsTo('dispatch');

export const logger = createLogger('dispatch');

export function runtimeFromEnv(env: NodeJS.ProcessEnv) {
  const runtime = serviceRuntime(env, dispatchSendsTo, logger);
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
