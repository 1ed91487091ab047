import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { problemResponse, securityFor, unauthorizedWhy } from './openapi-operation';
import { CallbackList, CallbackNotice, CallbackWithSecret, CreateCallbackBody, DeliveryList, DeliveryView } from './callbacks';

/** By service: intake serves callbacks and deliveries. */
const tags = ['intake'];
const partnersOnly = 'Roles: partner (its own only). Partner keys only (each partner sees and changes only its own callbacks and deliveries); any other role gets 403.';

const callbackExample = {
  id: 'cb_Xq3v9mB2kL7pR4tW8yZ1aC',
  url: 'https://hotline.example.cn/govflow/notices',
  events: ['case.accepted', 'case.dispatched', 'case.resolved', 'case.closed'],
  createdAt: '2026-11-27T01:00:00.000Z',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwC2ijjnJ0Mn4=',
};

const deliveryExample = {
  id: 'cb_Xq3v9mB2kL7pR4tW8yZ1aC.0b6f3f7e-2a51-4c1e-9f3d-6c2b8a9d1e40',
  callbackId: 'cb_Xq3v9mB2kL7pR4tW8yZ1aC',
  caseId: '0b6f3f7e-2a51-4c1e-9f3d-6c2b8a9d1e40',
  caseNumber: 'WH-20261127-000042',
  state: 'failed',
  attempts: 22,
  firstAttemptAt: '2026-11-27T01:00:02.000Z',
  lastAttemptAt: '2026-11-30T00:58:40.000Z',
  lastError: 'HTTP 503',
  failedAt: '2026-11-30T01:00:05.000Z',
  notices: [
    { eventId: '5d1c…', type: 'case.accepted', sequence: 1, status: 'received', occurredAt: '2026-11-27T01:00:01.000Z' },
    { eventId: '7a9e…', type: 'case.dispatched', sequence: 3, status: 'dispatched', occurredAt: '2026-11-27T01:00:03.000Z' },
  ],
};

