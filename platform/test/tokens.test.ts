import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { createTokenVerifier } from '../src/tokens';

const issuer = 'https://issuer.test/pool';
const audience = 'govflow-console';

let es256: { privateKey: CryptoKey; jwk: JWK };
let rs256: { privateKey: CryptoKey; jwk: JWK };
let stranger: CryptoKey;

async function keyPair(alg: 'ES256' | 'RS256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

beforeAll(async () => {
  es256 = await keyPair('ES256', 'es-1');
  rs256 = await keyPair('RS256', 'rs-1');
  stranger = (await generateKeyPair('ES256')).privateKey;
});

const jwks = () => createLocalJWKSet({ keys: [es256.jwk, rs256.jwk] });

function token(claims: Record<string, unknown>, options: { alg?: 'ES256' | 'RS256'; key?: CryptoKey; kid?: string; iss?: string; aud?: string; expiresIn?: string | number } = {}) {
  const alg = options.alg ?? 'ES256';
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'ES256' ? 'es-1' : 'rs-1') })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setSubject('dispatcher-wang')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(options.key ?? (alg === 'ES256' ? es256.privateKey : rs256.privateKey));
}

describe('staff tokens', () => {
  const verify = () => createTokenVerifier({ issuer, audience }, jwks());

  it('carry role and jurisdiction, signed ES256 or RS256 by a key of the issuer', async () => {
    expect(await verify()(await token({ role: 'dispatcher' }))).toEqual({ caller: { partnerId: 'dispatcher-wang', role: 'dispatcher' } });
    expect(await verify()(await token({ role: 'department', departmentId: 'wd-urban' }, { alg: 'RS256' }))).toEqual({
      caller: { partnerId: 'dispatcher-wang', role: 'department', departmentId: 'wd-urban' },
    });
    // A Cognito ID token carries them as custom attributes.
    expect(await verify()(await token({ 'custom:role': 'mediator', 'custom:mediatorId': 'med-01' }))).toEqual({
      caller: { partnerId: 'dispatcher-wang', role: 'mediator', mediatorId: 'med-01' },
    });
  });

  it('are refused when expired, for another audience or issuer, signed by another key, unsigned, or naming no known role', async () => {
    const refusals = {
      expired: await token({ role: 'dispatcher' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      'wrong audience': await token({ role: 'dispatcher' }, { aud: 'another-app' }),
      'wrong issuer': await token({ role: 'dispatcher' }, { iss: 'https://elsewhere.test/pool' }),
      'wrong key under a known kid': await token({ role: 'dispatcher' }, { key: stranger }),
      'alg none': new UnsecuredJWT({ role: 'operator' }).setIssuer(issuer).setAudience(audience).setSubject('x').setIssuedAt().setExpirationTime('1h').encode(),
      'no role': await token({}),
      'unknown role': await token({ role: 'mayor' }),
      'a partner system’s role': await token({ role: 'partner' }),
      'truncated signature': (await token({ role: 'dispatcher' })).slice(0, -4),
      'changed claims, old signature': await (async () => {
        const [h, p, s] = (await token({ role: 'dispatcher' })).split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>;
        return `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'operator' })).toString('base64url')}.${s}`;
      })(),
      garbage: 'not-a-token',
    };
    for (const [what, bad] of Object.entries(refusals)) {
      expect(await verify()(bad), what).toHaveProperty('refused');
    }
  });

  it('refuse an HMAC token whose secret is the issuer public key (algorithm confusion)', async () => {
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(es256.jwk));
    const confused = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256', kid: 'es-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(publicKeyBytes);
    expect(await verify()(confused)).toHaveProperty('refused');
  });

  it('say why they were refused', async () => {
    expect(await verify()(await token({ role: 'dispatcher' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }))).toEqual({ refused: 'token: ERR_JWT_EXPIRED' });
    expect(await verify()(await token({ role: 'mayor' }))).toEqual({ refused: 'token: claims name no known role' });
    expect(await verify()(await token({ role: 'partner' }))).toEqual({ refused: 'token: partner systems use their key' });
  });

  it('must carry an expiry and a subject', async () => {
    const withClaims = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuer(issuer).setAudience(audience).setIssuedAt().sign(es256.privateKey);
    expect(await verify()(await withClaims({ role: 'dispatcher', sub: 'wang' }))).toEqual({ refused: 'token: ERR_JWT_CLAIM_VALIDATION_FAILED' });
    expect(await verify()(await withClaims({ role: 'dispatcher', exp: Math.floor(Date.now() / 1000) + 3600 }))).toEqual({ refused: 'token: ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });

  it("carry a mediation centre's committee id for its coordinator", async () => {
    expect(await verify()(await token({ role: 'coordinator', committeeId: 'cm-wuda' }))).toEqual({ caller: { partnerId: 'dispatcher-wang', role: 'coordinator', committeeId: 'cm-wuda' } });
  });

  it('let an unreachable key set surface as an outage, not as a refused token', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const unreachable = createTokenVerifier({ issuer, audience, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    await expect(unreachable(await token({ role: 'dispatcher' }))).rejects.toThrow();
  });

  describe('with the JWKS fetched from the issuer over HTTP', () => {
    let server: Server;
    let jwksUrl: string;
    let fetches = 0;
    const paths: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        fetches++;
        paths.push(req.url ?? '');
        if (req.url !== '/.well-known/jwks.json' && req.url !== '/pool/.well-known/jwks.json') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [es256.jwk] }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('verifies many tokens with one fetch of the key set', async () => {
      const remote = createTokenVerifier({ issuer, audience, jwksUrl });
      for (let i = 0; i < 5; i++) expect(await remote(await token({ role: 'analyst' }))).toHaveProperty('caller');
      expect(await remote(await token({ role: 'analyst' }, { alg: 'RS256' }))).toHaveProperty('refused');
      expect(fetches).toBeLessThanOrEqual(2);
    });

    it("finds the key set at the issuer's /.well-known/jwks.json when no URL is given, with or without the issuer's trailing slash", async () => {
      const base = jwksUrl.replace('/.well-known/jwks.json', '');
      for (const at of [`${base}/pool`, `${base}/pool/`]) {
        const fromIssuer = createTokenVerifier({ issuer: at, audience });
        expect(await fromIssuer(await token({ role: 'analyst' }, { iss: at })), at).toHaveProperty('caller');
      }
      expect(paths).toContain('/pool/.well-known/jwks.json');
      expect(paths.filter((p) => p !== '/.well-known/jwks.json' && p !== '/pool/.well-known/jwks.json')).toEqual([]);
    });
  });
});
