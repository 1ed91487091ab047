import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createChangeLog } from '../app/changes';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, []);

/** Intake's table stream: the changes partners see, into the log `GET /v1/requests?changedSince=` reads (ADR 0027). */
export const handler = middy<DynamoDBStreamEvent, { logged: number }>().use(injectLambdaContext(logger)).handler(createChangeLog({ repository: runtime.repository, logger }));
