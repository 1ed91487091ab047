import { request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway } from '../src/http-gateway';

let gateway: { server: Server; url: string };
const files = new Map([['index.html', { body: Buffer.from('<!doctype html>'), contentType: 'text/html; charset=utf-8' }]]);

beforeAll(async () => {
  gateway = await startHttpGateway(
    [{ method: 'GET', path: '/v1/ping', invoke: async () => ({ statusCode: 200, body: 'pong' }) }],
    0,
    [{ prefix: '/console', file: (name) => files.get(name), headers: { 'x-content-type-options': 'nosniff' }, loopbackOnly: true }],
  );
});
afterAll(() => new Promise<void>((resolve) => gateway.server.close(() => resolve())));

describe('static files beside the API', () => {
  it('serves the site under its prefix, its page at the folder, with its headers', async () => {
    const page = await fetch(`${gateway.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html>');
    const bare = await fetch(`${gateway.url}/console?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/?x=1');
    expect(await (await fetch(`${gateway.url}/v1/ping`)).text()).toBe('pong');
  });

  it('answers anything else as a problem: unknown file, a path out of the folder, another method', async () => {
    for (const path of ['/console/nope.js', '/console/%2e%2e%2fpackage.json', '/console/a/b']) {
      const res = await fetch(`${gateway.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // DNS rebinding: another site's name pointed at this machine.
    const port = new URL(gateway.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/console/', headers: { host: `attacker.example:${port}` } }, (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(421);
    const post = await fetch(`${gateway.url}/console/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
