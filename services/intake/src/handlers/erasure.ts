import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { eraseDuePersonalData } from '../app/erasure';
import { createObjectStore } from '@govflow/platform/object-store';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = { ...runtimeFromEnv(process.env, []), store: createObjectStore(process.env) };

/** Scheduled (EventBridge, hourly): erases the personal data of cases whose retention has passed (ADR 0013). */
export const handler = middy<ScheduledEvent, Awaited<ReturnType<typeof eraseDuePersonalData>>>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await eraseDuePersonalData({ ...runtime, logger }, event.time ? new Date(event.time) : new Date());
    if (result.erased + result.stale + result.retried > 0) logger.info('personal data erasure swept', result);
    return result;
  });
