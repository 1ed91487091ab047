import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadRegion } from '@govflow/regions';
import { createFold, type StreamWindowEvent, type StreamWindowResponse } from '../app/fold';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const region = loadRegion(runtime.config.regionId);

/** DynamoDB stream of reporting's table: the counter changes written on case records, added to the counters (ADR 0022). */
export const handler = middy<StreamWindowEvent, StreamWindowResponse>()
  .use(injectLambdaContext(logger))
  .handler(createFold({ ...runtime, region, logger }));
