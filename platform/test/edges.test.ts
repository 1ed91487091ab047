import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { caseReceivedV1, makeEvent, workorderDispatchedV1, workorderSignedV1, type Envelope } from '@govflow/contracts';
import { requireRole } from '../src/access';
import { BadCursor, decodeCursor, encodeCursor } from '../src/cursor';
import { ConfigError, HttpProblem } from '../src/errors';
import { fingerprint } from '../src/fingerprint';
import { regionDay } from '../src/local-date';
import { json, parseJsonBody, problemResult, problemTypeBase, routeApi, zodIssues, type ApiEvent } from '../src/http';
import { countDispatchTime, countSent, flushMetrics, operatorMetrics, serviceMetrics, type OperatorMetrics } from '../src/metrics';
import { errorName } from '../src/outbox';
import { readServiceEnv } from '../src/env';
import { sweepShards } from '../src/shards';

/* The small edges every service stands on: problem documents, bodies, cursors, roles, sweeps. */

const event = (over: Partial<ApiEvent> = {}): ApiEvent =>
  ({ routeKey: 'POST /v1/things', rawPath: '/v1/things', headers: { 'content-type': 'application/json' }, body: '{}', isBase64Encoded: false, ...over }) as ApiEvent;
const problemOf = (fn: () => unknown): HttpProblem => {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('no problem thrown');
};

describe('answers', () => {
  it('are JSON with any extra headers, problems application/problem+json with every field', () => {
    expect(json(201, { a: 1 }, { location: '/x' })).toEqual({ statusCode: 201, headers: { 'content-type': 'application/json; charset=utf-8', location: '/x' }, body: '{"a":1}' });
    const problem = new HttpProblem(409, 'not-allowed-now', 'Not now', 'It is closed', [{ path: 'a', message: 'm' }], { allowedNow: [{ action: 'rate', roles: ['partner'] }] });
    const result = problemResult(problem, '/v1/x');
    expect(result.statusCode).toBe(409);
    expect(result.headers).toEqual({ 'content-type': 'application/problem+json; charset=utf-8' });
    expect(JSON.parse(result.body as string)).toEqual({
      type: `${problemTypeBase}not-allowed-now`,
      title: 'Not now',
      status: 409,
      detail: 'It is closed',
      instance: '/v1/x',
      errors: [{ path: 'a', message: 'm' }],
      allowedNow: [{ action: 'rate', roles: ['partner'] }],
    });
    expect(problemTypeBase).toBe('https://govflow.dev/problems/');
  });

  it('carry a problem’s detail as its message, or its title when it has none, and the cause', () => {
    const cause = new Error('underneath');
    expect(new HttpProblem(400, 'k', 'Title', 'Detail').message).toBe('Detail');
    expect(new HttpProblem(400, 'k', 'Title', undefined, undefined, { cause }).message).toBe('Title');
    expect(new HttpProblem(400, 'k', 'Title', undefined, undefined, { cause }).cause).toBe(cause);
    expect(new HttpProblem(400, 'k', 'T').name).toBe('HttpProblem');
    expect(new ConfigError('x').name).toBe('ConfigError');
  });
});

