/**
 * The partner API's OpenAPI 3.1 document, generated from the same zod schemas the handlers
 * validate with. Partners generate their clients from it (`GET /v1/openapi.json`), and so
 * do our own scripts (`scripts/api-client.ts`, types in `contracts/src/openapi-types.ts`).
 *
 * Conventions, for every operation, including the ones a later change adds:
 * - Declare it with `operation(registry, {...})` (`openapi-operation.ts`), never with
 *   `registry.registerPath`: the helper adds what every operation must have.
 * - `operationId`: lowerCamelCase verb + noun (`getRequest`, `takeWorkOrderAction`). It is
 *   the method name in every generated client: never rename one.
 * - `service`: the service that serves the route (intake, dispatch, mediation, reporting);
 *   it becomes the tag. A new service adds its tag to `serviceTags` (`openapi-operation.ts`).
 * - `roles`: the roles that may call it (or `'any key'`, or `'public'`). They are written
 *   into the description and into the `x-roles` extension; for actions, which role may
 *   take which step comes from the same tables the state machines use
 *   (`workOrderActionRoles`, `disputeActionRoles`).
 * - `summary` one line, `description` what it does and what a caller must know.
 * - `responses`: every success with a schema and an example; `errors`: every 4xx the route
 *   answers, each with why. They are problem documents (application/problem+json, the
 *   `Problem` schema) with an example; 401 is added to every operation that takes a key,
 *   and 429 (the gateway's throttle) to every operation.
 * - Examples are checked against their schemas when the document is built: a wrong one
 *   throws here, not in a partner's client.
 * `contracts/test/openapi.test.ts` lints the document with Redocly's `recommended` rules
 * and Spectral's `spectral:oas` (0 errors, 0 warnings) and checks the generated types are
 * current (`npm run openapi:types` rewrites them).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { registerCallbackPaths } from './openapi-callbacks';
import { registerOpen311Paths } from './openapi-open311';
import { registerReportPaths } from './openapi-reports';
import { registerUploadPaths } from './openapi-uploads';
import {
  CaseList,
  CaseListQuery,
  CaseView,
  ClassificationBody,
  ClassificationResult,
  ReportSummary,
  SubmitAccepted,
  SubmitRequestBody,
  SummaryQuery,
  TaxonomyList,
  TriageList,
  WorkOrderActionBody,
  workOrderActionRoles,
  WorkOrderList,
  WorkOrderListQuery,
  WorkOrderView,
} from './api';
import {
  DisputeActionBody,
  disputeActionRoles,
  DisputeList,
  DisputeListQuery,
  DisputeRegistered,
  DisputeView,
  MediatorBody,
  MediatorList,
  MediatorView,
  RegisterDisputeBody,
} from './disputes';
import { examples, recorded } from './openapi-examples';
import { actionTable, operation, serviceTags } from './openapi-operation';
import { RevealAnswer, RevealAuditList, RevealAuditQuery, RevealRequestBody } from './reveal';

const caseIdParam = z.object({
  caseId: z.string().meta({ description: 'The case id (UUID) or the number read to the citizen (`WH-20261124-000042`).', example: examples.caseView.caseNumber }),
});
const disputeIdParam = z.object({ disputeId: z.string().meta({ description: 'The dispute id or its code (`WHTJ-20261126-000012`).', example: 'WHTJ-20261126-000012' }) });
const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .meta({ description: 'Retry with the same key and body to get the same answer, never a second case or dispute (a case answers to its key for its life, a dispute for 7 days).', example: 'crm-4711-1' }),
});
const listPage = z.object({ limit: z.string().optional().meta({ description: '1–200, default 50.' }), cursor: z.string().optional().meta({ description: 'The `cursor` of the previous page.' }) });

function registerIntake(registry: OpenAPIRegistry): void {
  operation(registry, {
    operationId: 'submitRequest',
    service: 'intake',
    method: 'post',
    path: '/v1/requests',
    summary: 'Submit a citizen request (受理)',
    description:
      'Numbers the request and stores it; it is classified and routed within seconds. The answer names the case by its id and by the number read to the citizen, whose date is the day it was received in the region’s time zone.',
    roles: ['partner'],
    request: { headers: idempotencyHeader, body: { content: { 'application/json': { schema: SubmitRequestBody, example: examples.submit } } } },
    responses: {
      202: {
        description: 'Accepted and numbered; the `Location` header is the case.',
        schema: SubmitAccepted,
        example: examples.accepted,
        headers: { Location: { description: 'The case: `/v1/requests/{caseId}`.', schema: { type: 'string' } } },
      },
    },
    errors: {
      400: 'Malformed JSON or Idempotency-Key.',
      403: { why: 'Not a partner key, a channel not allowed for this partner, or a location outside its area.', type: 'channel-not-allowed' },
      409: { why: 'Idempotency-Key reused with a different body.', type: 'idempotency-key-reused' },
      413: 'Body larger than 64 KiB.',
      415: 'Not application/json.',
      422: 'Body fails validation (`errors` names each field), or an attached upload is missing (never uploaded, expired, or another caller’s) or not an acceptable photo.',
    },
  });
  operation(registry, {
    operationId: 'listRequests',
    service: 'intake',
    method: 'get',
    path: '/v1/requests',
    summary: 'Find own cases by externalId, or list those changed since a time',
    description:
      'Give exactly one of `externalId` (the id the partner gave the case when submitting) or `changedSince`. Changes come in the order intake recorded them, oldest first, each case once at its latest change, page by page (`cursor`); each case carries `changedAt`: ask next time from the newest `changedAt` seen, a minute earlier (a case seen twice is harmless; the list is written from the table’s stream and lags a change by up to half a minute). A partner sees only its own cases; an operator names the partner.',
    roles: ['partner', 'operator'],
    request: { query: CaseListQuery },
    responses: { 200: { description: 'A page of cases.', schema: CaseList, example: { items: [examples.caseView], cursor: 'eyJwayI6IkNBU0Uj…' } } },
    errors: {
      400: { why: 'A cursor this API did not give out.', type: 'bad-cursor' },
      403: 'Not a partner or operator key.',
      422: 'Neither or both of externalId and changedSince, a bad time or limit, or (operators) no partnerId.',
    },
  });
  operation(registry, {
    operationId: 'getRequest',
    service: 'intake',
    method: 'get',
    path: '/v1/requests/{caseId}',
    summary: "A case's status, category, handler, deadline and history",
    description: 'By case id or by case number. The reporter’s phone and numbers written into the text are masked for partners.',
    roles: ['partner', 'operator'],
    request: { params: caseIdParam },
    responses: { 200: { description: 'The case.', schema: CaseView, example: examples.caseView } },
    errors: { 404: { why: 'No such case for this caller: another partner’s, or any case for a role other than partner and operator.', type: 'case-not-found' } },
  });
  operation(registry, {
    operationId: 'revealRequestPersonalData',
    service: 'intake',
    method: 'post',
    path: '/v1/requests/{caseId}/reveal',
    summary: 'Unmask a reporter’s name, phone or the text as written, for a stated reason (audited)',
    description:
      'Every call writes an append-only audit record (who, role, fields, case, when, why) before anything is unsealed; `GET /v1/requests/{caseId}` always answers masked.',
    roles: ['operator'],
    request: { params: z.object({ caseId: z.string() }), body: { content: { 'application/json': { schema: RevealRequestBody } } } },
    responses: {
      200: {
        description: 'The fields in the clear and the audit record’s id.',
        schema: RevealAnswer,
        example: RevealAnswer.meta()?.example,
      },
    },
    errors: {
      400: 'Malformed JSON.',
      403: 'Not an operator.',
      404: 'No such case.',
      410: { why: 'The case’s personal data was erased: its retention period after closing (the region’s `personalDataRetentionDays`) has passed.', type: 'personal-data-erased' },
      413: 'Body too large.',
      415: 'Not application/json.',
      422: 'No fields, an unknown field, or a reason shorter than 4 characters.',
    },
  });
  operation(registry, {
    operationId: 'listRevealAudit',
    service: 'intake',
    method: 'get',
    path: '/v1/audit/reveals',
    summary: 'The reveal audit trail for a month (UTC), oldest first, optionally for one case',
    description: 'Read from records filed by month and time, never changed once written; `cursor` of one page is `after` of the next.',
    roles: ['administrator', 'operator'],
    request: { query: RevealAuditQuery },
    responses: {
      200: {
        description: 'One page of reveals.',
        schema: RevealAuditList,
        example: RevealAuditList.meta()?.example,
      },
    },
    errors: { 403: 'Not an administrator or operator.', 422: 'Bad month, case id or cursor.' },
  });
  operation(registry, {
    operationId: 'getTaxonomy',
    service: 'intake',
    method: 'get',
    path: '/v1/taxonomy',
    summary: 'The category list: 12 major and their minor categories, with handler and time limits',
    description: 'The codes a dispatcher sets (`minor`) and the names cases show (`minorName`).',
    roles: 'any key',
    responses: { 200: { description: 'The region’s categories.', schema: TaxonomyList, example: recorded.taxonomy } },
    errors: {},
  });
  registerOpen311Paths(registry);
  operation(registry, {
    operationId: 'getOpenApiDocument',
    service: 'intake',
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API, to generate clients from.',
    roles: 'public',
    responses: {
      200: { description: 'The OpenAPI 3.1 document.', schema: z.object({ openapi: z.string() }).catchall(z.unknown()), example: { openapi: '3.1.0', info: { title: 'govflow partner API', version: '1.0.0' }, paths: {} } },
    },
    errors: {},
  });
}

function registerDispatch(registry: OpenAPIRegistry): void {
  operation(registry, {
    operationId: 'listTriage',
    service: 'dispatch',
    method: 'get',
    path: '/v1/triage',
    summary: 'Cases waiting for manual triage, oldest first',
    description: 'Cases the classifier could not route or place, and work orders a department returned (退单), with the classifier’s suggestion.',
    roles: ['dispatcher', 'operator'],
    request: { query: listPage },
    responses: { 200: { description: 'A page of the triage list.', schema: TriageList, example: recorded.triage } },
    errors: { 400: { why: 'A cursor this API did not give out.', type: 'bad-cursor' }, 403: 'Not a dispatcher or operator.' },
  });
  operation(registry, {
    operationId: 'classifyCase',
    service: 'dispatch',
    method: 'post',
    path: '/v1/cases/{caseId}/classification',
    summary: 'Set the category of a case in triage',
    description: 'The case is routed at once to the unit that handles the category, and the classifier learns from the decision.',
    roles: ['dispatcher', 'operator'],
    request: { params: caseIdParam, body: { content: { 'application/json': { schema: ClassificationBody, example: { minor: 'urban-streetlight' } } } } },
    responses: { 200: { description: 'Classified and routed.', schema: ClassificationResult } },
    errors: {
      403: 'Not a dispatcher or operator.',
      404: { why: 'No such case.', type: 'case-not-found' },
      409: { why: 'Not waiting for triage, or changed meanwhile.', type: 'not-in-triage' },
      413: 'Body larger than 4 KiB.',
      415: 'Not application/json.',
      422: { why: 'Unknown category (see `GET /v1/taxonomy`), or the body fails validation.', type: 'unknown-category' },
    },
  });
  operation(registry, {
    operationId: 'listWorkOrders',
    service: 'dispatch',
    method: 'get',
    path: '/v1/workorders',
    summary: "A department's inbox of work orders",
    description: 'Department staff see their own department’s (no `departmentId` needed); other roles name the department.',
    roles: ['department', 'dispatcher', 'supervisor', 'operator'],
    request: { query: WorkOrderListQuery },
    responses: { 200: { description: 'A page of the inbox.', schema: WorkOrderList, example: recorded.inbox } },
    errors: {
      400: { why: 'A cursor this API did not give out.', type: 'bad-cursor' },
      403: 'Not a role with inboxes, or another department’s inbox for department staff.',
      422: { why: 'No department named.', type: 'department-required' },
    },
  });
  operation(registry, {
    operationId: 'getWorkOrder',
    service: 'dispatch',
    method: 'get',
    path: '/v1/workorders/{caseId}',
    summary: 'A work order with its audit trail',
    description: 'By case id or case number. Department staff see their department’s orders, a partner its own cases’, dispatchers, supervisors, grid workers and operators all.',
    roles: ['partner', 'department', 'dispatcher', 'supervisor', 'grid-worker', 'operator'],
    request: { params: caseIdParam },
    responses: { 200: { description: 'The work order.', schema: WorkOrderView, example: examples.workOrder } },
    errors: { 404: { why: 'No work order for this case that this caller may see.', type: 'workorder-not-found' } },
  });
  operation(registry, {
    operationId: 'takeWorkOrderAction',
    service: 'dispatch',
    method: 'post',
    path: '/v1/workorders/{caseId}/actions',
    summary: 'Take one step of a work order: sign, return, transfer, recategorise, extension, resolve, verify, rate',
    description: [
      'By case id or case number. Who may take each step (department staff: on their own department’s orders; a partner: on its own cases):',
      '',
      actionTable(workOrderActionRoles),
      '',
      'A role that may never take the step gets 403 whatever the state; the right role at the wrong moment gets 409, whose `allowedNow` lists the steps allowed now and who may take them.',
    ].join('\n'),
    roles: [...new Set(Object.values(workOrderActionRoles).flat())],
    request: { params: caseIdParam, body: { content: { 'application/json': { schema: WorkOrderActionBody, example: { type: 'sign' } } } } },
    responses: { 200: { description: 'The work order after the step.', schema: WorkOrderView, example: examples.workOrder } },
    errors: {
      403: { why: 'This role may never take this step, or not on this order.', type: 'action-forbidden', detail: 'a partner may never sign a work order; department or operator may' },
      404: { why: 'No work order for this case that this caller may see.', type: 'workorder-not-found' },
      409: {
        why: 'Not allowed in the current state (see `allowedNow`), or changed meanwhile.',
        type: 'action-not-allowed-now',
        detail: 'cannot rate a work order that is dispatched',
        allowedNow: [
          { action: 'sign', roles: ['department', 'operator'] },
          { action: 'return', roles: ['department', 'operator'] },
          { action: 'transfer', roles: ['dispatcher', 'operator'] },
          { action: 'recategorise', roles: ['dispatcher', 'operator'] },
        ],
      },
      413: 'Body larger than 8 KiB.',
      415: 'Not application/json.',
      422: { why: 'Invalid step: bad body, unknown department or category.', type: 'action-invalid' },
    },
  });
}

function registerMediation(registry: OpenAPIRegistry): void {
  operation(registry, {
    operationId: 'registerDispute',
    service: 'mediation',
    method: 'post',
    path: '/v1/disputes',
    summary: 'Register a dispute directly',
    description:
      'At a centre counter, from a mediator app, a 信访 office or a court referral (诉前委派); disputes reported as citizen requests arrive from dispatch by themselves. Opened at the tier its type, amount, parties and risk call for, or linked to the open dispute of the same parties.',
    roles: ['partner', 'mediator', 'coordinator', 'operator'],
    request: { headers: idempotencyHeader, body: { content: { 'application/json': { schema: RegisterDisputeBody, example: examples.registerDispute } } } },
    responses: { 201: { description: 'Opened (or linked), with its one code (一案一码).', schema: DisputeRegistered, example: recorded.registered } },
    errors: {
      400: 'Malformed JSON or Idempotency-Key.',
      403: { why: 'Not a role that registers disputes, or a location outside the partner’s area.', type: 'outside-partner-area' },
      409: { why: 'Idempotency-Key reused with a different body, or loads changed meanwhile (retry with the same key).', type: 'idempotency-key-reused' },
      413: 'Body larger than 64 KiB.',
      415: 'Not application/json.',
      422: 'Body fails validation.',
    },
  });
  operation(registry, {
    operationId: 'listDisputes',
    service: 'mediation',
    method: 'get',
    path: '/v1/disputes',
    summary: "A centre's disputes or queue, a mediator's docket, or the region's by status and tier",
    description: 'A centre’s queue is `status=queued` (oldest first). Coordinators see their own centre and its mediators, mediators their own docket.',
    roles: ['coordinator', 'mediator', 'supervisor', 'operator'],
    request: { query: DisputeListQuery },
    responses: { 200: { description: 'A page of disputes.', schema: DisputeList, example: recorded.disputes } },
    errors: { 400: { why: 'A cursor this API did not give out.', type: 'bad-cursor' }, 403: 'Not allowed to see this list.', 422: { why: 'Bad filter, or none given.', type: 'filter-required' } },
  });
  operation(registry, {
    operationId: 'getDispute',
    service: 'mediation',
    method: 'get',
    path: '/v1/disputes/{disputeId}',
    summary: 'A dispute with its whole history',
    description: 'By id or code. Parties’ personal data is masked for partners; every unmasked view is audited.',
    roles: ['partner', 'mediator', 'coordinator', 'supervisor', 'operator'],
    request: { params: disputeIdParam },
    responses: { 200: { description: 'The dispute (as a partner sees it: personal data masked; history cut short here).', schema: DisputeView, example: recorded.dispute } },
    errors: { 404: { why: 'No such dispute for this caller.', type: 'dispute-not-found' } },
  });
  operation(registry, {
    operationId: 'takeDisputeAction',
    service: 'mediation',
    method: 'post',
    path: '/v1/disputes/{disputeId}/actions',
    summary: 'Take one step of a dispute’s life',
    description: [
      'Who may take each step (a mediator: on disputes they hold; a coordinator: at their centre; a partner: on disputes that came through it):',
      '',
      actionTable(disputeActionRoles),
      '',
      'A role that may never take the step gets 403 whatever the state; the right role at the wrong moment gets 409, whose `allowedNow` lists the steps allowed now and who may take them.',
    ].join('\n'),
    roles: [...new Set(Object.values(disputeActionRoles).flat())],
    request: { params: disputeIdParam, body: { content: { 'application/json': { schema: DisputeActionBody, example: { type: 'accept' } } } } },
    responses: { 200: { description: 'The dispute after the step.', schema: DisputeView, example: recorded.dispute } },
    errors: {
      403: { why: 'This role may never take this step, or not on this dispute.', type: 'action-forbidden', detail: 'a partner may never close a dispute; mediator or coordinator or operator may' },
      404: { why: 'No such dispute for this caller.', type: 'dispute-not-found' },
      409: {
        why: 'Not allowed in the current state (see `allowedNow`), or changed meanwhile.',
        type: 'action-not-allowed-now',
        detail: 'cannot close a dispute that is assigned',
        allowedNow: [
          { action: 'accept', roles: ['mediator', 'coordinator', 'operator'] },
          { action: 'withdraw', roles: ['mediator', 'coordinator', 'operator', 'partner'] },
        ],
      },
      413: 'Body larger than 64 KiB.',
      415: 'Not application/json.',
      422: { why: 'Invalid step.', type: 'action-invalid' },
    },
  });
  operation(registry, {
    operationId: 'getDisputeDocument',
    service: 'mediation',
    method: 'get',
    path: '/v1/disputes/{disputeId}/documents/{document}',
    summary: 'A document issued for a dispute, as Markdown',
    description: '受理通知书 (acceptance-notice), 不予受理通知书 (decline-notice), 人民调解协议书 (agreement), 诉调对接移送函 (court-referral); personal data masked for partners.',
    roles: ['partner', 'mediator', 'coordinator', 'supervisor', 'operator'],
    request: { params: disputeIdParam.extend({ document: z.enum(['acceptance-notice', 'decline-notice', 'agreement', 'court-referral']) }) },
    responses: { 200: { description: 'The document.', schema: z.string(), mediaType: 'text/markdown', example: '# 人民调解受理通知书\n\n…' } },
    errors: { 404: { why: 'No such dispute for this caller, or the document was not issued.', type: 'document-not-found' } },
  });
  operation(registry, {
    operationId: 'listMediators',
    service: 'mediation',
    method: 'get',
    path: '/v1/mediators',
    summary: 'The mediator directory with each mediator’s load now',
    description: 'Coordinators see their own centre.',
    roles: ['administrator', 'coordinator', 'supervisor', 'operator'],
    request: { query: z.object({ committeeId: z.string().optional().meta({ description: 'One committee or centre.' }) }) },
    responses: { 200: { description: 'Mediators.', schema: MediatorList, example: recorded.mediators } },
    errors: { 403: 'Not allowed to read the directory, or another centre.', 422: { why: 'No such committee.', type: 'unknown-committee' } },
  });
  operation(registry, {
    operationId: 'getMediator',
    service: 'mediation',
    method: 'get',
    path: '/v1/mediators/{mediatorId}',
    summary: 'One mediator with their load now',
    description: 'Declared relations (回避) are counted, never shown.',
    roles: ['administrator', 'coordinator', 'supervisor', 'operator'],
    request: { params: z.object({ mediatorId: z.string() }) },
    responses: { 200: { description: 'The mediator.', schema: MediatorView, example: recorded.mediator } },
    errors: { 403: 'Not allowed to read the directory.', 404: { why: 'No such mediator for this caller.', type: 'mediator-not-found' } },
  });
  operation(registry, {
    operationId: 'putMediator',
    service: 'mediation',
    method: 'put',
    path: '/v1/mediators/{mediatorId}',
    summary: 'Add or change a mediator',
    description: 'Unit, profession, specialties, capacity, leave, conflicts (回避).',
    roles: ['administrator', 'operator'],
    request: {
      params: z.object({ mediatorId: z.string() }),
      body: { content: { 'application/json': { schema: MediatorBody, example: { name: '秦杰', committeeId: 'hbw-xinhua-5-committee', specialties: ['neighbour', 'family'], capacity: 8 } } } },
    },
    responses: { 200: { description: 'Changed.', schema: MediatorView, example: recorded.mediator }, 201: { description: 'Added.', schema: MediatorView, example: recorded.mediator } },
    errors: {
      403: 'Not an administrator or operator.',
      409: { why: 'Moving a mediator who holds disputes.', type: 'mediator-busy' },
      413: 'Body too large.',
      415: 'Not application/json.',
      422: 'Invalid mediator, id or committee.',
    },
  });
}

export function buildOpenApiDocument(serverUrl?: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'partnerKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A partner system’s API key (`Authorization: Bearer gfk.…`), issued by the region’s administrator with its scopes (`npm run keys -- issue`). ' +
      'The key store keeps only its hash; a key can be revoked, and rotated with a grace period for the old one. The gateway refuses a revoked or expired key within 5 minutes (its answer cache).',
  });
  registry.registerComponent('securitySchemes', 'staffToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A staff member’s sign-in token (RS256/ES256 JWT) from the region’s OIDC issuer (a Cognito user pool, or the local issuer of `npm start`, ' +
      'whose keys are at `/.well-known/jwks.json`). Its claims carry the role and jurisdiction: `role`, and `departmentId`, `mediatorId` ' +
      'or `committeeId` (Cognito: `custom:role` …). Partner systems use keys, never tokens.',
  });
  registerIntake(registry);
  operation(registry, {
    operationId: 'getReportSummary',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/summary',
    summary: 'Totals by status, category, district, department, channel and 督办 level',
    description:
      'Reads every case in the range (at most 366 days, and at most 100,000 cases received in it: about a year of a small city, under two days of Beijing’s 12345); prefer `GET /v1/reports/kpis`, which answers any range from counters. A partner sees its own cases, a department its own.',
    roles: ['partner', 'department', 'dispatcher', 'supervisor', 'analyst', 'operator'],
    request: { query: SummaryQuery },
    responses: { 200: { description: 'The totals.', schema: ReportSummary, example: recorded.summary } },
    errors: { 403: 'Not a role that reads summaries.', 422: 'Bad time range, or one holding more than 100,000 cases (`range-too-large`): ask a shorter range, or the KPIs.' },
  });
  registerReportPaths(registry);
  registerUploadPaths(registry);
  registerCallbackPaths(registry);
  registerDispatch(registry);
  registerMediation(registry);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'govflow partner API',
      version: '1.0.0',
      description:
        'Citizen requests and disputes: intake, status, work orders, dispute mediation and reports. Start with `docs/integrate.md` (Integrate a partner system): keys, the case’s life and who takes each step, a complete curl sequence, errors.',
      contact: { name: 'The region’s 12345 integration desk' },
      license: { name: 'Proprietary: the region’s partner agreement', identifier: 'LicenseRef-govflow-partner-agreement' },
    },
    servers: [{ url: serverUrl ?? '/', description: serverUrl ? 'This region' : 'The region that serves this document' }],
    tags: Object.entries(serviceTags).map(([name, description]) => ({ name, description })),
  });
}
