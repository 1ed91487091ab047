import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';

/** What one run of a scheduled erasure did (see `sweepErasures`). */
export interface ErasureTally {
  erased: number;
  stale: number;
  retried: number;
  finished: boolean;
}

/**
 * Scheduled entry point of a service's personal-data erasure (ADR 0013, hourly): runs it for
 * the schedule's own time (so a test drives it with any clock) and logs what it did.
 */
export function erasureSweeper(logger: Logger, erase: (now: Date) => Promise<ErasureTally>) {
  return middy<ScheduledEvent, ErasureTally>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const result = await erase(event.time ? new Date(event.time) : new Date());
      if (result.erased + result.stale + result.retried > 0) logger.info('personal data erasure swept', { ...result });
      return result;
    });
}
