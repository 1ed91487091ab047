import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadRegion } from '@govflow/regions';
import { createReportingConsumer } from '../app/consumer';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const region = loadRegion(runtime.config.regionId);

/** SQS (reporting queue): a copy of every event. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(createReportingConsumer({ ...runtime, region, logger }));
