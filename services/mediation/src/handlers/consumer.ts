import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createMediationConsumer } from '../app/consumer';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const consumer = runtime.service.then((service) => createMediationConsumer({ ...runtime, service, logger }));

/** SQS (mediation queue): `mediation.requested` → a dispute with its code, tier and mediator. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event, context) => (await consumer)(event, context));
