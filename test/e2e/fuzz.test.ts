import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routes } from '@govflow/infra/manifest';
import { startLocalStack } from '@govflow/local/stack';
import { keysFor, type Stack } from './harness';

/**
 * Hostile input against every route of the local API: odd path segments, query strings,
 * bodies of any JSON shape, deep nesting, huge strings, invalid UTF-8, wrong content types,
 * with every role's key and none. Nothing may answer 5xx, and every 4xx is a problem
 * document (on Open311's routes, the specification's error list, in the format asked). `FUZZ_RUNS=10000 npx vitest run test/e2e/fuzz.test.ts` for the long run.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 1500);

let stack: Stack;
let keys: string[];

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0 });
  keys = Object.values(keysFor(stack));
});

afterAll(async () => {
  await stack?.stop();
});

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', '%E0%A4%A', "' OR 1=1 --", '<script>alert(1)</script>', '{"$ne":null}', '\u202e', '\ud800', 'WHTJ-20261126-000001', '00000000-0000-4000-8000-000000000000', 'WH-20261126-000001.xml', 'urban-streetlight.json', '2026-11-01T00:00:00Z'),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);

const nested = fc.nat({ max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  nested,
  hostileText,
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

/** Percent-encodes every byte (a lone surrogate becomes U+FFFD); `raw` keeps printable ASCII as typed, escapes and all. */
const encode = (text: string, raw: boolean) =>
  raw && /^[\x21-\x7e]*$/.test(text) ? text.replace(/[?#/]/g, '') : [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const request = fc.record({
  route: fc.constantFrom(...routes),
  segment: hostileText,
  query: fc.array(fc.tuple(fc.constantFrom('cursor', 'limit', 'status', 'from', 'to', 'centreId', 'mediatorId', 'tier', 'departmentId', 'committeeId', 'x', 'api_key', 'service_request_id', 'service_code', 'start_date', 'end_date', 'jurisdiction_id'), hostileText), { maxLength: 3 }),
  body,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
  key: fc.nat(),
  anonymous: fc.boolean(),
  raw: fc.boolean(),
});

/** The GeoReport v2 error list, in JSON or XML, each code the HTTP status. */
function open311Errors(contentType: string, text: string, status: number): boolean {
  if (contentType.startsWith('text/xml')) {
    const codes = [...text.matchAll(/<error>\s*<code>(\d+)<\/code>\s*<description>[^<]*<\/description>\s*<\/error>/g)].map((m) => Number(m[1]));
    return codes.length > 0 && codes.every((c) => c === status);
  }
  if (!contentType.startsWith('application/json')) return false;
  const errors = JSON.parse(text) as unknown;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e: { code?: unknown; description?: unknown }) => e.code === status && typeof e.description === 'string');
}

describe(`fuzzing every route (${runs} requests)`, () => {
  it('never answers 5xx, and every 4xx is a problem document', async () => {
    const failures: string[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.route.path.replace(/\{[^}]+\}/g, () => encode(r.segment, r.raw).slice(0, 20_000) || 'x');
        const query = r.query.length ? `?${r.query.map(([k, v]) => `${k}=${encode(v, r.raw).slice(0, 5000)}`).join('&')}` : '';
        const headers: Record<string, string> = {};
        if (!r.anonymous) headers.authorization = `Bearer ${keys[r.key % keys.length]}`;
        if (r.contentType) headers['content-type'] = r.contentType;
        const res = await fetch(`${stack.apiUrl}${path}${query}`, { method: r.route.method, headers, body: r.route.method === 'GET' ? undefined : r.body });
        const text = await res.text();
        sent++;
        const contentType = res.headers.get('content-type') ?? '';
        const problem = contentType.includes('application/problem+json') || (path.startsWith('/open311/') && open311Errors(contentType, text, res.status));
        if (res.status >= 500 || (res.status >= 400 && !problem)) failures.push(`${res.status} ${r.route.method} ${path.slice(0, 80)}${query.slice(0, 80)} → ${text.slice(0, 200)}`);
      }),
      { numRuns: runs },
    );
    expect(sent).toBe(runs);
    expect(failures).toEqual([]);
  }, 600_000);
});
