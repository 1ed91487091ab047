import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createIntakeConsumer } from '../app/consumer';
import { logger, runtimeFromEnv } from '../adapters/runtime';
import { CallbackAudience } from '../adapters/callback-audience';
import { CallbacksRepository } from '../adapters/callbacks-repository';

const runtime = runtimeFromEnv(process.env, ['callbacks']);
const callbacks = new CallbacksRepository(runtime.doc, runtime.tableName);
const audience = new CallbackAudience((partnerId) => callbacks.listEndpoints(partnerId, true));

/** SQS (intake queue): status reports from dispatch and mediation; each change becomes a partner notice on the callbacks queue (for a partner with an endpoint). */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(createIntakeConsumer({ ...runtime, logger, listens: (partnerId) => audience.listens(partnerId) }));
