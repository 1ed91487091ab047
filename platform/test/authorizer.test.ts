import { describe, expect, it } from 'vitest';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { callerOf } from '../src/access';
import { bearerCredential, issueApiKey } from '../src/auth';
import { authorizeRequest, type AuthorizerDeps } from '../src/authorizer';
import { HttpProblem } from '../src/errors';
import type { ApiEvent } from '../src/http';
import { KeyAdministration, type KeyRecord } from '../src/keys';

const secret = 'a'.repeat(64);

function request(authorization?: string): Pick<APIGatewayRequestAuthorizerEventV2, 'headers' | 'identitySource'> {
  return { identitySource: authorization === undefined ? [] : [authorization], headers: authorization === undefined ? {} : { authorization } };
}

async function setup() {
  const records = new Map<string, KeyRecord>();
  const store = {
    get: async (p: string, k: string) => records.get(`${p}#${k}`),
    list: async () => [...records.values()],
    create: async (r: KeyRecord) => (records.has(`${r.partnerId}#${r.keyId}`) ? false : (records.set(`${r.partnerId}#${r.keyId}`, r), true)),
    update: async (p: string, k: string, c: Partial<KeyRecord>) => void records.set(`${p}#${k}`, { ...records.get(`${p}#${k}`)!, ...c }),
  };
  const admin = new KeyAdministration(store, secret);
  const deps: AuthorizerDeps = {
    authSecret: secret,
    keys: store,
    verifyToken: async (token) => (token === 'eyJ.staff.token' ? { caller: { partnerId: 'wang', role: 'dispatcher' } } : { refused: 'token: bad' }),
  };
  return { admin, deps };
}

describe('API Gateway authorizer', () => {
  it('vouches for a stored partner key with its record scopes, and for a staff token', async () => {
    const { admin, deps } = await setup();
    const { key, record } = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    expect(await authorizeRequest(deps, request(`Bearer ${key}`))).toEqual({
      isAuthorized: true,
      context: { partnerId: 'hotline-12345', role: 'partner', credential: 'key', keyId: record.keyId },
    });
    // The scheme is case-insensitive; identitySource serves when headers are absent.
    expect((await authorizeRequest(deps, { identitySource: [`bearer ${key}`] })).context).toMatchObject({ credential: 'key' });
    expect((await authorizeRequest(deps, request('Bearer eyJ.staff.token'))).context).toEqual({ partnerId: 'wang', role: 'dispatcher', credential: 'token' });
  });

  it('passes a refusal on for the function to answer as a 401 problem', async () => {
    const { admin, deps } = await setup();
    const { key } = await admin.issue({ partnerId: 'hotline-12345', role: 'partner' });
    const unstored = issueApiKey(secret, { partnerId: 'hotline-12345', role: 'operator', keyId: 'never-issued' });
    await admin.revoke({ partnerId: 'web' });
    for (const header of [undefined, '', key, `Basic ${key}`, 'Bearer nope', `Bearer ${unstored}`, `Bearer ${key} extra`, 'Bearer eyJ.other.token']) {
      const result = await authorizeRequest(deps, request(header));
      expect(result.context, String(header)).toHaveProperty('refused');
      expect(() => callerOf(eventWith(result.context))).toThrow(HttpProblem);
    }
    expect((await authorizeRequest(deps, request(undefined))).context).toEqual({ refused: 'no bearer credential' });
    // Neither the header nor an identity source (the type promises one; the authorizer does not count on it): refused, not a crash.
    const bare = { headers: {} } as unknown as Parameters<typeof authorizeRequest>[1];
    expect((await authorizeRequest(deps, bare)).context).toEqual({ refused: 'no bearer credential' });
    const withoutTokens = await authorizeRequest({ ...deps, verifyToken: undefined }, request('Bearer eyJ.staff.token'));
    expect(withoutTokens.context).toEqual({ refused: 'staff tokens are not configured' });
  });
});

function eventWith(lambda: unknown): ApiEvent {
  return { requestContext: { authorizer: { lambda } } } as unknown as ApiEvent;
}

describe('a bearer credential', () => {
  it('is the one word after the Bearer scheme, whatever its case and however many spaces', () => {
    expect(bearerCredential('Bearer abc')).toBe('abc');
    expect(bearerCredential('bearer   abc')).toBe('abc');
    expect(bearerCredential('BEARER\tabc')).toBe('abc');
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Bearer abc def', 'Token Bearer abc', 'XBearer abc', 'Basic abc']) {
      expect(bearerCredential(header), String(header)).toBeUndefined();
    }
  });
});

describe('the authorizer clock', () => {
  it("judges a rotated key's grace period by the clock it is given", async () => {
    const { admin, deps } = await setup();
    const { key, record } = await admin.issue({ partnerId: 'web', role: 'partner' });
    // Rotated in 2100 with an hour's grace: still valid at 10:30 that day, expired at 11:00 (and the real clock is long before either).
    await admin.rotate({ partnerId: 'web', keyId: record.keyId }, 3600, new Date('2100-01-01T10:00:00Z'));
    const at = (iso: string) => authorizeRequest({ ...deps, now: () => new Date(iso) }, request(`Bearer ${key}`));
    expect((await at('2100-01-01T10:30:00Z')).context).toMatchObject({ partnerId: 'web', credential: 'key' });
    expect((await at('2100-01-01T11:00:00Z')).context).toEqual({ refused: 'key expired' });
  });
});

describe('the caller a function reads', () => {
  it('is what the authorizer vouched for, without the credential details', () => {
    expect(callerOf(eventWith({ partnerId: 'p', role: 'department', departmentId: 'd', credential: 'token' }))).toEqual({ partnerId: 'p', role: 'department', departmentId: 'd' });
  });

  it('is a 401 problem without the authorizer context, with a refusal, or with a context that names no role', () => {
    for (const lambda of [undefined, {}, { refused: 'key revoked' }, { partnerId: 'p', role: 'mayor', credential: 'key' }]) {
      try {
        callerOf(eventWith(lambda));
        expect.unreachable();
      } catch (error) {
        expect((error as HttpProblem).status).toBe(401);
      }
    }
    expect(() => callerOf({ requestContext: {} } as unknown as ApiEvent)).toThrow(HttpProblem);
  });

  it('is refused with a problem that says what to send', () => {
    try {
      callerOf(eventWith({ refused: 'key revoked' }));
      expect.unreachable();
    } catch (error) {
      const { kind, title, detail } = error as HttpProblem;
      expect({ kind, title, detail }).toEqual({ kind: 'unauthorized', title: 'Missing or invalid credentials', detail: 'Send Authorization: Bearer <partner key or staff token>.' });
    }
  });
});
