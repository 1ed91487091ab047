import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { registerReportPaths } from './openapi-reports';
import { CaseView, ClassificationBody, Problem, ReportSummary, SubmitAccepted, SubmitRequestBody, SummaryQuery, TaxonomyList, TriageList, WorkOrderActionBody } from './api';
import { DisputeActionBody, DisputeList, DisputeListQuery, DisputeRegistered, DisputeView, MediatorBody, MediatorList, MediatorView, RegisterDisputeBody } from './disputes';

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** The partner API's OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(serverUrl?: string): object {
  const registry = new OpenAPIRegistry();
  const partnerKey = registry.registerComponent('securitySchemes', 'partnerKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Partner API key (`gfk.<payload>.<signature>`), issued per partner system by the region\'s administrator with its scopes. ' +
      'Keys can be revoked, and rotated with a grace period for the old key; the gateway refuses a revoked or expired key within 5 minutes.',
  });
  const staffToken = registry.registerComponent('securitySchemes', 'staffToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Staff sign-in token (RS256/ES256 JWT) from the region\'s OIDC issuer (a Cognito user pool, or the local issuer of `npm start`, ' +
      'whose keys are at `/.well-known/jwks.json`). Its claims carry the role and jurisdiction: `role`, and `departmentId`, `mediatorId` ' +
      'or `committeeId` (Cognito: `custom:role` …).',
  });
  // Either credential; which roles each operation admits is in its description.
  const security = [{ [partnerKey.name]: [] }, { [staffToken.name]: [] }];

  registry.registerPath({
    method: 'post',
    path: '/v1/requests',
    summary: 'Submit a citizen request (受理)',
    security,
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().min(1).max(128).optional() }),
      body: { content: { 'application/json': { schema: SubmitRequestBody } } },
    },
    responses: {
      202: { description: 'Accepted and numbered', content: { 'application/json': { schema: SubmitAccepted } } },
      400: problemResponse('Malformed JSON'),
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
      403: problemResponse('Not a partner key, a channel not allowed for this partner, or a location outside its area'),
      409: problemResponse('Idempotency-Key reused with a different body'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Body fails validation'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/requests/{caseId}',
    summary: "A case's status, category, handler, deadline and history",
    security,
    request: { params: z.object({ caseId: z.string() }) },
    responses: {
      200: { description: 'The case', content: { 'application/json': { schema: CaseView } } },
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
      404: problemResponse('No such case for this caller (another partner’s case, or any case for a role other than partner and operator)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/summary',
    summary: 'Totals by status, major category, district, department and channel (reads every case in the range; prefer /v1/reports/kpis)',
    security,
    request: { query: SummaryQuery },
    responses: {
      200: { description: 'Summary', content: { 'application/json': { schema: ReportSummary } } },
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
      403: problemResponse('Not a role that reads summaries'),
      422: problemResponse('Bad time range'),
    },
  });
  registerReportPaths(registry, security, problemResponse);
  registry.registerPath({
    method: 'get',
    path: '/v1/triage',
    summary: 'Cases waiting for manual triage (dispatcher, operator)',
    security,
    request: { query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }) },
    responses: {
      200: { description: 'Triage list', content: { 'application/json': { schema: TriageList } } },
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
      403: problemResponse('Not a dispatcher or operator'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/cases/{caseId}/classification',
    summary: 'Set the category of a case in triage; it is routed at once and the classifier learns from it',
    security,
    request: { params: z.object({ caseId: z.string() }), body: { content: { 'application/json': { schema: ClassificationBody } } } },
    responses: {
      200: { description: 'Routed' },
      403: problemResponse('Not a dispatcher or operator'),
      404: problemResponse('No such case'),
      409: problemResponse('Not in triage, or changed meanwhile'),
      422: problemResponse('Unknown category'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/workorders',
    summary: "A department's inbox of work orders (department staff: their own; others name the department)",
    security,
    request: { query: z.object({ departmentId: z.string().optional(), status: z.string().optional(), limit: z.string().optional(), cursor: z.string().optional() }) },
    responses: { 200: { description: 'Work orders' }, 403: problemResponse('Not allowed to see this inbox') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/workorders/{caseId}',
    summary: 'A work order with its full audit trail',
    security,
    request: { params: z.object({ caseId: z.string() }) },
    responses: { 200: { description: 'Work order' }, 404: problemResponse('No work order for this case') },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/workorders/{caseId}/actions',
    summary: 'Take one step: sign, return, transfer, request or decide an extension, resolve, verify, rate',
    security,
    request: { params: z.object({ caseId: z.string() }), body: { content: { 'application/json': { schema: WorkOrderActionBody } } } },
    responses: {
      200: { description: 'The work order after the step' },
      403: problemResponse('This role may not take this step on this order'),
      404: problemResponse('No work order for this case'),
      409: problemResponse('Not allowed in the current state, or changed meanwhile'),
      422: problemResponse('Invalid step'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/disputes',
    summary: 'Register a dispute directly (centre counter, mediator app, 信访 office, court referral 诉前委派); disputes from citizen cases arrive from dispatch',
    security,
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().min(1).max(128).optional() }),
      body: { content: { 'application/json': { schema: RegisterDisputeBody } } },
    },
    responses: {
      201: { description: 'Opened (or linked to an open dispute of the same parties), with its one code (一案一码)', content: { 'application/json': { schema: DisputeRegistered } } },
      400: problemResponse('Malformed JSON or Idempotency-Key'),
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
      403: problemResponse('Not a partner, mediator, coordinator or operator, or a location outside the partner’s area'),
      409: problemResponse('Idempotency-Key reused with a different body'),
      422: problemResponse('Body fails validation'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/disputes',
    summary: "A centre's disputes or queue (status=queued, oldest first), a mediator's docket, or the region's disputes by status and tier",
    security,
    request: { query: DisputeListQuery },
    responses: {
      200: { description: 'A page of disputes', content: { 'application/json': { schema: DisputeList } } },
      400: problemResponse('Unknown cursor'),
      403: problemResponse('Not allowed to see this list'),
      422: problemResponse('Bad filter, or none given'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/disputes/{disputeId}',
    summary: 'A dispute by id or by its code, with its whole history; parties’ personal data masked for partners',
    security,
    request: { params: z.object({ disputeId: z.string() }) },
    responses: {
      200: { description: 'The dispute', content: { 'application/json': { schema: DisputeView } } },
      404: problemResponse('No such dispute for this caller'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/disputes/{disputeId}/actions',
    summary: 'Take one step of the dispute’s life',
    security,
    request: { params: z.object({ disputeId: z.string() }), body: { content: { 'application/json': { schema: DisputeActionBody } } } },
    responses: {
      200: { description: 'The dispute after the step', content: { 'application/json': { schema: DisputeView } } },
      403: problemResponse('This role may not take this step on this dispute'),
      404: problemResponse('No such dispute for this caller'),
      409: problemResponse('Not allowed in the current state, or changed meanwhile'),
      422: problemResponse('Invalid step'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/disputes/{disputeId}/documents/{document}',
    summary: '受理通知书 (acceptance-notice), 不予受理通知书 (decline-notice), 人民调解协议书 (agreement), 诉调对接移送函 (court-referral), as Markdown',
    security,
    request: { params: z.object({ disputeId: z.string(), document: z.enum(['acceptance-notice', 'decline-notice', 'agreement', 'court-referral']) }) },
    responses: { 200: { description: 'The document (text/markdown; personal data masked for partners)' }, 404: problemResponse('Not issued for this dispute') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/mediators',
    summary: 'The mediator directory with loads (coordinators: their own centre)',
    security,
    request: { query: z.object({ committeeId: z.string().optional() }) },
    responses: { 200: { description: 'Mediators', content: { 'application/json': { schema: MediatorList } } }, 403: problemResponse('Not allowed to read the directory') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/mediators/{mediatorId}',
    summary: 'One mediator with their load now',
    security,
    request: { params: z.object({ mediatorId: z.string() }) },
    responses: { 200: { description: 'Mediator', content: { 'application/json': { schema: MediatorView } } }, 404: problemResponse('No such mediator') },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/mediators/{mediatorId}',
    summary: 'Add or change a mediator (administrator): unit, specialties, capacity, leave, conflicts (回避)',
    security,
    request: { params: z.object({ mediatorId: z.string() }), body: { content: { 'application/json': { schema: MediatorBody } } } },
    responses: {
      200: { description: 'Changed', content: { 'application/json': { schema: MediatorView } } },
      201: { description: 'Added', content: { 'application/json': { schema: MediatorView } } },
      403: problemResponse('Not an administrator'),
      409: problemResponse('Moving a mediator who holds disputes'),
      422: problemResponse('Invalid mediator'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/taxonomy',
    summary: 'The category list: 12 major / minor categories with handler and time limits',
    security,
    responses: {
      200: { description: 'Taxonomy', content: { 'application/json': { schema: TaxonomyList } } },
      401: problemResponse('Missing, malformed, forged, expired or revoked partner key or staff token'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  });

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'govflow partner API',
      version: '1.0.0',
      description: 'Citizen requests and disputes: intake, status, work orders, dispute mediation and reports.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
  // Every operation behind the gateway's authorizer may be refused there: missing, malformed, forged,
  // expired or revoked credentials are a 401 problem document, whatever the operation.
  const unauthorized = {
    description: 'Missing, malformed, forged, expired or revoked partner key or staff token',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>)) {
      if (operation.security?.length && operation.responses) operation.responses['401'] ??= unauthorized;
    }
  }
  return document;
}
