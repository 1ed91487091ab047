import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, streetlightElsewhere, type Stack } from './harness';

/**
 * Issue 12, "nobody where they don't belong": partner keys that can be revoked and rotated,
 * staff tokens from the issuer, all checked by the gateway's authorizer, against the whole local
 * system. The gateway caches the authorizer's answers (as API Gateway does) for a short TTL here,
 * so a revocation shows within a second instead of five minutes.
 */
let stack: Stack;
let keys: ReturnType<typeof keysFor>;
const cacheTtlMs = 400;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, authorizerCacheTtlMs: cacheTtlMs });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const taxonomy = (credential: string) => call<{ type?: string; status?: number }>(stack, credential, 'GET', '/v1/taxonomy');

async function expectUnauthorized(credential: string, what: string) {
  const res = await taxonomy(credential);
  expect(res.status, what).toBe(401);
  expect(res.contentType, what).toMatch(/^application\/problem\+json/);
  expect(res.body.type, what).toBe('https://govflow.dev/problems/unauthorized');
}

/** Waits until the gateway's cached answer for this credential has gone and the authorizer refuses it. */
const refusedEventually = (credential: string, what: string) =>
  eventually(async () => ((await taxonomy(credential)).status === 401 ? true : undefined), 20_000, what);

describe('partner keys at the gateway', () => {
  it('refuse a changed payload under the old signature, a truncated or re-cased signature, and no key at all: 401 problems', async () => {
    const key = keys.hotline;
    const [tag, payload, signature] = key.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, string>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString('base64url');
    const otherPartner = Buffer.from(JSON.stringify({ ...claims, partnerId: 'petition', keyId: 'demo-petition' })).toString('base64url');
    const i = [...signature!].findIndex((c) => /[a-z]/.test(c));
    const recased = `${tag}.${payload}.${signature!.slice(0, i)}${signature![i]!.toUpperCase()}${signature!.slice(i + 1)}`;
    expect((await taxonomy(key)).status).toBe(200);
    for (const [what, bad] of Object.entries({
      'changed payload, old signature': `${tag}.${promoted}.${signature}`,
      "another partner's payload, old signature": `${tag}.${otherPartner}.${signature}`,
      'truncated signature': key.slice(0, -1),
      'signature cut in half': key.slice(0, key.length - 22),
      're-cased signature': recased,
    })) {
      await expectUnauthorized(bad, what);
    }
    const none = await call<{ type: string }>(stack, undefined, 'GET', '/v1/taxonomy');
    expect([none.status, none.body.type]).toEqual([401, 'https://govflow.dev/problems/unauthorized']);
  });

  it('refuse a revoked key, and every key of a revoked partner, while other partners keep working', async () => {
    const first = await stack.keys.issue({ partnerId: 'mini-program-minyi', role: 'partner' }, { label: 'e2e first' });
    const second = await stack.keys.issue({ partnerId: 'mini-program-minyi', role: 'partner' }, { label: 'e2e second' });
    expect((await taxonomy(first.key)).status).toBe(200);
    expect((await taxonomy(second.key)).status).toBe(200);

    await stack.keys.revoke({ partnerId: 'mini-program-minyi', keyId: first.record.keyId });
    await refusedEventually(first.key, 'the revoked key to be refused');
    await expectUnauthorized(first.key, 'revoked key');
    expect((await taxonomy(second.key)).status).toBe(200);

    await stack.keys.revoke({ partnerId: 'mini-program-minyi' });
    await refusedEventually(second.key, "the revoked partner's key to be refused");
    // A revoked key cannot submit either: nothing is stored.
    const submit = await call(stack, second.key, 'POST', '/v1/requests', { ...streetlightElsewhere(), channel: 'mini-program' });
    expect(submit.status).toBe(401);
    expect((await taxonomy(keys.hotline)).status).toBe(200);
  });

  it('rotate: the new key works at once, the old one until its grace period ends, then 401', async () => {
    const old = await stack.keys.issue({ partnerId: 'hbw-wechat', role: 'partner' }, { label: 'e2e rotation' });
    expect((await taxonomy(old.key)).status).toBe(200);
    // Long enough that the rotation and the two calls after it finish inside it on a loaded machine.
    const graceSeconds = 8;
    const rotatedAt = Date.now();
    const rotated = await stack.keys.rotate({ partnerId: 'hbw-wechat', keyId: old.record.keyId }, graceSeconds);
    expect((await taxonomy(rotated.key)).status).toBe(200);
    expect((await taxonomy(old.key)).status).toBe(200);
    await refusedEventually(old.key, 'the old key to be refused after its grace period');
    // Refused no earlier than the grace period's end.
    expect(Date.now() - rotatedAt).toBeGreaterThanOrEqual(graceSeconds * 1000);
    expect((await taxonomy(rotated.key)).status).toBe(200);
    const res = await call<SubmitAccepted>(stack, rotated.key, 'POST', '/v1/requests', { ...streetlightElsewhere(), channel: 'wechat', location: { address: '海勃湾区新华街道' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  }, 60_000);
});

describe('staff tokens at the gateway', () => {
  it('a dispatcher triages and reads no partner-only route', async () => {
    const dispatcher = stack.issueToken({ partnerId: 'dispatcher-li', role: 'dispatcher' });
    expect((await call(stack, dispatcher, 'GET', '/v1/triage')).status).toBe(200);
    const submitted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere());
    expect(submitted.status).toBe(202);
    // Partner-only: submitting (403) and reading a partner's case (404: its existence is not the dispatcher's to learn).
    expect((await call(stack, dispatcher, 'POST', '/v1/requests', streetlightElsewhere())).status).toBe(403);
    expect((await call(stack, dispatcher, 'GET', `/v1/requests/${submitted.body.caseId}`)).status).toBe(404);
    expect((await call(stack, keys.hotline, 'GET', `/v1/requests/${submitted.body.caseId}`)).status).toBe(200);
  });

  it('refuse an expired token, one signed by another key, an unsigned one, and changed claims: 401 problems', async () => {
    const claims = { partnerId: 'dispatcher-li', role: 'dispatcher' } as const;
    const expired = stack.issueToken(claims, -120);
    const valid = stack.issueToken(claims);
    const [header, payload] = valid.split('.');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const strangerSignature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), role: 'operator' })).toString('base64url');
    for (const [what, bad] of Object.entries({
      expired,
      'signed by another key under the issuer kid': `${header}.${payload}.${strangerSignature}`,
      'alg none': none,
      'changed claims, old signature': `${header}.${promoted}.${valid.split('.')[2]}`,
      truncated: valid.slice(0, -3),
    })) {
      await expectUnauthorized(bad, what);
    }
    expect((await taxonomy(valid)).status).toBe(200);
  });

  it('a staff key issued by the administrator answers as the same role’s token does', async () => {
    const department = stack.keys.issue({ partnerId: 'urban-system', role: 'department', departmentId: 'wd-housing-bureau' });
    const { key } = await department;
    const token = stack.issueToken({ partnerId: 'urban-staff', role: 'department', departmentId: 'wd-housing-bureau' });
    for (const credential of [key, token]) {
      expect((await call(stack, credential, 'GET', '/v1/workorders?departmentId=wd-housing-bureau')).status).toBe(200);
      expect((await call(stack, credential, 'GET', '/v1/workorders?departmentId=hn-housing-bureau')).status).toBe(403);
      expect((await call(stack, credential, 'GET', '/v1/triage')).status).toBe(403);
    }
  });
});

describe('the local issuer', () => {
  it('publishes its discovery document and key set where a verifier looks', async () => {
    const discovery = (await (await fetch(`${stack.apiUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(stack.apiUrl);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kid: string; alg: string; d?: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: stack.issuer.kid, alg: 'ES256' })]);
    // The public half only.
    expect(jwks.keys[0]!.d).toBeUndefined();
  });
});
