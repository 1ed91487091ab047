import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { open311Formats, Open311RequestQuery, type Open311Format, type RegionConfig } from '@govflow/contracts';
import { bearerCredential, checkStoredKey, HttpProblem, regionDay, type ApiEvent, type ApiResult, type Caller, type KeyStore, type RouteHandler } from '@govflow/platform';
import type { CaseRecord } from '../domain/case';
import { inWindow, planListing, type Open311Listing } from '../domain/open311/query';
import { Open311Rejection } from '../domain/open311/rejection';
import { checkJurisdiction, readOpen311Form, submissionOf, toOpen311Request } from '../domain/open311/requests';
import { findService, open311ServiceDefinition, open311Services } from '../domain/open311/services';
import { toOpen311Xml } from '../domain/open311/xml';
import type { IntakeRepository } from '../adapters/repository';
import { submitRequest, type SubmitDeps } from './submit';

export interface Open311Deps {
  region: RegionConfig;
  repository: IntakeRepository;
  /** The partner keys' records (in intake's own table): Open311 keys never pass the gateway's authorizer. */
  keys: Pick<KeyStore, 'get'>;
  submitDeps: SubmitDeps;
  logger: Logger;
  now: () => Date;
  maxBodyBytes: number;
}

const contentTypes: Record<Open311Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };
const caseIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const caseNumberPattern = /^[A-Z]{1,8}-\d{8}-\d{6}$/;
const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;

/** `root` names the XML document element; JSON is the value itself. */
function answer(status: number, format: Open311Format, root: string, value: unknown): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': contentTypes[format] },
    body: format === 'json' ? JSON.stringify(value) : toOpen311Xml(root, value),
  };
}

function errorAnswer(format: Open311Format, status: number, descriptions: readonly string[]): ApiResult {
  return answer(status, format, 'errors', descriptions.map((description) => ({ code: status, description })));
}

/**
 * Our problems as the specification's statuses: a missing or refused key is 403, input it
 * cannot use 400 (it knows no 415 or 422), the rest keep theirs.
 */
function statusOfProblem(problem: HttpProblem): number {
  if (problem.status === 401) return 403;
  if (problem.status === 415 || problem.status === 422) return 400;
  return problem.status;
}

/** `WH-20261127-000042.xml` → the id and the format, or nothing for a format we do not serve. */
function splitFile(file: string | undefined): { id: string; format: Open311Format } | undefined {
  const match = /^(.+)\.([a-z]+)$/.exec(file ?? '');
  const format = open311Formats.find((f) => f === match?.[2]);
  return match && format ? { id: match[1]!, format } : undefined;
}

/**
 * Open311 GeoReport v2 on the intake API (ADR 0007): the same submission, the same case
 * records, the same visibility as `/v1/requests`; only the words on the wire differ.
 */
