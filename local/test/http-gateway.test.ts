import { request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { startHttpGateway } from '../src/http-gateway';

let siteGateway: { server: Server; url: string };
const files = new Map([['index.html', { body: Buffer.from('<!doctype html>'), contentType: 'text/html; charset=utf-8' }]]);

beforeAll(async () => {
  siteGateway = await startHttpGateway(
    [{ method: 'GET', path: '/v1/ping', public: true, invoke: async () => ({ statusCode: 200, body: 'pong' }) }],
    0,
    {
      authorizer: { invoke: async () => ({ isAuthorized: false, context: {} }), cacheTtlMs: 0 },
      sites: [{ prefix: '/console', file: (name) => files.get(name), headers: { 'x-content-type-options': 'nosniff' }, loopbackOnly: true }],
    },
  );
});
afterAll(() => new Promise<void>((resolve) => siteGateway.server.close(() => resolve())));

describe('static files beside the API', () => {
  it('serves the site under its prefix, its page at the folder, with its headers', async () => {
    const page = await fetch(`${siteGateway.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html>');
    const bare = await fetch(`${siteGateway.url}/console?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/?x=1');
    expect(await (await fetch(`${siteGateway.url}/v1/ping`)).text()).toBe('pong');
  });

  it('answers anything else as a problem: unknown file, a path out of the folder, another method', async () => {
    for (const path of ['/console/nope.js', '/console/%2e%2e%2fpackage.json', '/console/a/b']) {
      const res = await fetch(`${siteGateway.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // DNS rebinding: another site's name pointed at this machine.
    const port = new URL(siteGateway.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/console/', headers: { host: `attacker.example:${port}` } }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(421);
    const post = await fetch(`${siteGateway.url}/console/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

/** The gateway's authorizer step, as API Gateway runs it: before the function, cached per Authorization value. */
describe('local gateway authorizer', () => {
  const seen: APIGatewayRequestAuthorizerEventV2[] = [];
  const received: APIGatewayProxyEventV2[] = [];
  let gateway: { server: Server; url: string };
  let uncached: { server: Server; url: string };

  const start = (cacheTtlMs: number) =>
    startHttpGateway(
      [
        { method: 'GET', path: '/v1/things/{id}', invoke: async (event) => (received.push(event), { statusCode: 200, body: 'ok' }) },
        { method: 'GET', path: '/v1/open', public: true, invoke: async (event) => (received.push(event), { statusCode: 200, body: 'open' }) },
      ],
      0,
      {
        authorizer: {
          invoke: async (event) => {
            seen.push(event);
            return { isAuthorized: event.identitySource[0] !== 'Bearer deny', context: { partnerId: 'p', role: 'partner', credential: 'key' } };
          },
          cacheTtlMs,
        },
        documents: { '/.well-known/jwks.json': () => ({ keys: [] }) },
      },
    );

  beforeAll(async () => {
    // A TTL no test run outlasts, and one that has always passed: no timing to race on a loaded machine.
    gateway = await start(600_000);
    uncached = await start(0);
  });

  afterAll(async () => {
    for (const g of [gateway, uncached]) await new Promise<void>((r) => g.server.close(() => r()));
  });

  const get = (path: string, authorization?: string) => fetch(`${gateway.url}${path}`, { headers: authorization ? { authorization } : {} });

  it('asks the authorizer once per Authorization value per TTL and hands its context to the function', async () => {
    seen.length = 0;
    for (let i = 0; i < 5; i++) expect((await get(`/v1/things/${i}`, 'Bearer one')).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'REQUEST', version: '2.0', identitySource: ['Bearer one'], routeKey: 'GET /v1/things/{id}', pathParameters: { id: '0' } });
    expect((received.at(-1)!.requestContext as { authorizer?: unknown }).authorizer).toEqual({ lambda: { partnerId: 'p', role: 'partner', credential: 'key' } });
    await get('/v1/things/x', 'Bearer two');
    expect(seen).toHaveLength(2);
    // Past the TTL, the authorizer is asked again.
    for (let i = 0; i < 3; i++) await fetch(`${uncached.url}/v1/things/${i}`, { headers: { authorization: 'Bearer one' } });
    expect(seen).toHaveLength(5);
  });

  it('answers a missing Authorization header with a 401 problem without asking, and a denial with 403', async () => {
    seen.length = 0;
    const missing = await get('/v1/things/1');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(seen).toHaveLength(0);
    expect((await get('/v1/things/1', 'Bearer deny')).status).toBe(403);
  });

  it('serves public routes and documents without the authorizer', async () => {
    seen.length = 0;
    expect((await get('/v1/open')).status).toBe(200);
    expect((received.at(-1)!.requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
    expect(await (await get('/.well-known/jwks.json')).json()).toEqual({ keys: [] });
    expect(seen).toHaveLength(0);
  });
});
