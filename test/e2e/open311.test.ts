import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, streetlight, streetlightElsewhere, type Stack } from './harness';

/**
 * An Open311 GeoReport v2 client against the whole local system: it reads the services,
 * files requests form-encoded (answers in JSON and in XML), follows them by token and by
 * id until they are routed, lists them with the specification's filters, and is refused
 * in the specification's error format.
 */
let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, visibilityTimeoutSeconds: 1 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function open311(method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${stack.apiUrl}/open311/v2/${path}`, {
    method,
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers } : headers,
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The text of every `<tag>` element, entities read (our answers are flat: no attributes, no CDATA). */
function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

function json<T>(answer: Answer): T {
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  return JSON.parse(answer.text) as T;
}

/** Refused in the specification's format: a list of {code, description}, the code the HTTP status. */
function expectErrors(answer: Answer, status: number, format: 'json' | 'xml' = 'json'): string[] {
  expect(answer.status, answer.text).toBe(status);
  if (format === 'xml') {
    expect(answer.contentType).toBe('text/xml; charset=utf-8');
    expect(answer.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>/);
    expect(xmlValues(answer.text, 'code').every((c) => c === String(status))).toBe(true);
    return xmlValues(answer.text, 'description');
  }
  const errors = json<{ code: number; description: string }[]>(answer);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e).toEqual({ code: status, description: expect.any(String) });
  return errors.map((e) => e.description);
}

interface Open311Request {
  service_request_id: string;
  status: string;
  status_notes: string;
  service_code?: string;
  agency_responsible?: string;
  expected_datetime?: string;
  description: string;
  requested_datetime: string;
}

function streetlightForm(key: string): Record<string, string> {
  const { location } = streetlightElsewhere();
  return {
    api_key: key,
    jurisdiction_id: 'wuhai',
    service_code: 'urban-streetlight',
    address_id: location.gridId,
    description: `${streetlight.description} 联系电话13912345678`,
    first_name: '女士',
    last_name: '张',
    phone: '13912345678',
    email: 'zhang.nvshi@example.org',
    media_url: 'https://example.org/lamp.jpg',
    'attribute[external_id]': `fms-${Math.random().toString(36).slice(2)}`,
  };
}

describe('Open311 GeoReport v2', () => {
  it('lists the services and a service’s definition, in JSON and XML, without a key', async () => {
    const services = json<{ service_code: string; group: string; type: string }[]>(await open311('GET', 'services.json'));
    expect(services.length).toBeGreaterThanOrEqual(177);
    expect(services.find((s) => s.service_code === 'urban-streetlight')).toMatchObject({ group: '城市管理与市政公用', type: 'realtime' });
    const xml = await open311('GET', 'services.xml?jurisdiction_id=wuhai');
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(xmlValues(xml.text, 'service_code')).toEqual(services.map((s) => s.service_code));
    const definition = await open311('GET', 'services/urban-streetlight.xml');
    expect(xmlValues(definition.text, 'code')).toEqual(['kind', 'title', 'channel', 'external_id']);
    expect(json<{ service_code: string }>(await open311('GET', 'services/urban-streetlight.json')).service_code).toBe('urban-streetlight');
  });

  it('files requests form-encoded, follows them by token and id until routed, and masks the reporter', async () => {
    const filedJson = json<{ service_request_id: string; token: string; service_notice: string }[]>(await open311('POST', 'requests.json', streetlightForm(keys.hotline)));
    expect(filedJson).toEqual([{ service_request_id: expect.stringMatching(/^WH-\d{8}-\d{6}$/), token: expect.any(String), service_notice: expect.stringContaining('已受理') }]);
    const filedXml = await open311('POST', 'requests.xml', streetlightForm(keys.hotline));
    expect(filedXml.status, filedXml.text).toBe(200);
    expect(filedXml.contentType).toBe('text/xml; charset=utf-8');
    const [xmlId] = xmlValues(filedXml.text, 'service_request_id');
    const [xmlToken] = xmlValues(filedXml.text, 'token');

    for (const [id, token] of [[filedJson[0]!.service_request_id, filedJson[0]!.token], [xmlId!, xmlToken!]] as const) {
      // By token (with the key in the Authorization header, as /v1 takes it) …
      const byToken = json<{ service_request_id: string; token: string }[]>(await open311('GET', `tokens/${token}.json`, undefined, { authorization: `Bearer ${keys.hotline}` }));
      expect(byToken).toEqual([{ service_request_id: id, token }]);
      expect(xmlValues((await open311('GET', `tokens/${token}.xml?api_key=${keys.hotline}`)).text, 'service_request_id')).toEqual([id]);
      // … then by id until dispatch has routed it.
      const routed = await eventually(async () => {
        const [request] = json<Open311Request[]>(await open311('GET', `requests/${id}.json?api_key=${keys.hotline}`));
        return request?.agency_responsible && request.expected_datetime ? request : undefined;
      }, 30_000, `${id} to be routed`);
      expect(routed).toMatchObject({ service_request_id: id, status: 'open', service_code: 'urban-streetlight', status_notes: expect.stringMatching(/^已派遣/) });
      const xml = await open311('GET', `requests/${id}.xml?api_key=${keys.hotline}`);
      expect(xmlValues(xml.text, 'agency_responsible')).toEqual([routed.agency_responsible]);
      expect(xmlValues(xml.text, 'expected_datetime')).toEqual([routed.expected_datetime]);
      for (const answer of [JSON.stringify(routed), xml.text]) {
        expect(answer).not.toContain('13912345678');
        expect(answer).not.toContain('zhang.nvshi');
        expect(answer).not.toContain('张女士');
      }
      // The same case on /v1, with the reporter the form named: name, phone and email masked (the originals only through the audited reveal).
      const view = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${token}`);
      expect(view.body.reporter).toEqual({ name: '张**', phone: '139****5678', email: 'z**********@example.org' });
      expect(view.body.description).toContain('139****5678');
      expect(view.body.attachments).toEqual(['https://example.org/lamp.jpg']);
    }

    // Lists with the specification's filters.
    const ids = [filedJson[0]!.service_request_id, xmlId!];
    const listed = json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.hotline}&service_code=urban-streetlight&status=open`));
    expect(listed.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(ids));
    expect(listed.every((r) => r.status === 'open' && r.service_code === 'urban-streetlight')).toBe(true);
    // Newest first.
    expect(listed.map((r) => r.requested_datetime)).toEqual([...listed.map((r) => r.requested_datetime)].sort().reverse());
    const closed = json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.hotline}&status=closed`));
    expect(closed.map((r) => r.service_request_id)).not.toEqual(expect.arrayContaining([ids[0]]));
    const byIds = await open311('GET', `requests.xml?api_key=${keys.hotline}&service_request_id=${ids.join(',')}&status=closed`);
    expect(xmlValues(byIds.text, 'service_request_id').sort()).toEqual([...ids].sort());
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.hotline}&start_date=${encodeURIComponent(tomorrow)}`))).toEqual([]);
    // An operator reads every partner's, with a key issued for the role (a staff token is no api_key).
    const operatorKey = (await stack.keys.issue({ partnerId: 'operations-desk', role: 'operator' }, { label: 'open311 test' })).key;
    const operatorList = json<Open311Request[]>(await open311('GET', `requests.json?api_key=${operatorKey}&service_request_id=${ids.join(',')}`));
    expect(operatorList).toHaveLength(2);
    expectErrors(await open311('GET', `requests.json?api_key=${keys.operator}&service_request_id=${ids.join(',')}`), 403);
    // Another partner sees none of them, by list or by id.
    expect(json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.grid}&service_request_id=${ids.join(',')}`))).toEqual([]);
    expectErrors(await open311('GET', `requests/${ids[0]}.json?api_key=${keys.grid}`), 404);
  }, 90_000);

  it('answers bad input in the specification’s error format, with 400, 403 or 404, and files nothing', async () => {
    const before = json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.petition}`)).length;
    const form: Record<string, string> = { ...streetlightForm(keys.petition), 'attribute[channel]': 'petition' };
    const { api_key: _key, ...withoutKey } = form;
    expect(expectErrors(await open311('POST', 'requests.json', withoutKey), 403)).toEqual(['api_key is required']);
    expect(expectErrors(await open311('POST', 'requests.xml', { ...form, api_key: 'gfk.forged.key' }), 403, 'xml')).toEqual(['Invalid api_key']);
    expectErrors(await open311('POST', 'requests.json', { ...form, api_key: keys.dispatcher }), 403);
    expectErrors(await open311('POST', 'requests.json', { ...form, 'attribute[channel]': 'hotline-12345' }), 403);
    const { description: _d, ...withoutDescription } = form;
    expect(expectErrors(await open311('POST', 'requests.xml', withoutDescription), 400, 'xml')).toEqual(['description: description is required']);
    expectErrors(await open311('POST', 'requests.json', { ...form, service_code: 'urban-nothing' }), 404);
    expectErrors(await open311('POST', 'requests.json', { ...form, jurisdiction_id: 'city.gov' }), 404);
    expectErrors(await open311('POST', 'requests.json', { ...form, lat: '39.6' }), 400);
    const asJson = await fetch(`${stack.apiUrl}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
    expectErrors({ status: asJson.status, contentType: asJson.headers.get('content-type') ?? '', text: await asJson.text() }, 400);

    expectErrors(await open311('GET', 'requests.json'), 403);
    expectErrors(await open311('GET', `requests.json?api_key=${keys.dispatcher}`), 403);
    expectErrors(await open311('GET', `requests.json?api_key=${keys.petition}&start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z`), 400);
    expectErrors(await open311('GET', `requests.xml?api_key=${keys.petition}&status=pending`), 400, 'xml');
    expectErrors(await open311('GET', `requests/WH-20200101-000001.xml?api_key=${keys.petition}`), 404, 'xml');
    expectErrors(await open311('GET', `tokens/not-a-token.json?api_key=${keys.petition}`), 404);
    expectErrors(await open311('GET', 'services/urban-nothing.json'), 404);
    expectErrors(await open311('GET', 'services/urban-streetlight.csv'), 404);
    expectErrors(await open311('GET', 'services.xml?jurisdiction_id=city.gov'), 404, 'xml');

    // Nothing refused was filed.
    expect(json<Open311Request[]>(await open311('GET', `requests.json?api_key=${keys.petition}`))).toHaveLength(before);
  }, 60_000);
});
