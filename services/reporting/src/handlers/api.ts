import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadSecrets } from '@govflow/platform';
import { createReportingApi } from '../app/api';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const api = loadSecrets(process.env).then((secrets) =>
  createReportingApi({
    regionId: runtime.config.regionId,
    repository: new ReportingRepository(runtime.doc, runtime.config.tableName),
    secrets,
    logger,
    now: () => new Date(),
  }),
);

/** API Gateway (HTTP API, payload 2.0): GET /v1/reports/summary. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => (await api)(event));