export function open311Routes(deps: Open311Deps): Record<string, RouteHandler> {
  const { region, repository, logger } = deps;
  const servicesCache = new Map<Open311Format, ApiResult>();

  /** Every answer, failures included, in the specification's format; a failure we did not foresee is logged by name only. */
  const route =
    (formatOf: (event: ApiEvent) => Open311Format | undefined, handle: (event: ApiEvent, format: Open311Format) => Promise<ApiResult>): RouteHandler =>
    async (event) => {
      const format = formatOf(event);
      if (!format) return errorAnswer('json', 404, ['no such resource: Open311 resources end in .json or .xml']);
      try {
        return await handle(event, format);
      } catch (error) {
        if (error instanceof Open311Rejection) return errorAnswer(format, error.status, error.descriptions);
        if (error instanceof HttpProblem) return errorAnswer(format, statusOfProblem(error), [error.detail ?? error.title]);
        logger.error('open311 request failed', { routeKey: event.routeKey, error: error instanceof Error ? error.name : 'unknown' });
        return errorAnswer(format, 500, ['the request could not be completed; retry later']);
      }
    };
  const fixed = (format: Open311Format) => () => format;
  const fromParam = (name: string) => (event: ApiEvent) => splitFile(event.pathParameters?.[name])?.format;

  /**
   * The key, from `api_key` (form or query, as Open311 clients send it) or the Authorization
   * header: these routes are not behind the gateway's authorizer, so the key is checked here,
   * against the key store as the authorizer checks it (revoked and expired keys are refused).
   * Staff tokens travel in no api_key: a token is refused like any other non-key.
   */
  async function caller(event: ApiEvent, apiKey: unknown): Promise<Caller> {
    const header = event.headers.authorization ?? event.headers.Authorization;
    if (apiKey === undefined && header === undefined) throw new Open311Rejection(403, ['api_key is required']);
    const key = typeof apiKey === 'string' ? apiKey : bearerCredential(header);
    const verdict = key ? await checkStoredKey(deps.keys, key, deps.now()) : { refused: 'no key' };
    if (!('caller' in verdict)) {
      logger.info('open311 key refused', { routeKey: event.routeKey, refused: verdict.refused });
      throw new Open311Rejection(403, ['Invalid api_key']);
    }
    return verdict.caller;
  }

  /** The partners whose cases this caller reads: a partner its own, an operator every one; others none. */
  function readableOwners(claims: Caller): string[] {
    if (claims.role === 'operator') return region.partners.map((p) => p.id);
    return claims.role === 'partner' ? [claims.partnerId] : [];
  }

  async function findVisible(claims: Caller, id: string): Promise<CaseRecord | undefined> {
    const owners = readableOwners(claims);
    if (!caseIdPattern.test(id)) return findAmong(owners, id);
    const record = await repository.getCase(id);
    return record && owners.includes(record.partnerId) ? record : undefined;
  }

  async function list(owners: string[], listing: Open311Listing): Promise<CaseRecord[]> {
    if (listing.by === 'ids') {
      const found = await Promise.all(listing.caseNumbers.map((n) => findAmong(owners, n)));
      return found.filter((r): r is CaseRecord => r !== undefined);
    }
    // Case numbers order by the region's day: the window's days bound the index query, the exact instants filter.
    const fromNumber = `${region.caseNumberPrefix}-${regionDay(listing.from, region.timeZone)}`;
    const toNumber = `${region.caseNumberPrefix}-${regionDay(listing.to, region.timeZone)}-~`;
    const perOwner = await Promise.all(
      owners.map(async (owner) => {
        const kept: CaseRecord[] = [];
        for await (const page of repository.partnerCasesNewestFirst(owner, fromNumber, toNumber)) {
          kept.push(...page.filter((r) => inWindow(r, listing)));
          if (kept.length >= listing.limit) break;
        }
        return kept;
      }),
    );
    return perOwner
      .flat()
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, listing.limit);
  }

  async function findAmong(owners: string[], caseNumber: string): Promise<CaseRecord | undefined> {
    if (!caseNumberPattern.test(caseNumber)) return undefined;
    for (const owner of owners) {
      const record = await repository.findPartnerCaseByNumber(owner, caseNumber);
      if (record) return record;
    }
    return undefined;
  }

  const getServices = async (event: ApiEvent, format: Open311Format) => {
    checkJurisdiction(region, event.queryStringParameters?.jurisdiction_id);
    const cached = servicesCache.get(format) ?? answer(200, format, 'services', open311Services(region));
    servicesCache.set(format, cached);
    return cached;
  };

  const postRequest = async (event: ApiEvent, format: Open311Format) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(event.headers['content-type'] ?? '')) {
      throw new Open311Rejection(400, ['send the request as application/x-www-form-urlencoded']);
    }
    const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (Buffer.byteLength(raw, 'utf8') > deps.maxBodyBytes) throw new Open311Rejection(413, [`the form must be at most ${deps.maxBodyBytes} bytes`]);
    const fields = readOpen311Form(raw);
    const claims = await caller(event, fields.api_key);
    if (claims.role !== 'partner') throw new Open311Rejection(403, ['this api_key is not a partner system’s: only partner systems file requests']);
    const partner = region.partners.find((p) => p.id === claims.partnerId);
    if (!partner) throw new Open311Rejection(403, ['this api_key’s partner is not registered in this region']);
    const { body, service } = submissionOf(region, partner, fields);
    const idempotencyKey = event.headers['idempotency-key'];
    if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
      throw new Open311Rejection(400, ['Idempotency-Key must be 1–128 printable ASCII characters']);
    }
    const traceId = event.headers['x-trace-id'] ?? event.requestContext.requestId ?? randomUUID();
    const { answer: accepted, replayed } = await submitRequest(deps.submitDeps, claims, body, idempotencyKey, traceId);
    logger.info('open311 request accepted', { caseId: accepted.caseId, caseNumber: accepted.caseNumber, partnerId: claims.partnerId, replayed });
    const notice = `已受理, 案件编号 ${accepted.caseNumber}。${service.name}: ${service.limits.signHours} 小时内签收, ${service.limits.resolveWorkingDays[body.kind]} 个工作日内办结 (以分类结果为准)。`;
    return answer(200, format, 'service_requests', [{ service_request_id: accepted.caseNumber, token: accepted.caseId, service_notice: notice }]);
  };

  const getRequests = async (event: ApiEvent, format: Open311Format) => {
    const parsed = Open311RequestQuery.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) throw new Open311Rejection(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const query = parsed.data;
    checkJurisdiction(region, query.jurisdiction_id);
    const owners = readableOwners(await caller(event, query.api_key));
    if (owners.length === 0) throw new Open311Rejection(403, ['this api_key reads no requests: partner systems read their own, operators all']);
    const found = await list(owners, planListing(query, deps.now()));
    return answer(200, format, 'service_requests', found.map(toOpen311Request));
  };

  return {
    'GET /open311/v2/services.json': route(fixed('json'), getServices),
    'GET /open311/v2/services.xml': route(fixed('xml'), getServices),
    'GET /open311/v2/services/{service}': route(fromParam('service'), async (event, format) => {
      checkJurisdiction(region, event.queryStringParameters?.jurisdiction_id);
      const code = splitFile(event.pathParameters?.service)!.id;
      const service = findService(region, code);
      if (!service) throw new Open311Rejection(404, [`service_code ${code} not found`]);
      return answer(200, format, 'service_definition', open311ServiceDefinition(service));
    }),
    'POST /open311/v2/requests.json': route(fixed('json'), postRequest),
    'POST /open311/v2/requests.xml': route(fixed('xml'), postRequest),
    'GET /open311/v2/requests.json': route(fixed('json'), getRequests),
    'GET /open311/v2/requests.xml': route(fixed('xml'), getRequests),
    'GET /open311/v2/requests/{request}': route(fromParam('request'), async (event, format) => {
      const query = event.queryStringParameters ?? {};
      checkJurisdiction(region, query.jurisdiction_id);
      const claims = await caller(event, query.api_key);
      const id = splitFile(event.pathParameters?.request)!.id;
      const record = await findVisible(claims, id);
      if (!record) throw new Open311Rejection(404, [`service_request_id ${id} not found`]);
      return answer(200, format, 'service_requests', [toOpen311Request(record)]);
    }),
    'GET /open311/v2/tokens/{token}': route(fromParam('token'), async (event, format) => {
      const query = event.queryStringParameters ?? {};
      checkJurisdiction(region, query.jurisdiction_id);
      const claims = await caller(event, query.api_key);
      const token = splitFile(event.pathParameters?.token)!.id;
      const record = caseIdPattern.test(token) ? await findVisible(claims, token) : undefined;
      if (!record) throw new Open311Rejection(404, [`token ${token} not found`]);
      return answer(200, format, 'service_requests', [{ service_request_id: record.caseNumber, token: record.caseId }]);
    }),
  };
}