/** Partner callbacks (issue 13 §1, ADR 0008): endpoints, secrets, dead-lettered deliveries, and the notice itself as a webhook. */
export function registerCallbackPaths(registry: OpenAPIRegistry): void {
  const security = securityFor(['partner']);
  const callbackId = z.object({ callbackId: z.string().meta({ example: callbackExample.id }) });
  registry.registerPath({
    method: 'get',
    path: '/v1/partners/me/callbacks',
    operationId: 'listCallbacks',
    tags,
    'x-roles': ['partner'],
    summary: 'List this partner’s callback endpoints',
    description: `${partnersOnly} Secrets are never shown again; a disabled endpoint (it answered 410 Gone) says so.`,
    security,
    responses: {
      200: { description: 'The endpoints', content: { 'application/json': { schema: CallbackList, example: { items: [{ ...callbackExample, secret: undefined }] } } } },
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/partners/me/callbacks',
    operationId: 'createCallback',
    tags,
    'x-roles': ['partner'],
    summary: 'Register a callback endpoint; its signing secret is in the answer, once',
    description:
      `${partnersOnly} Every change of the partner’s own cases is POSTed to the URL as JSON, signed as the Standard Webhooks specification says ` +
      '(`webhook-id`, `webhook-timestamp`, `webhook-signature`: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`), ' +
      'in order per case, at least once (drop repeats by `webhook-id`). Answer 2xx within 5 s; anything else is retried with exponential backoff and jitter for three days, then dead-lettered. ' +
      'Answer 410 Gone to have the endpoint disabled. The URL must be HTTPS to a public host (the local system also allows http://localhost and http://127.0.0.1). At most 10 endpoints.',
    security,
    request: { body: { content: { 'application/json': { schema: CreateCallbackBody } } } },
    responses: {
      201: { description: 'Registered, with its secret', content: { 'application/json': { schema: CallbackWithSecret, example: callbackExample } } },
      400: problemResponse(400, 'Malformed JSON.'),
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
      409: problemResponse(409, 'Already 10 endpoints.'),
      413: problemResponse(413, 'Body too large.'),
      415: problemResponse(415, 'Not application/json.'),
      422: problemResponse(422, 'Body fails validation, or a URL that is not HTTPS to a public host.'),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/partners/me/callbacks/{callbackId}',
    operationId: 'deleteCallback',
    tags,
    'x-roles': ['partner'],
    summary: 'Remove a callback endpoint; nothing more is sent to it',
    description: partnersOnly,
    security,
    request: { params: callbackId },
    responses: {
      204: { description: 'Removed' },
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
      404: problemResponse(404, 'No such callback for this partner.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/partners/me/callbacks/{callbackId}/rotate-secret',
    operationId: 'rotateCallbackSecret',
    tags,
    'x-roles': ['partner'],
    summary: 'Issue a new signing secret; the previous one keeps signing for 24 hours',
    description: `${partnersOnly} For 24 hours every notice carries two signatures (space-separated in \`webhook-signature\`), so the receiver can switch secrets at its own pace.`,
    security,
    request: { params: callbackId },
    responses: {
      200: { description: 'The endpoint with its new secret, shown once', content: { 'application/json': { schema: CallbackWithSecret, example: { ...callbackExample, secretRotatedAt: '2026-11-28T09:00:00.000Z', previousSecretValidUntil: '2026-11-29T09:00:00.000Z' } } } },
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
      404: problemResponse(404, 'No such callback for this partner.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/partners/me/deliveries',
    operationId: 'listFailedDeliveries',
    tags,
    'x-roles': ['partner'],
    summary: 'Deliveries that failed for three days (dead letters), newest first',
    description: `${partnersOnly} A delivery is one case’s notices to one endpoint: the first could not be delivered, the later ones wait behind it to keep the order.`,
    security,
    request: {
      query: z.object({
        state: z.enum(['failed']),
        limit: z.string().optional().meta({ description: '1 to 100, default 50' }),
        cursor: z.string().optional().meta({ description: 'nextCursor of the previous page' }),
      }),
    },
    responses: {
      200: { description: 'A page of failed deliveries', content: { 'application/json': { schema: DeliveryList, example: { items: [deliveryExample] } } } },
      400: problemResponse(400, 'Unknown cursor.'),
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
      422: problemResponse(422, 'state other than failed, or a bad limit.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/partners/me/deliveries/{deliveryId}/redeliver',
    operationId: 'redeliverDelivery',
    tags,
    'x-roles': ['partner'],
    summary: 'Try a failed delivery again, from its first notice, with a fresh three-day window',
    description: `${partnersOnly} Answers at once; the notices follow within a minute (the retry sweep's rate).`,
    security,
    request: { params: z.object({ deliveryId: z.string().meta({ example: deliveryExample.id }) }) },
    responses: {
      202: { description: 'Queued for delivery', content: { 'application/json': { schema: DeliveryView, example: { ...deliveryExample, state: 'pending', attempts: 0, failedAt: undefined } } } },
      401: problemResponse(401, unauthorizedWhy),
      403: problemResponse(403, 'Not a partner key.'),
      404: problemResponse(404, 'No such delivery for this partner.'),
      409: problemResponse(409, 'Not dead-lettered (delivered or still retrying), its endpoint was disabled by a 410, or it changed meanwhile.'),
    },
  });
  registry.registerWebhook({
    method: 'post',
    path: 'caseNotice',
    operationId: 'caseNotice',
    tags,
    // Sent by the region to the partner, signed (Standard Webhooks): no key of ours is involved.
    security: [],
    'x-roles': ['partner'],
    summary: 'A change of one of the partner’s cases, POSTed to each of its callback endpoints',
    description:
      'Headers `webhook-id` (the notice’s eventId, the same on every retry), `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature` ' +
      '(`v1,<base64>`, several space-separated during a secret rotation). Verify with any Standard Webhooks library, e.g. `new Webhook(secret).verify(body, headers)`. ' +
      'Notices of one case arrive in `sequence` order. No personal data: the message is written from unit names and codes.',
    request: { body: { content: { 'application/json': { schema: CallbackNotice } } } },
    responses: {
      200: { description: 'Any 2xx: delivered' },
      410: { description: 'Gone: the endpoint is disabled and nothing more is sent' },
    },
  });
}
