import { randomBytes } from 'node:crypto';
import { CreateCallbackBody, DeliveryListQuery, type CallbackWithSecret, type DeliveryView } from '@govflow/contracts';
import {
  callerOf,
  decodeCursor,
  encodeCursor,
  HttpProblem,
  json,
  parseJsonBody,
  requireRole,
  zodIssues,
  type ApiEvent,
  type PersonalDataSealer,
  type RouteHandler,
  type Secrets,
} from '@govflow/platform';
import { callbackUrlProblem, maxEndpointsPerPartner, rotatedSecrets, toCallbackView, type CallbackEndpoint } from '../domain/callbacks/endpoints';
import { formatSecret } from '../domain/callbacks/signing';
import { redeliver, type DeliveryStream } from '../domain/callbacks/stream';
import type { CallbacksRepository } from '../adapters/callbacks-repository';

export interface CallbacksApiDeps {
  callbacks: CallbacksRepository;
  secrets: Secrets;
  /** Seals the endpoints' signing secrets at rest. */
  sealer: PersonalDataSealer;
  allowLocalHttp: boolean;
  gapWaitMs: number;
  now: () => Date;
}

const maxBodyBytes = 8 * 1024;
const endpointIdPattern = /^cb_[A-Za-z0-9_-]{16,32}$/;

/** A delivery (one case's notices to one endpoint) is named by both: `<callbackId>.<caseId>`. */
export const deliveryId = (stream: Pick<DeliveryStream, 'endpointId' | 'caseId'>) => `${stream.endpointId}.${stream.caseId}`;

export function toDeliveryView(stream: DeliveryStream): DeliveryView {
  return {
    id: deliveryId(stream),
    callbackId: stream.endpointId,
    caseId: stream.caseId,
    caseNumber: stream.caseNumber,
    state: stream.failedAt ? 'failed' : 'pending',
    attempts: stream.attempts,
    firstAttemptAt: stream.firstAttemptAt,
    lastAttemptAt: stream.lastAttemptAt,
    lastError: stream.lastError,
    failedAt: stream.failedAt,
    notices: stream.queue.filter((n) => !n.silent).map((n) => ({ eventId: n.eventId, type: n.type, sequence: n.sequence, status: n.status, occurredAt: n.occurredAt })),
  };
}

