import { randomUUID } from 'node:crypto';
import { CaseListQuery, caseNumberPattern, RevealAuditQuery, RevealRequestBody, SubmitRequestBody, UploadRequestBody, type RevealAuditEntry, type UploadGranted } from '@govflow/contracts';
import { fileViews } from '@govflow/platform/object-store';
import { openApiDocumentText } from '@govflow/contracts/published';
import {
  callerOf,
  checkUploadRequest,
  incomingKey,
  newUploadId,
  HttpProblem,
  json,
  parseJsonBody,
  requireRole,
  routeApi,
  type ApiEvent,
  type Caller,
  type KeyStore,
  type Secrets,
  zodIssues,
} from '@govflow/platform';
import type { Logger } from '@aws-lambda-powertools/logger';
import { taxonomyList } from '../domain/taxonomy';
import { revealFields, toCaseView } from '../domain/view';
import type { CallbacksRepository } from '../adapters/callbacks-repository';
import { callbacksRoutes } from './callbacks-api';
import { open311Routes } from './open311';
import { submitRequest, type SubmitDeps } from './submit';

/** Larger bodies are refused before parsing; attachments travel as URLs, not inline. */
export const maxRequestBodyBytes = 64 * 1024;
const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;

export interface IntakeApiDeps extends Omit<SubmitDeps, 'logger'> {
  secrets: Secrets;
  /** Partner key records, for the Open311 routes' own key check (their key is not in the Authorization header). */
  keys: Pick<KeyStore, 'get'>;
  logger: Logger;
  callbacks: CallbacksRepository;
  /** Callback URLs may be plain http://localhost (the local system only). */
  allowLocalHttp: boolean;
  gapWaitMs: number;
}

/** A case is read by the partner that submitted it and by operators; the partner id on any other role's key counts for nothing. */
function mayRead(caller: Caller, owner: string): boolean {
  return caller.role === 'operator' || (caller.role === 'partner' && caller.partnerId === owner);
}

/** The intake routes as a plain function of their dependencies (tests build it directly). */
export function createIntakeApi(deps: IntakeApiDeps) {
  const submitDeps: SubmitDeps = deps;
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
      'POST /v1/uploads': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const body = parseJsonBody(event, UploadRequestBody, { maxBytes: 4096 });
        checkUploadRequest(caller, body);
        const uploadId = newUploadId();
        const presigned = await deps.store.presignUpload({
          key: incomingKey(body.purpose, caller, uploadId),
          contentType: body.contentType,
          size: body.size,
          fileName: body.fileName,
          now: deps.now(),
        });
        // The file name may carry a person's name: not logged.
        deps.logger.info('upload granted', { uploadId, purpose: body.purpose, contentType: body.contentType, size: body.size, role: caller.role });
        const granted: UploadGranted = { uploadId, method: 'PUT', url: presigned.url, headers: presigned.headers, expiresAt: presigned.expiresAt.toISOString() };
        return json(201, granted);
      },
      'GET /v1/requests': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireRole(caller, ['partner', 'operator'], 'Case lists are for partner systems (their own cases) and operators');
        const parsed = CaseListQuery.safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) throw new HttpProblem(422, 'validation-failed', 'Query fails validation', 'Give either externalId or changedSince (ISO 8601 with offset); see errors.', zodIssues(parsed.error));
        const query = parsed.data;
        // A partner lists its own cases, whatever it names; an operator names the partner.
        const partnerId = caller.role === 'partner' ? caller.partnerId : query.partnerId;
        if (!partnerId) throw new HttpProblem(422, 'partner-required', 'Name the partner: ?partnerId=…');
        const page =
          query.externalId !== undefined
            ? await deps.repository.findByExternalId(partnerId, query.externalId, query.limit, query.cursor)
            : await deps.repository.changedSince(partnerId, query.changedSince!, query.limit, query.cursor);
        // Masked for every role, as one case is: the originals only through the audited reveal.
        return json(200, { items: page.items.map((r) => toCaseView(r)), cursor: page.cursor });
      },
      'GET /v1/requests/{caseId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const caseId = event.pathParameters?.caseId ?? '';
        // By id, or by the number read to the citizen (WH-20261124-000042).
        const record = /^[0-9a-f-]{36}$/.test(caseId)
          ? await deps.repository.getCase(caseId)
          : caseNumberPattern.test(caseId)
            ? await deps.repository.findByNumber(caseId)
            : undefined;
        // Another partner's case, or any case for a role that reads none, is reported as absent, not forbidden: its existence is not theirs to learn.
        if (!record || !mayRead(caller, record.partnerId)) {
          throw new HttpProblem(404, 'case-not-found', 'No such case', `No case ${caseId} for this partner.`);
        }
        // Download URLs are signed only here, after the visibility check, and only for this reader.
        const files = await fileViews(deps.store, record.files ?? [], deps.now());
        return json(200, toCaseView(record, files));
      },
      'POST /v1/requests/{caseId}/reveal': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireRole(caller, ['operator'], 'Only operators may see a reporter’s personal data unmasked');
        const body = parseJsonBody(event, RevealRequestBody, { maxBytes: 4096 });
        const caseId = event.pathParameters?.caseId ?? '';
        const record = /^[0-9a-f-]{36}$/.test(caseId) ? await deps.repository.getCase(caseId, { sealed: true }) : undefined;
        if (!record) throw new HttpProblem(404, 'case-not-found', 'No such case', `No case ${caseId}.`);
        if (record.personalDataErasedAt) {
          throw new HttpProblem(410, 'personal-data-erased', 'Gone', `The personal data of case ${record.caseNumber} was erased on ${record.personalDataErasedAt}, its retention period after closing having passed.`);
        }
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
        await deps.sealer.load(record);
        const revealed = revealFields(record, entry.fields, (sealed) => deps.sealer.unseal(sealed));
        return json(200, { ...revealed, auditId: entry.auditId }, { 'cache-control': 'no-store' });
      },
      'GET /v1/audit/reveals': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireRole(caller, ['administrator', 'operator'], 'The reveal audit is read by administrators');
        const query = RevealAuditQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) {
          throw new HttpProblem(422, 'bad-query', 'Bad audit query', query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
        }
        return json(200, await deps.repository.listReveals(query.data.month, query.data));
      },
      'GET /v1/taxonomy': async (event: ApiEvent) => {
        callerOf(event);
        taxonomy ??= JSON.stringify(taxonomyList(deps.region));
        return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: taxonomy };
      },
      ...callbacksRoutes(deps),
      'GET /v1/openapi.json': async () => {
        // Kept pretty-printed for readers of the repository; served compact.
        openApi ??= JSON.stringify(JSON.parse(openApiDocumentText()));
        return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: openApi };
      },
      ...open311Routes({ ...deps, submitDeps, maxBodyBytes: maxRequestBodyBytes }),
    },
    deps.logger,
  );
}
