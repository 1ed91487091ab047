import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '@govflow/local/stack';
import { call, keysFor, type Stack } from './harness';

let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Sends raw bytes and returns the raw response: for requests no well-behaved client would send. */
function raw(request: string): Promise<string> {
  const { port } = new URL(stack.apiUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('hostile requests to the local gateway', () => {
  it('answer a malformed percent escape with a problem document, and the system keeps serving', async () => {
    const bad = await fetch(`${stack.apiUrl}/v1/requests/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await call(stack, keys.hotline, 'GET', '/v1/taxonomy')).status).toBe(200);
  });

  it('answer oversized headers with a 431 problem document, not an empty body', async () => {
    const answer = await raw(`GET /v1/taxonomy HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1.1 431/);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('"status":431');
  });

  it('answer forged cursors and absurd ids with 4xx problems, never 5xx', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url');
    for (const path of [`/v1/triage?cursor=${forged}`, '/v1/triage?cursor=%%%', `/v1/workorders?departmentId=x&cursor=${forged}`, `/v1/workorders/${'x'.repeat(10_000)}`, `/v1/requests/${'x'.repeat(10_000)}`, `/v1/disputes?status=queued&cursor=${forged}`]) {
      const res = await call(stack, keys.operator, 'GET', path);
      expect(res.status, path.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.status, path.slice(0, 60)).toBeLessThan(500);
      expect(res.contentType).toContain('application/problem+json');
    }
  });
});
