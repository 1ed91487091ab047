import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
import { BadCursor } from './cursor';
import { HttpProblem } from './errors';

export type ApiResult = APIGatewayProxyStructuredResultV2;
export type ApiEvent = APIGatewayProxyEventV2;

/** Problem `type` URIs are stable identifiers under this base. */
export const problemTypeBase = 'https://govflow.dev/problems/';

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function problemResult(problem: HttpProblem, instance?: string): ApiResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify({
      type: `${problemTypeBase}${problem.kind}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance,
      errors: problem.errors,
      allowedNow: problem.allowedNow,
    }),
  };
}

export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export interface BodyLimits {
  maxBytes: number;
}

/** Reads a JSON body and parses it with the schema; every failure is a 4xx problem. */
export function parseJsonBody<S extends z.ZodType>(event: ApiEvent, schema: S, limits: BodyLimits): z.infer<S> {
  const contentType = event.headers['content-type'];
  // Stryker disable next-line StringLiteral: any stand-in for a missing header fails the media-type test just as '' does.
  if (!/^application\/(.+\+)?json\b/i.test(contentType ?? '')) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Body must be application/json');
  }
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  // Stryker disable next-line StringLiteral: Node counts a string with an empty encoding name as UTF-8, so '' is the same count.
  if (Buffer.byteLength(raw, 'utf8') > limits.maxBytes) {
    throw new HttpProblem(413, 'body-too-large', 'Body too large', `The body must be at most ${limits.maxBytes} bytes.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HttpProblem(400, 'malformed-json', 'Body is not valid JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new HttpProblem(422, 'validation-failed', 'Body fails validation', 'See errors for each field.', zodIssues(result.error));
  }
  return result.data;
}

export type RouteHandler = (event: ApiEvent) => Promise<ApiResult>;

/**
 * Dispatches on API Gateway's routeKey and turns every failure into a problem document:
 * known problems keep their status, anything else is a 500 with no internals shown.
 */
export function routeApi(routes: Record<string, RouteHandler>, logger: Logger): (event: ApiEvent) => Promise<ApiResult> {
  return async (event) => {
    const route = routes[event.routeKey];
    try {
      if (!route) throw new HttpProblem(404, 'not-found', 'No such route');
      return await route(event);
    } catch (error) {
      if (error instanceof HttpProblem) return problemResult(error, event.rawPath);
      if (error instanceof BadCursor) return problemResult(new HttpProblem(400, 'bad-cursor', 'Unknown cursor', 'Pass the cursor of the previous page as it was given.'), event.rawPath);
      logger.error('unhandled error', { routeKey: event.routeKey, error: error instanceof Error ? error.name : 'unknown' });
      return problemResult(new HttpProblem(500, 'internal', 'Internal error', 'The request could not be completed; retry later.'), event.rawPath);
    }
  };
}
