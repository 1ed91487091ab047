import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createCallbacksConsumer } from '../app/callbacks-consumer';
import { callbackDeliveryFromEnv } from '../adapters/callbacks-runtime';
import { logger } from '../adapters/runtime';

const { delivery, deadLetter } = callbackDeliveryFromEnv(process.env);
const consumer = delivery.then((d) => createCallbacksConsumer({ delivery: d, logger, deadLetter }));

/** SQS (callbacks queue): partner notices, posted to each partner's endpoints in order per case. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: SQSEvent, context: Context) => (await consumer)(event, context));
