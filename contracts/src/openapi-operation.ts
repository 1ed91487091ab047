import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { Problem } from './api';

/** The OpenAPI tags: one per service. The conventions every operation follows are at the top of `openapi.ts`. */
export const serviceTags = {
  intake: 'Citizen requests (诉求): submit, follow, find by number, externalId or change; the category list; this document.',
  dispatch: 'Triage, work orders (工单) and their steps: 派遣 → 签收 / 退单 → 转办 → 延期 → 办结 → 验 → 评.',
  mediation: 'Disputes (矛盾纠纷) at the one-door mediation centres (矛调中心), their steps and documents; the mediator directory.',
  reporting: 'KPIs, 考核, 预警, 每月一题, the daily report and summaries, read from counters kept as events arrive.',
  open311: 'Open311 GeoReport v2 (services, requests, tokens) in JSON and XML, for tools that speak that standard; its own key field and error format.',
} as const;
export type Service = keyof typeof serviceTags;

type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422;
type Success = { description: string; schema: z.ZodType; example?: unknown; mediaType?: string; headers?: Record<string, { description: string; schema: { type: 'string' } }> };
type ProblemSpec = string | { why: string; type: string; detail?: string; allowedNow?: { action: string; roles: string[] }[] };

export interface OperationSpec {
  operationId: string;
  service: Service;
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  description: string;
  /** Who may call it: role names, any valid key, or anyone. */
  roles: readonly string[] | 'any key' | 'public';
  request?: RouteConfig['request'];
  /** Each success status: one media type, or several (JSON and CSV). */
  responses: Partial<Record<200 | 201 | 202, Success | Success[]>>;
  /** Every 4xx the route answers besides 401 and 429, with why; and the example's problem `type` when it is not the usual one for the status. */
  errors: Partial<Record<ErrorStatus, ProblemSpec>>;
}

const problemBase = 'https://govflow.dev/problems/';
const usualProblem: Record<ErrorStatus | 401, { type: string; title: string }> = {
  400: { type: 'malformed-json', title: 'Body is not valid JSON' },
  401: { type: 'unauthorized', title: 'Missing or invalid credentials' },
  403: { type: 'forbidden', title: 'Not allowed for this role' },
  404: { type: 'not-found', title: 'Not found' },
  409: { type: 'concurrent-change', title: 'Changed meanwhile' },
  410: { type: 'gone', title: 'Gone' },
  413: { type: 'body-too-large', title: 'Body too large' },
  415: { type: 'unsupported-media-type', title: 'Body must be application/json' },
  422: { type: 'validation-failed', title: 'Fails validation' },
};

/** An example that its schema accepts, or a throw while the document is built. */
export function checked(schema: z.ZodType, example: unknown, where: string): unknown {
  const result = schema.safeParse(example);
  if (!result.success) throw new Error(`OpenAPI example for ${where} does not match its schema: ${result.error.message}`);
  return example;
}

export function problemResponse(status: ErrorStatus | 401, spec: ProblemSpec) {
  const given = typeof spec === 'object' ? spec : undefined;
  const why = typeof spec === 'string' ? spec : spec.why;
  const example = {
    type: `${problemBase}${given?.type ?? usualProblem[status].type}`,
    title: usualProblem[status].title,
    status,
    detail: given?.detail ?? why,
    ...(given?.allowedNow ? { allowedNow: given.allowedNow } : {}),
  };
  return { description: why, content: { 'application/problem+json': { schema: Problem, example: checked(Problem, example, `problem ${status}`) } } };
}

/** API Gateway's own answer when the region's request rate is exceeded (not a problem document). */
const throttled = {
  description: 'Throttled by the gateway: retry after a pause, with backoff.',
  content: { 'application/json': { schema: z.object({ message: z.string() }), example: { message: 'Too Many Requests' } } },
};

/** Refused by the gateway's authorizer, or by the function reading its verdict. */
export const unauthorizedWhy = 'Missing, malformed, forged, expired or revoked partner key or staff token: send `Authorization: Bearer <key or token>`.';

/**
 * The credentials an operation behind the gateway's authorizer takes: partner keys and staff
 * tokens, or partner keys alone where only partner systems may call (a token never names a partner).
 */
export function securityFor(roles: readonly string[] | 'any key'): Record<string, string[]>[] {
  return roles !== 'any key' && roles.every((r) => r === 'partner') ? [{ partnerKey: [] }] : [{ partnerKey: [] }, { staffToken: [] }];
}

function rolesSentence(roles: OperationSpec['roles']): string {
  if (roles === 'public') return 'Roles: anyone, no key needed.';
  if (roles === 'any key') return 'Roles: any valid key or staff token.';
  return `Roles: ${roles.join(', ')}.`;
}

/** Registers one operation with everything the conventions in `openapi.ts` require. */
export function operation(registry: OpenAPIRegistry, spec: OperationSpec): void {
  const isPublic = spec.roles === 'public';
  const responses: RouteConfig['responses'] = {};
  for (const [status, given] of Object.entries(spec.responses)) {
    const list = Array.isArray(given) ? given : [given!];
    responses[status] = {
      description: list.map((s) => s.description).join(' '),
      headers: list[0]!.headers,
      content: Object.fromEntries(
        list.map((s) => [
          s.mediaType ?? 'application/json',
          { schema: s.schema, ...(s.example === undefined ? {} : { example: checked(s.schema, s.example, `${spec.operationId} ${status}`) }) },
        ]),
      ),
    };
  }
  if (!isPublic) responses[401] = problemResponse(401, unauthorizedWhy);
  for (const [status, why] of Object.entries(spec.errors)) responses[status] = problemResponse(Number(status) as ErrorStatus, why);
  responses[429] = throttled;
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tags: [spec.service],
    summary: spec.summary,
    description: `${spec.description}\n\n${rolesSentence(spec.roles)}`,
    'x-roles': spec.roles === 'public' ? [] : spec.roles === 'any key' ? ['*'] : [...spec.roles],
    security: spec.roles === 'public' ? [] : securityFor(spec.roles),
    request: spec.request,
    responses,
  });
}

/** A bulleted list of each step and who may take it, for an action route's description. */
export function actionTable(roles: Record<string, readonly string[]>): string {
  return Object.entries(roles)
    .map(([action, who]) => `- \`${action}\`: ${who.join(', ')}`)
    .join('\n');
}
