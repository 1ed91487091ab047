import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadSecrets, type Secrets } from './secrets';

/** The Lambda entry of an HTTP API function: secrets read once per cold start, then the routes. */
export function apiEntry(logger: Logger, build: (secrets: Secrets) => (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) {
  const api = loadSecrets(process.env).then(build);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => (await api)(event));
}
