import { describe, expect, it, vi } from 'vitest';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { issueApiKey } from '../src/auth';
import { authorizeRequest, handler } from '../src/authorizer';

const secret = 'a'.repeat(64);

function request(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:cn-north-1:123456789012:abcdef/$default/GET/v1/taxonomy',
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: 'GET /v1/taxonomy',
    rawPath: '/v1/taxonomy',
    rawQueryString: '',
    cookies: [],
    headers: authorization === undefined ? {} : { authorization },
    requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
  };
}

describe('API Gateway authorizer', () => {
  it('lets a key signed with the region secret through, with its partner and role as context', () => {
    const key = issueApiKey(secret, { partnerId: 'hotline-12345', role: 'dispatcher' });
    expect(authorizeRequest(secret, request(`Bearer ${key}`))).toEqual({ isAuthorized: true, context: { partnerId: 'hotline-12345', role: 'dispatcher' } });
    // The scheme is case-insensitive, as in the functions' own check.
    expect(authorizeRequest(secret, request(`bearer ${key}`)).isAuthorized).toBe(true);
  });

  it('turns away a missing, malformed, foreign or forged key', () => {
    const key = issueApiKey(secret, { partnerId: 'hotline-12345', role: 'partner' });
    const [tag, , signature] = key.split('.');
    const forged = `${tag}.${Buffer.from(JSON.stringify({ partnerId: 'hotline-12345', role: 'operator' })).toString('base64url')}.${signature}`;
    const foreign = issueApiKey('c'.repeat(64), { partnerId: 'hotline-12345', role: 'partner' });
    for (const header of [undefined, '', key, `Basic ${key}`, 'Bearer nope', `Bearer ${forged}`, `Bearer ${foreign}`, `Bearer ${key} extra`]) {
      expect(authorizeRequest(secret, request(header)), String(header)).toEqual({ isAuthorized: false, context: {} });
    }
  });

  it('reads the header from identitySource when headers are absent', () => {
    const key = issueApiKey(secret, { partnerId: 'web', role: 'partner' });
    expect(authorizeRequest(secret, { identitySource: [`Bearer ${key}`] }).isAuthorized).toBe(true);
  });

  it('as a Lambda entry, verifies with the secret from its environment', async () => {
    vi.stubEnv('AUTH_SECRET', secret);
    try {
      const key = issueApiKey(secret, { partnerId: 'grid-app', role: 'grid-worker' });
      await expect(handler(request(`Bearer ${key}`))).resolves.toEqual({ isAuthorized: true, context: { partnerId: 'grid-app', role: 'grid-worker' } });
      await expect(handler(request('Bearer gfk.x.y'))).resolves.toMatchObject({ isAuthorized: false });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