describe('a JSON body', () => {
  const Thing = z.object({ name: z.string(), count: z.number().int().optional() }).strict();
  const limits = { maxBytes: 64 };

  it('is parsed with its schema, from text or base64, under any JSON media type', () => {
    expect(parseJsonBody(event({ body: '{"name":"甲"}' }), Thing, limits)).toEqual({ name: '甲' });
    expect(parseJsonBody(event({ body: Buffer.from('{"name":"b"}').toString('base64'), isBase64Encoded: true }), Thing, limits)).toEqual({ name: 'b' });
    expect(parseJsonBody(event({ headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' }, body: '{"name":"c"}' }), Thing, limits)).toEqual({ name: 'c' });
    expect(parseJsonBody(event({ headers: { 'content-type': 'Application/JSON' }, body: '{"name":"d"}' }), Thing, limits)).toEqual({ name: 'd' });
  });

  it('must be JSON (415), within the size limit counted in bytes (413), well formed (400) and valid (422)', () => {
    for (const headers of [{}, { 'content-type': 'text/plain' }, { 'content-type': 'application/jsonx' }, { 'content-type': 'x-application/json' }]) {
      expect(problemOf(() => parseJsonBody(event({ headers }), Thing, limits))).toMatchObject({ status: 415, kind: 'unsupported-media-type' });
    }
    // 29 characters, 65 bytes in UTF-8: a body exactly at the limit passes, one byte more does not.
    const atLimit = `{"name":"${'中'.repeat(18)}"}`;
    expect([atLimit.length, Buffer.byteLength(atLimit)]).toEqual([29, 65]);
    expect(parseJsonBody(event({ body: atLimit }), Thing, { maxBytes: 65 })).toEqual({ name: '中'.repeat(18) });
    expect(problemOf(() => parseJsonBody(event({ body: atLimit }), Thing, { maxBytes: 64 }))).toMatchObject({ status: 413, kind: 'body-too-large', detail: 'The body must be at most 64 bytes.' });
    expect(problemOf(() => parseJsonBody(event({ body: '{"name":' }), Thing, limits))).toMatchObject({ status: 400, kind: 'malformed-json' });
    expect(problemOf(() => parseJsonBody(event({ body: undefined }), Thing, limits))).toMatchObject({ status: 400, kind: 'malformed-json' });
    expect(problemOf(() => parseJsonBody(event({ body: '{"name":1,"extra":true}' }), Thing, limits))).toMatchObject({
      status: 422,
      kind: 'validation-failed',
      errors: [
        { path: 'name', message: expect.any(String) },
        { path: '(body)', message: expect.stringContaining('extra') },
      ],
    });
  });

  it('is refused with a problem that says why, in its title and detail', () => {
    const titled = (fn: () => unknown) => {
      const { status, kind, title, detail } = problemOf(fn);
      return { status, kind, title, detail };
    };
    expect(titled(() => parseJsonBody(event({ headers: {} }), Thing, limits))).toEqual({ status: 415, kind: 'unsupported-media-type', title: 'Body must be application/json', detail: undefined });
    expect(titled(() => parseJsonBody(event({ body: '{"name":"a long name"}' }), Thing, { maxBytes: 8 }))).toEqual({
      status: 413,
      kind: 'body-too-large',
      title: 'Body too large',
      detail: 'The body must be at most 8 bytes.',
    });
    expect(titled(() => parseJsonBody(event({ body: '{"name":' }), Thing, limits))).toEqual({ status: 400, kind: 'malformed-json', title: 'Body is not valid JSON', detail: undefined });
    // No body at all is an empty one: not JSON, whatever the size limit.
    expect(titled(() => parseJsonBody(event({ body: undefined }), Thing, { maxBytes: 1 }))).toMatchObject({ status: 400, kind: 'malformed-json' });
    expect(titled(() => parseJsonBody(event({ body: '{}' }), Thing, limits))).toEqual({ status: 422, kind: 'validation-failed', title: 'Body fails validation', detail: 'See errors for each field.' });
  });

  it('names each issue by its dotted path', () => {
    const result = z.object({ a: z.object({ b: z.array(z.string()) }) }).safeParse({ a: { b: ['x', 2] } });
    expect(zodIssues(result.error!)).toEqual([{ path: 'a.b.1', message: expect.any(String) }]);
  });
});

describe('routing', () => {
  const logged: unknown[] = [];
  const logger = { error: (...args: unknown[]) => void logged.push(args) } as unknown as Logger;
  const api = routeApi(
    {
      'GET /ok': async () => json(200, { ok: true }),
      'GET /problem': async () => {
        throw new HttpProblem(409, 'conflict', 'Conflict');
      },
      'GET /cursor': async () => {
        throw new BadCursor('x');
      },
      'GET /bug': async () => {
        throw new TypeError('secret internals');
      },
      'GET /thrown-string': async () => {
        throw 'secret string';
      },
    },
    logger,
  );
  const call = async (routeKey: string) => {
    const out = await api(event({ routeKey, rawPath: `/p${routeKey}` }));
    return { status: out.statusCode, body: JSON.parse(out.body as string) as Record<string, unknown> };
  };

  it('runs the route of the route key', async () => {
    expect(await call('GET /ok')).toEqual({ status: 200, body: { ok: true } });
  });

  it('turns every failure into a problem document at the request’s path, showing no internals', async () => {
    expect(await call('GET /missing')).toMatchObject({ status: 404, body: { type: `${problemTypeBase}not-found`, instance: '/pGET /missing' } });
    expect(await call('GET /problem')).toMatchObject({ status: 409, body: { type: `${problemTypeBase}conflict` } });
    expect(await call('GET /cursor')).toMatchObject({ status: 400, body: { type: `${problemTypeBase}bad-cursor` } });
    const bug = await call('GET /bug');
    expect(bug).toMatchObject({ status: 500, body: { type: `${problemTypeBase}internal`, title: 'Internal error' } });
    expect(JSON.stringify(bug)).not.toContain('secret internals');
    expect(logged).toEqual([['unhandled error', { routeKey: 'GET /bug', error: 'TypeError' }]]);
  });

  it('titles and explains each problem it makes itself', async () => {
    const titled = async (routeKey: string) => {
      const { body } = await call(routeKey);
      return { title: body.title, detail: body.detail };
    };
    expect(await titled('GET /missing')).toEqual({ title: 'No such route', detail: undefined });
    expect(await titled('GET /cursor')).toEqual({ title: 'Unknown cursor', detail: 'Pass the cursor of the previous page as it was given.' });
    expect(await titled('GET /bug')).toEqual({ title: 'Internal error', detail: 'The request could not be completed; retry later.' });
  });

  it('logs something thrown that is not an Error as unknown, without its content', async () => {
    logged.length = 0;
    const thrown = await call('GET /thrown-string');
    expect(thrown).toMatchObject({ status: 500, body: { type: `${problemTypeBase}internal` } });
    expect(JSON.stringify(thrown)).not.toContain('secret string');
    expect(logged).toEqual([['unhandled error', { routeKey: 'GET /thrown-string', error: 'unknown' }]]);
  });
});

describe('page cursors', () => {
  it('round-trip a paging key and are absent at the end', () => {
    const key = { pk: 'CASE#1', sk: 'CASE', n: 3 };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it('refuse anything the API did not give out', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = ['not base64 json', encode({}), encode([]), encode({ pk: { nested: 1 } }), encode(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))), encode({ pk: 'x'.repeat(2049) }), 'a'.repeat(4097)];
    for (const cursor of bad) expect(() => decodeCursor(cursor)).toThrow(BadCursor);
    expect(decodeCursor(encode(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v']))))).toHaveProperty('k7');
    expect(decodeCursor(encode({ pk: 'x'.repeat(2048) }))).toEqual({ pk: 'x'.repeat(2048) });
    expect(() => decodeCursor('a'.repeat(4097))).toThrow('cursor too long');
    expect(() => decodeCursor(encode({}))).toThrow('cursor is not one this API gave out');
    // 3072 bytes of JSON are exactly 4096 characters of base64url: the longest cursor taken.
    const longest = encodeCursor({ a: 'x'.repeat(2048), b: 'y'.repeat(1009) })!;
    expect(longest).toHaveLength(4096);
    expect(decodeCursor(longest)).toEqual({ a: 'x'.repeat(2048), b: 'y'.repeat(1009) });
    expect(new BadCursor('x').name).toBe('BadCursor');
  });
});

describe('roles', () => {
  it('let the named roles through and refuse anyone else with 403, naming who may', () => {
    expect(() => requireRole({ partnerId: 'p', role: 'dispatcher' }, ['dispatcher', 'operator'], 'Dispatchers only')).not.toThrow();
    expect(problemOf(() => requireRole({ partnerId: 'p', role: 'partner' }, ['dispatcher', 'operator'], 'Dispatchers only'))).toMatchObject({
      status: 403,
      kind: 'forbidden',
      title: 'Dispatchers only',
      detail: 'This route is for: dispatcher, operator.',
    });
  });
});

describe('sweeping shards', () => {
  it('pages every shard to its end, one item after another within a shard', async () => {
    const pages: Record<number, string[][]> = { 0: [['a1', 'a2'], ['a3']], 1: [[]], 2: [['c1'], [], ['c2']] };
    const handled: string[] = [];
    const result = await sweepShards<string>({
      shards: 3,
      deadline: Date.now() + 60_000,
      page: async (shard, cursor) => {
        const index = (cursor?.page as number | undefined) ?? 0;
        const list = pages[shard]!;
        return { items: list[index]!, cursor: index + 1 < list.length ? { page: index + 1 } : undefined };
      },
      handle: async (item) => void handled.push(item),
    });
    expect(result).toEqual({ handled: 5, finished: true });
    expect(handled.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(handled.filter((i) => i.startsWith('c'))).toEqual(['c1', 'c2']);
  });

  it('starts no page after the deadline and says it did not finish', async () => {
    let pagesRead = 0;
    const result = await sweepShards<string>({
      shards: 2,
      deadline: Date.now() - 1,
      page: async () => {
        pagesRead++;
        return { items: ['x'] };
      },
      handle: async () => undefined,
    });
    expect(result).toEqual({ handled: 0, finished: false });
    expect(pagesRead).toBe(0);
  });

  it('counts the deadline itself as past', async () => {
    const deadline = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(deadline);
    try {
      const result = await sweepShards<string>({ shards: 1, deadline, page: async () => ({ items: ['x'] }), handle: async () => undefined });
      expect(result).toEqual({ handled: 0, finished: false });
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('fingerprints and days', () => {
  it('are equal for the same body in any key order, without undefined fields, and differ for any change', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 'x', d: undefined }] })).toBe(fingerprint({ b: [1, { c: 'x' }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
    expect(fingerprint({ ab: 1 })).not.toBe(fingerprint({ a: 'b1' }));
    expect(fingerprint({ a: null })).not.toBe(fingerprint({}));
    expect(fingerprint('x')).toMatch(/^[0-9a-f]{64}$/);
    // Keys sorted by code unit, so the canonical form is the same whatever the insertion order.
    expect(fingerprint({ b: 1, a: 2, c: 3 })).toBe(fingerprint({ c: 3, a: 2, b: 1 }));
  });

  it('are the SHA-256 of one canonical JSON text (stored with idempotency records, so it must not drift between releases)', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(fingerprint({ b: [12, 3], a: { y: null, x: '中' }, 'a-b': true, B: 1 })).toBe(sha256('{"B":1,"a":{"x":"中","y":null},"a-b":true,"b":[12,3]}'));
    expect(fingerprint([1, 23])).not.toBe(fingerprint([12, 3]));
    // Every order of the same keys: one fingerprint.
    const orders = [['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'], ['b', 'd', 'a', 'c'], ['c', 'a', 'd', 'b'], ['a', 'c', 'b', 'd']];
    const prints = orders.map((order) => fingerprint(Object.fromEntries(order.map((k) => [k, k.toUpperCase()]))));
    expect(new Set(prints)).toEqual(new Set([sha256('{"a":"A","b":"B","c":"C","d":"D"}')]));
  });

  it('name the calendar day in the region’s time zone', () => {
    expect(regionDay(new Date('2026-11-26T15:59:59Z'), 'Asia/Shanghai')).toBe('20261126');
    expect(regionDay(new Date('2026-11-26T16:00:00Z'), 'Asia/Shanghai')).toBe('20261127');
    // Each zone keeps its own formatter: the same instant is still the 26th in California.
    expect(regionDay(new Date('2026-11-26T16:00:00Z'), 'America/Los_Angeles')).toBe('20261126');
    expect(regionDay(new Date('2026-11-26T16:00:00Z'), 'Asia/Shanghai')).toBe('20261127');
  });
});

describe('operator metrics', () => {
  const recorder = () => {
    const counted: [string, string, number][] = [];
    let published = 0;
    const metrics: OperatorMetrics = {
      addMetric: (name, unit, value) => void counted.push([name, unit, value]),
      hasStoredMetrics: () => counted.length > 0,
      publishStoredMetrics: () => void published++,
    };
    return { counted, metrics, published: () => published };
  };
  const at = new Date('2026-11-26T00:00:00Z');
  const received = makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId: 'c',
    traceId: 't',
    occurredAt: at,
    payload: { caseNumber: 'WH-1', partnerId: 'p', channel: 'web', kind: 'complaint', title: 't', description: 'd', location: { address: 'a' }, receivedAt: at.toISOString(), attachmentCount: 0 },
  });
  const dispatched = makeEvent(workorderDispatchedV1, {
    region: 'wuhai',
    caseId: 'c',
    traceId: 't',
    occurredAt: new Date(at.getTime() + 2500),
    payload: { workOrderId: 'WO', partnerId: 'p', major: 'urban', minor: 'urban-streetlight', departmentId: 'd', departmentName: 'x', coHandlerIds: [], jurisdiction: { resolvedBy: 'unresolved' }, signDeadline: at.toISOString(), resolveDeadline: at.toISOString(), receivedAt: at.toISOString() },
  });

  it('count received and dispatched cases sent, nothing else', () => {
    const { counted, metrics } = recorder();
    const signed = { ...dispatched, type: workorderSignedV1.type } as Envelope;
    countSent(metrics, [received, dispatched, signed]);
    expect(counted).toEqual([
      ['CasesReceived', 'Count', 1],
      ['CasesDispatched', 'Count', 1],
    ]);
  });

  it('time a dispatch from the arrival it answers, and only that', () => {
    const { counted, metrics } = recorder();
    countDispatchTime(metrics, received, [dispatched]);
    countDispatchTime(metrics, received, []);
    countDispatchTime(metrics, dispatched, [dispatched]);
    expect(counted).toEqual([['TimeToDispatch', 'Milliseconds', 2500]]);
  });

  it('time a dispatch among other events emitted with it', () => {
    const { counted, metrics } = recorder();
    const signedLater = { ...dispatched, type: workorderSignedV1.type, occurredAt: new Date(at.getTime() + 9000).toISOString() } as Envelope;
    countDispatchTime(metrics, received, [signedLater, dispatched]);
    expect(counted).toEqual([['TimeToDispatch', 'Milliseconds', 2500]]);
  });

  it("go to the govflow namespace under the service's name", () => {
    const metrics = serviceMetrics('intake') as Metrics;
    metrics.addMetric(operatorMetrics.casesReceived, MetricUnit.Count, 1);
    const emf = metrics.serializeMetrics();
    expect(emf._aws.CloudWatchMetrics).toEqual([expect.objectContaining({ Namespace: 'govflow', Dimensions: [['service']] })]);
    expect(emf).toMatchObject({ service: 'intake', CasesReceived: 1 });
  });

  it('are written only when something was counted', () => {
    const { metrics, published } = recorder();
    flushMetrics(metrics);
    expect(published()).toBe(0);
    countSent(metrics, [received]);
    flushMetrics(metrics);
    expect(published()).toBe(1);
  });
});

describe('error names for log lines', () => {
  it('say what failed without the data', () => {
    expect(errorName(new TypeError('bad'))).toBe('TypeError: bad');
    expect(errorName(new Error('x'.repeat(400)))).toBe(`Error: ${'x'.repeat(300)}`);
    expect(errorName('y'.repeat(300))).toBe('y'.repeat(200));
    expect(errorName(42)).toBe('42');
    const zod = z.object({ a: z.object({ b: z.string() }), c: z.number() }).safeParse({ a: { b: 1 } }).error!;
    expect(errorName(zod)).toMatch(/^ZodError: 2 issue\(s\), first at a\.b: .+/);
    expect(errorName(z.string().safeParse(1).error!)).toMatch(/^ZodError: 1 issue\(s\), first at \(root\): .+/);
    // A ZodError without issues, one named ZodError without an issue list, and another error that has one.
    expect(errorName(Object.assign(new Error(''), { name: 'ZodError', issues: [] }))).toBe('ZodError: 0 issue(s), first at (root): ');
    expect(errorName(Object.assign(new Error('no list'), { name: 'ZodError' }))).toBe('ZodError: no list');
    expect(errorName(Object.assign(new Error('aggregate'), { issues: [{ path: ['a'], message: 'm' }] }))).toBe('Error: aggregate');
  });
});

describe('service environment', () => {
  it('reads the region, the table and the queues it sends to, failing with every missing name', () => {
    expect(readServiceEnv({ REGION_ID: 'wuhai', TABLE_NAME: 't' })).toEqual({ regionId: 'wuhai', tableName: 't', queueUrls: {} });
    expect(() => readServiceEnv({ REGION_ID: '', TABLE_NAME: 't' })).toThrow(new ConfigError('missing environment: REGION_ID'));
    expect(() => readServiceEnv({})).toThrow(ConfigError);
    expect(() => readServiceEnv({ REGION_ID: 'wuhai', TABLE_NAME: 't' }, ['dispatch', 'callbacks'])).toThrow(new ConfigError('missing environment: QUEUE_URL_DISPATCH, QUEUE_URL_CALLBACKS'));
    expect(() => readServiceEnv({ TABLE_NAME: 't' }, ['dispatch'])).toThrow(new ConfigError('missing environment: REGION_ID, QUEUE_URL_DISPATCH'));
  });
});