/** A partner's own callbacks and deliveries (`/v1/partners/me/…`): partner keys only, each sees only its own. */
export function callbacksRoutes(deps: CallbacksApiDeps): Record<string, RouteHandler> {
  const partnerOf = (event: ApiEvent) => {
    const caller = callerOf(event);
    requireRole(caller, ['partner'], 'Callbacks belong to partner systems');
    return caller.partnerId;
  };
  const ownEndpoint = async (partnerId: string, event: ApiEvent): Promise<CallbackEndpoint> => {
    const id = event.pathParameters?.callbackId ?? '';
    const endpoint = endpointIdPattern.test(id) ? await deps.callbacks.getEndpoint(partnerId, id) : undefined;
    if (!endpoint) throw new HttpProblem(404, 'callback-not-found', 'No such callback', `No callback ${id} for this partner.`);
    return endpoint;
  };
  const newSecret = async () => {
    const secret = formatSecret(randomBytes(32));
    return { secret, sealed: await deps.sealer.sealNow(secret) };
  };

  return {
    'GET /v1/partners/me/callbacks': async (event) => {
      const partnerId = partnerOf(event);
      const now = deps.now();
      const endpoints = await deps.callbacks.listEndpoints(partnerId, true);
      return json(200, { items: endpoints.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((e) => toCallbackView(e, now)) });
    },
    'POST /v1/partners/me/callbacks': async (event) => {
      const partnerId = partnerOf(event);
      const body = parseJsonBody(event, CreateCallbackBody, { maxBytes: maxBodyBytes });
      const problem = callbackUrlProblem(body.url, { allowLocalHttp: deps.allowLocalHttp });
      if (problem) throw new HttpProblem(422, 'invalid-callback-url', 'Callback URL not allowed', problem, [{ path: 'url', message: problem }]);
      const existing = await deps.callbacks.listEndpoints(partnerId, true);
      if (existing.length >= maxEndpointsPerPartner) {
        throw new HttpProblem(409, 'too-many-callbacks', 'Too many callbacks', `A partner may register at most ${maxEndpointsPerPartner}; delete one first.`);
      }
      const now = deps.now();
      const { secret, sealed } = await newSecret();
      const endpoint: CallbackEndpoint = {
        id: `cb_${randomBytes(12).toString('base64url')}`,
        partnerId,
        url: body.url,
        events: body.events ? [...new Set(body.events)] : undefined,
        description: body.description,
        createdAt: now.toISOString(),
        secrets: [{ sealed, createdAt: now.toISOString() }],
      };
      await deps.callbacks.createEndpoint(endpoint);
      const answer: CallbackWithSecret = { ...toCallbackView(endpoint, now), secret };
      return json(201, answer, { location: `/v1/partners/me/callbacks/${endpoint.id}` });
    },
    'DELETE /v1/partners/me/callbacks/{callbackId}': async (event) => {
      const partnerId = partnerOf(event);
      const endpoint = await ownEndpoint(partnerId, event);
      await deps.callbacks.deleteEndpoint(partnerId, endpoint.id);
      return { statusCode: 204, headers: {}, body: '' };
    },
    'POST /v1/partners/me/callbacks/{callbackId}/rotate-secret': async (event) => {
      const partnerId = partnerOf(event);
      const endpoint = await ownEndpoint(partnerId, event);
      const now = deps.now();
      const { secret, sealed } = await newSecret();
      const secrets = rotatedSecrets(endpoint, sealed, now);
      if (!(await deps.callbacks.replaceSecrets(endpoint, secrets))) {
        throw new HttpProblem(404, 'callback-not-found', 'No such callback', `No callback ${endpoint.id} for this partner.`);
      }
      const answer: CallbackWithSecret = { ...toCallbackView({ ...endpoint, secrets }, now), secret };
      return json(200, answer);
    },
    'GET /v1/partners/me/deliveries': async (event) => {
      const partnerId = partnerOf(event);
      const { limit: rawLimit, cursor, ...filters } = event.queryStringParameters ?? {};
      const query = DeliveryListQuery.safeParse(filters);
      if (!query.success) throw new HttpProblem(422, 'validation-failed', 'Bad query', 'state=failed lists the dead-lettered deliveries.', zodIssues(query.error));
      const limit = rawLimit === undefined ? 50 : Number(rawLimit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpProblem(422, 'validation-failed', 'Bad query', 'limit is 1 to 100.');
      const page = await deps.callbacks.failedStreams(partnerId, limit, decodeCursor(cursor));
      return json(200, { items: page.streams.map(toDeliveryView), nextCursor: encodeCursor(page.lastKey) });
    },
    'POST /v1/partners/me/deliveries/{deliveryId}/redeliver': async (event) => {
      const partnerId = partnerOf(event);
      const id = event.pathParameters?.deliveryId ?? '';
      const [endpointId = '', caseId = ''] = id.split('.');
      const notFound = new HttpProblem(404, 'delivery-not-found', 'No such delivery', `No delivery ${id} for this partner.`);
      if (!endpointIdPattern.test(endpointId) || !/^[0-9a-f-]{36}$/.test(caseId)) throw notFound;
      const stream = await deps.callbacks.getStream(endpointId, caseId);
      if (!stream || stream.partnerId !== partnerId) throw notFound;
      if (!stream.failedAt) throw new HttpProblem(409, 'delivery-not-failed', 'Delivery is not dead-lettered', 'Only a failed delivery can be redelivered; this one is delivered or still being retried.');
      const endpoint = await deps.callbacks.getEndpoint(partnerId, endpointId);
      if (!endpoint) throw notFound;
      if (endpoint.disabledAt) {
        throw new HttpProblem(409, 'callback-disabled', 'Callback disabled', 'The endpoint answered 410 Gone and was disabled; register it again to receive notices.');
      }
      const next = redeliver(stream, { now: deps.now(), endpointCreatedAt: endpoint.createdAt, gapWaitMs: deps.gapWaitMs });
      if (!(await deps.callbacks.saveStream(next, deps.now()))) throw new HttpProblem(409, 'changed-meanwhile', 'Changed meanwhile', 'Read the delivery again and retry.');
      return json(202, toDeliveryView(next));
    },
  };
}
