import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import {
  Open311Error,
  Open311RequestAccepted,
  Open311RequestForm,
  Open311RequestQuery,
  Open311ServiceDefinition,
  Open311ServiceList,
  Open311ServiceRequestList,
  Open311TokenAnswer,
  open311Formats,
  type Open311Format,
} from './open311';

const mediaTypes: Record<Open311Format, string> = { json: 'application/json', xml: 'text/xml' };

const exampleRequest = {
  service_request_id: 'WH-20261127-000042',
  status: 'open',
  status_notes: '已派遣: 派遣至 海勃湾区城市管理局',
  service_name: '路灯照明',
  service_code: 'urban-streetlight',
  description: '小区门口路灯坏了一个月, 联系电话 139****5678',
  agency_responsible: '海勃湾区城市管理局',
  requested_datetime: '2026-11-27T01:02:03.000Z',
  updated_datetime: '2026-11-27T01:02:05.000Z',
  expected_datetime: '2026-12-18T10:00:00.000Z',
  address: '海勃湾区新华街道',
  lat: 39.6735,
  long: 106.8283,
};

type Formats = Open311Format | 'either';

/** The answer in the format the path names (`.json` → JSON, `.xml` → the same fields as XML elements), or either one. */
function content(format: Formats, schema: z.ZodType, example: unknown, xmlExample: string) {
  return {
    ...(format !== 'xml' ? { [mediaTypes.json]: { schema, example } } : {}),
    ...(format !== 'json' ? { [mediaTypes.xml]: { schema: z.string().meta({ description: 'The same fields as XML elements.' }), example: xmlExample } } : {}),
  };
}

function errors(format: Formats, cases: Record<number, string>) {
  return Object.fromEntries(
    Object.entries(cases).map(([status, description]) => [
      status,
      {
        description: `${description}. The specification's error format: one {code, description} per problem.`,
        content: content(format, Open311Error, [{ code: Number(status), description }], `<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>${status}</code><description>${description}</description></error></errors>`),
      },
    ]),
  );
}

const readRoles = 'A partner system reads its own cases, an operator every case; other roles see none.';

/**
 * Open311 GeoReport v2 (docs/adr/0007-open311-georeport.md): one operation per format, as the
 * specification names its resources; JSON and XML carry the same fields.
 */
