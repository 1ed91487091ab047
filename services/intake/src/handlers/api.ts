import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadSecrets } from '@govflow/platform';
import { createIntakeApi } from '../app/api';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, intakeSendsTo);
const api = loadSecrets(process.env).then((secrets) =>
  createIntakeApi({ ...runtime, secrets, logger, now: () => new Date() }),
);

/** API Gateway (HTTP API, payload 2.0): POST /v1/requests, GET /v1/requests/{caseId}, GET /v1/openapi.json. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => (await api)(event));
