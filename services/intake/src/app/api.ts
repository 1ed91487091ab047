import { randomUUID } from 'node:crypto';
import { RevealAuditQuery, RevealRequestBody, SubmitRequestBody, type RevealAuditEntry } from '@govflow/contracts';
import { buildOpenApiDocument } from '@govflow/contracts/openapi';
import {
  authenticate,
  decryptPii,
  HttpProblem,
  json,
  parseJsonBody,
  requireRole,
  routeApi,
  type ApiEvent,
  type ApiKeyClaims,
  type Secrets,
} from '@govflow/platform';
import type { Logger } from '@aws-lambda-powertools/logger';
import { taxonomyList } from '../domain/taxonomy';
import { revealFields, toCaseView } from '../domain/view';
import { submitRequest, type SubmitDeps } from './submit';

/** Larger bodies are refused before parsing; attachments travel as URLs, not inline. */
export const maxRequestBodyBytes = 64 * 1024;
const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;

export interface IntakeApiDeps extends Omit<SubmitDeps, 'piiKey'> {
  secrets: Secrets;
  logger: Logger;
}

/** A case is read by the partner that submitted it and by operators; the partner id on any other role's key counts for nothing. */
function mayRead(caller: ApiKeyClaims, owner: string): boolean {
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
        const caller = authenticate(event.headers, deps.secrets.authSecret);
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
        const caller = authenticate(event.headers, deps.secrets.authSecret);
        const caseId = event.pathParameters?.caseId ?? '';
        const record = /^[0-9a-f-]{36}$/.test(caseId) ? await deps.repository.getCase(caseId) : undefined;
        // Another partner's case, or any case for a role that reads none, is reported as absent, not forbidden: its existence is not theirs to learn.
        if (!record || !mayRead(caller, record.partnerId)) {
          throw new HttpProblem(404, 'case-not-found', 'No such case', `No case ${caseId} for this partner.`);
        }
        return json(200, toCaseView(record));
      },
      'POST /v1/requests/{caseId}/reveal': async (event: ApiEvent) => {
        const caller = authenticate(event.headers, deps.secrets.authSecret);
        requireRole(caller, ['operator'], 'Only operators may see a reporter’s personal data unmasked');
        const body = parseJsonBody(event, RevealRequestBody, { maxBytes: 4096 });
        const caseId = event.pathParameters?.caseId ?? '';
        const record = /^[0-9a-f-]{36}$/.test(caseId) ? await deps.repository.getCase(caseId) : undefined;
        if (!record) throw new HttpProblem(404, 'case-not-found', 'No such case', `No case ${caseId}.`);
        const entry: RevealAuditEntry = {
          auditId: randomUUID(),
          at: deps.now().toISOString(),
          by: { id: caller.partnerId, role: caller.role },
          caseId: record.caseId,
          caseNumber: record.caseNumber,
          fields: [...new Set(body.fields)],
          reason: body.reason,
        };
        // Written before anything is unsealed: a reveal that cannot be recorded does not happen.
        await deps.repository.appendReveal(entry);
        deps.logger.info('personal data revealed', { caseId: record.caseId, auditId: entry.auditId, fields: entry.fields, role: caller.role });
        const revealed = revealFields(record, entry.fields, (sealed) => decryptPii(deps.secrets.piiKey, sealed));
        return json(200, { ...revealed, auditId: entry.auditId }, { 'cache-control': 'no-store' });
      },
      'GET /v1/audit/reveals': async (event: ApiEvent) => {
        const caller = authenticate(event.headers, deps.secrets.authSecret);
        requireRole(caller, ['administrator', 'operator'], 'The reveal audit is read by administrators');
        const query = RevealAuditQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) {
          throw new HttpProblem(422, 'bad-query', 'Bad audit query', query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
        }
        return json(200, await deps.repository.listReveals(query.data.month, query.data));
      },
      'GET /v1/taxonomy': async (event: ApiEvent) => {
        authenticate(event.headers, deps.secrets.authSecret);
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