export function registerOpen311Paths(registry: OpenAPIRegistry): void {
  const apiKey = registry.registerComponent('securitySchemes', 'open311ApiKey', {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description: 'A key from the region’s key store (a partner key as issued for /v1), sent as Open311 clients do: the `api_key` query field (the form field on POST). `Authorization: Bearer <key>` is read too. These routes are not behind the gateway’s authorizer: intake checks the key against the key store itself, so a revoked or expired key is refused at once; staff tokens are not taken here.',
  });
  const keyed = [{ [apiKey.name]: [] }, { partnerKey: [] }];
  // As every operation of the document: the roles in the description and in `x-roles`.
  const register = ({ roles, ...route }: RouteConfig & { roles: readonly string[] | 'public' }) =>
    registry.registerPath({
      ...route,
      description: `${route.description}\n\nRoles: ${roles === 'public' ? 'anyone, no key needed' : roles.join(', ')}.`,
      'x-roles': roles === 'public' ? [] : [...roles],
    });
  const Jurisdiction = z.object({ jurisdiction_id: z.string().optional().meta({ description: 'Optional; if given, the region id (e.g. `wuhai`).' }) });
  const fileParam = (name: string, what: string, example: string) =>
    z.object({ [name]: z.string().meta({ description: `${what}, then \`.json\` or \`.xml\` for the answer's format.`, example }) });

  for (const format of open311Formats) {
    const upper = format.toUpperCase();
    const suffix = `${format[0]!.toUpperCase()}${format.slice(1)}`;
    register({
      method: 'get',
      path: `/open311/v2/services.${format}`,
      operationId: `open311ListServices${suffix}`,
      roles: 'public',
      tags: ['open311'],
      summary: `Open311 service list (${upper}): the region's minor categories, grouped by major`,
      description: 'Anyone, without a key (the specification asks none). Each minor category of the taxonomy is a service; its major category is the group; its keywords are the keywords.',
      security: [],
      request: { query: Jurisdiction },
      responses: {
        200: {
          description: 'The services',
          content: content(
            format,
            Open311ServiceList,
            [{ service_code: 'urban-streetlight', service_name: '路灯照明', description: '城市管理与市政公用类诉求：路灯照明。', metadata: true, type: 'realtime', keywords: '路灯,灯不亮', group: '城市管理与市政公用' }],
            '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>urban-streetlight</service_code><service_name>路灯照明</service_name>…</service></services>',
          ),
        },
        ...errors(format, { 404: 'jurisdiction_id not found' }),
      },
    });
    register({
      method: 'post',
      path: `/open311/v2/requests.${format}`,
      operationId: `open311CreateRequest${suffix}`,
      roles: ['partner'],
      tags: ['open311'],
      summary: `File an Open311 service request (${upper}); answers its id (the case number) and a token (the case id)`,
      description:
        'Partner systems only (a partner key as api_key). The form becomes the same request as POST /v1/requests: the service name is the default title, the attributes of the service definition (kind, title, channel, external_id) the rest; first_name, last_name, phone and email are the reporter, kept sealed and shown masked. `Idempotency-Key` works as on /v1.',
      security: keyed,
      request: {
        headers: z.object({ 'Idempotency-Key': z.string().min(1).max(128).optional() }),
        body: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: Open311RequestForm,
              // attribute[kind]=complaint: the specification's bracketed attribute fields.
              encoding: { attribute: { style: 'deepObject', explode: true } },
              example: { api_key: 'gfk.…', service_code: 'urban-streetlight', lat: 39.6735, long: 106.8283, description: '小区门口路灯坏了一个月', attribute: { kind: 'complaint' } },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Accepted: the case is stored and numbered',
          content: content(
            format,
            Open311RequestAccepted,
            [{ service_request_id: 'WH-20261127-000042', token: '6f1c2b9e-8d4a-4c1e-9a57-2f0c6e1d3b8a', service_notice: '已受理, 案件编号 WH-20261127-000042。路灯照明: 24 小时内签收, 15 个工作日内办结 (以分类结果为准)。' }],
            '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>WH-20261127-000042</service_request_id><token>6f1c2b9e-…</token><service_notice>已受理…</service_notice></request></service_requests>',
          ),
        },
        ...errors(format, {
          400: 'description is required',
          403: 'Invalid api_key',
          404: 'service_code urban-nothing not found',
          409: 'Idempotency-Key reused with a different request',
          413: 'the form must be at most 65536 bytes',
        }),
      },
    });
    register({
      method: 'get',
      path: `/open311/v2/requests.${format}`,
      operationId: `open311ListRequests${suffix}`,
      roles: ['partner', 'operator'],
      tags: ['open311'],
      summary: `Open311 service requests (${upper}) by ids, or by service, status and date (90 days, 1,000 at most)`,
      description: `${readRoles} service_request_id overrides the other filters; without dates, the last 90 days; newest first.`,
      security: keyed,
      request: { query: Open311RequestQuery },
      responses: {
        200: { description: 'The requests', content: content(format, Open311ServiceRequestList, [exampleRequest], '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>…</request></service_requests>') },
        ...errors(format, { 400: 'start_date and end_date may be at most 90 days apart', 403: 'api_key is required', 404: 'jurisdiction_id not found' }),
      },
    });
  }

  register({
    method: 'get',
    path: '/open311/v2/services/{service}',
    operationId: 'open311GetServiceDefinition',
    roles: 'public',
    tags: ['open311'],
    summary: 'Open311 service definition: the optional attributes a request of the service may carry',
    description: 'Anyone, without a key. Attributes: kind (诉求类型), title, channel (one of the partner’s), external_id.',
    security: [],
    request: { params: fileParam('service', 'The service code', 'urban-streetlight.json'), query: Jurisdiction },
    responses: {
      200: {
        description: 'The definition',
        content: content(
          'either',
          Open311ServiceDefinition,
          { service_code: 'urban-streetlight', attributes: [{ variable: true, code: 'title', datatype: 'string', required: false, datatype_description: '200 字以内', order: 2, description: '标题 (默认: 路灯照明)' }] },
          '<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>urban-streetlight</service_code><attributes><attribute>…</attribute></attributes></service_definition>',
        ),
      },
      ...errors('either', { 404: 'service_code urban-nothing not found' }),
    },
  });
  register({
    method: 'get',
    path: '/open311/v2/requests/{request}',
    operationId: 'open311GetRequest',
    roles: ['partner', 'operator'],
    tags: ['open311'],
    summary: 'One Open311 service request by its id (the case number; the case id is read too)',
    description: `${readRoles} Another partner's case is not found, as on /v1.`,
    security: keyed,
    request: { params: fileParam('request', 'The service_request_id', 'WH-20261127-000042.json') },
    responses: {
      200: { description: 'A list of one request', content: content('either', Open311ServiceRequestList, [exampleRequest], '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>…</request></service_requests>') },
      ...errors('either', { 403: 'Invalid api_key', 404: 'service_request_id WH-20261127-000042 not found' }),
    },
  });
  register({
    method: 'get',
    path: '/open311/v2/tokens/{token}',
    operationId: 'open311GetRequestIdFromToken',
    roles: ['partner', 'operator'],
    tags: ['open311'],
    summary: 'The service_request_id of a token (the case id a POST answered)',
    description: readRoles,
    security: keyed,
    request: { params: fileParam('token', 'The token', '6f1c2b9e-8d4a-4c1e-9a57-2f0c6e1d3b8a.json') },
    responses: {
      200: {
        description: 'The id',
        content: content(
          'either',
          Open311TokenAnswer,
          [{ service_request_id: 'WH-20261127-000042', token: '6f1c2b9e-8d4a-4c1e-9a57-2f0c6e1d3b8a' }],
          '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>WH-20261127-000042</service_request_id><token>6f1c2b9e-…</token></request></service_requests>',
        ),
      },
      ...errors('either', { 403: 'Invalid api_key', 404: 'token 6f1c2b9e-8d4a-4c1e-9a57-2f0c6e1d3b8a not found' }),
    },
  });
}
