import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Caller } from './auth';

/** Where staff tokens come from in this region: an OIDC issuer (a Cognito user pool in AWS, the local issuer for `npm start`). */
export interface TokenIssuerSettings {
  issuer: string;
  /** The `aud` staff tokens are issued for (a Cognito app client id; `govflow` locally). */
  audience: string;
  /** The issuer's JSON Web Key Set; by default `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
}

/** Only asymmetric algorithms: `none` and HMAC (a key confused with a public key) are refused by name. */
export const tokenAlgorithms = ['RS256', 'ES256'];

/** A claim by its plain name or as a Cognito custom attribute (`custom:role` in an ID token). */
function claim(payload: JWTPayload, name: string): unknown {
  return payload[name] ?? payload[`custom:${name}`];
}

export type TokenVerdict = { caller: Caller } | { refused: string };

/**
 * Verifies a staff token: signature by a key of the issuer's JWKS (fetched, then cached by jose),
 * issuer, audience, expiry (30 s of clock skew), and claims that name a role and its jurisdiction
 * (department, mediator, committee), a staff role only. The subject becomes the caller's principal id.
 */
export function createTokenVerifier(settings: TokenIssuerSettings, keys?: JWTVerifyGetKey): (token: string) => Promise<TokenVerdict> {
  // Stryker disable next-line ObjectLiteral: jose's own default cacheMaxAge is the same 10 minutes; it is named so that a change of default cannot shorten it.
  const jwks = keys ?? createRemoteJWKSet(new URL(settings.jwksUrl ?? `${settings.issuer.replace(/\/$/, '')}/.well-known/jwks.json`), { cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: settings.issuer, audience: settings.audience, algorithms: tokenAlgorithms, clockTolerance: 30, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      // A JWKS the verifier cannot reach is an outage, not a bad token: let it surface as one.
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return { refused: `token: ${error.code}` };
      throw error;
    }
    const parsed = Caller.safeParse({
      partnerId: payload.sub,
      role: claim(payload, 'role'),
      departmentId: claim(payload, 'departmentId'),
      mediatorId: claim(payload, 'mediatorId'),
      committeeId: claim(payload, 'committeeId'),
    });
    if (!parsed.success) return { refused: 'token: claims name no known role' };
    // Partner systems hold keys from the key store (revocable, rotatable); a token never speaks for one.
    if (parsed.data.role === 'partner') return { refused: 'token: partner systems use their key' };
    return { caller: parsed.data };
  };
}
