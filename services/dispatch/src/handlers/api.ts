import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadSecrets } from '@govflow/platform';
import { createDispatchApi } from '../app/api';
import { DispatchRepository } from '../adapters/repository';
import { logger, runtimeFromEnv, supervisionSettings } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const api = loadSecrets(process.env).then((secrets) =>
  createDispatchApi({
    region: runtime.region,
    repository: new DispatchRepository(runtime.doc, runtime.tableName, supervisionSettings(runtime.region)),
    relay: runtime.relay,
    secrets,
    logger,
    now: () => new Date(),
  }),
);

/** API Gateway (HTTP API, payload 2.0): GET /v1/triage, POST /v1/cases/{caseId}/classification. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => (await api)(event));
