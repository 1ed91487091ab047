import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { callbackDeliveryFromEnv } from '../adapters/callbacks-runtime';
import { logger } from '../adapters/runtime';

const { delivery } = callbackDeliveryFromEnv(process.env);
/** Leaves room, within the function's 60 s, for the attempts already under way to time out. */
const budgetMs = 40_000;

/** Scheduled: retries failed partner notices whose time has come, and sends those that waited for the sweep. */
export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const result = await (await delivery).sweep(budgetMs);
    if (result.streams > 0) logger.info('callback retries swept', result);
    return result;
  });
