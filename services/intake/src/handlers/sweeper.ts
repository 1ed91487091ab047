import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, intakeSendsTo);
/** Events younger than this are still being sent inline by the request that stored them. */
const graceMs = 5_000;

/** Scheduled: sends outbox events whose inline send failed (a crash or a queue outage). */
export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const result = await runtime.relay.sweep(new Date(), graceMs);
    if (result.delivered + result.failed > 0) logger.info('outbox swept', { ...result });
    return result;
  });
