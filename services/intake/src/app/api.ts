import { randomUUID } from 'node:crypto';
import { SubmitRequestBody } from '@govflow/contracts';
import { buildOpenApiDocument } from '@govflow/contracts/openapi';
import {
  callerOf,
  decryptPii,
  HttpProblem,
  json,
  parseJsonBody,
  requireRole,
  routeApi,
  type ApiEvent,
  type Caller,
  type Secrets,
} from '@govflow/platform';
import type { Logger } from '@aws-lambda-powertools/logger';
import { taxonomyList } from '../domain/taxonomy';
import { toCaseView } from '../domain/view';
import { submitRequest, type SubmitDeps } from './submit';

/** Larger bodies are refused before parsing; attachments travel as URLs, not inline. */
export const maxRequestBodyBytes = 64 * 1024;
const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;

export interface IntakeApiDeps extends Omit<SubmitDeps, 'piiKey'> {
  secrets: Secrets;
  logger: Logger;
}

/** A case is read by the partner that submitted it and by operators; the partner id on any other role's key counts for nothing. */
function mayRead(caller: Caller, owner: string): boolean {
  return caller.role === 'operator' || (caller.role === 'partner' && caller.partnerId === owner);
}

/** The intake routes as a plain function of their dependencies (tests build it directly). */
export function createIntakeApi(deps: IntakeApiDeps) {
  const submitDeps: SubmitDeps = { ...deps, piiKey: deps.secrets.piiKey };
  let openApi: string | undefined;
  let taxonomy: string | undefined;

  return routeApi(
    {
      'POST /v1/requests': async (event: ApiEvent) => {
        const caller = callerOf(event);
        // Partner systems submit for citizens; staff keys may name a partner, but that makes them none.
        requireRole(caller, ['partner'], 'Requests are submitted by partner systems');
        const idempotencyKey = event.headers['idempotency-key'];
        if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
          throw new HttpProblem(400, 'bad-idempotency-key', 'Idempotency-Key must be 1–128 printable ASCII characters');
        }
        const body = parseJsonBody(event, SubmitRequestBody, { maxBytes: maxRequestBodyBytes });
        const traceId = event.headers['x-trace-id'] ?? event.requestContext.requestId ?? randomUUID();
        const { answer, replayed } = await submitRequest(submitDeps, caller, body, idempotencyKey, traceId);
        deps.logger.info('request accepted', { caseId: answer.caseId, caseNumber: answer.caseNumber, partnerId: caller.partnerId, replayed });
        return json(202, answer, {
          location: `/v1/requests/${answer.caseId}`,
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
      },
      'GET /v1/requests/{caseId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const caseId = event.pathParameters?.caseId ?? '';
        const record = /^[0-9a-f-]{36}$/.test(caseId) ? await deps.repository.getCase(caseId) : undefined;
        // Another partner's case, or any case for a role that reads none, is reported as absent, not forbidden: its existence is not theirs to learn.
        if (!record || !mayRead(caller, record.partnerId)) {
          throw new HttpProblem(404, 'case-not-found', 'No such case', `No case ${caseId} for this partner.`);
        }
        const reveal = caller.role === 'operator' ? (sealed: string) => decryptPii(deps.secrets.piiKey, sealed) : undefined;
        return json(200, toCaseView(record, reveal));
      },
      'GET /v1/taxonomy': async (event: ApiEvent) => {
        callerOf(event);
        taxonomy ??= JSON.stringify(taxonomyList(deps.region));
        return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: taxonomy };
      },
      'GET /v1/openapi.json': async () => {
        openApi ??= JSON.stringify(buildOpenApiDocument());
        return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: openApi };
      },
    },
    deps.logger,
  );
}
