import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { startHttpGateway } from '../src/http-gateway';

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
