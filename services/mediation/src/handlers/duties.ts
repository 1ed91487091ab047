import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);

/**
 * Scheduled (EventBridge, every minute): tier time limits, queued disputes, 司法确认
 * reminders and follow-ups due, at the schedule's own time (tests drive it with any clock).
 */
export const handler = middy<ScheduledEvent, { acted: number; retried: number; skipped: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await (await runtime.service).sweep(event.time ? new Date(event.time) : new Date());
    if (result.acted + result.retried + result.skipped > 0) logger.info('mediation duties swept', result);
    return result;
  });
