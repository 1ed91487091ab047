import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { verifyAuthorization } from './auth';
import { loadAuthSecret } from './secrets';

/**
 * What API Gateway passes on to the route's function as `requestContext.authorizer.lambda`.
 * The functions do not rely on it: each still verifies the key itself (defence in depth).
 */
export interface AuthorizerContext {
  partnerId: string;
  role: string;
}

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

/**
 * The API Gateway (HTTP API, payload 2.0, simple response) decision for one request: the
 * same partner-key check every function makes, so a request with a missing, malformed,
 * forged or re-signed key is turned away at the gateway and never bills an invocation of
 * a service function. API Gateway caches the answer per Authorization header value.
 */
export function authorizeRequest(authSecret: string, event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers' | 'identitySource'>): AuthorizerResult {
  // HTTP API lower-cases header names; identitySource holds the header value when it is the only source.
  const header = event.headers?.authorization ?? event.identitySource?.[0];
  const claims = verifyAuthorization(authSecret, header);
  if (!claims) return { isAuthorized: false, context: {} };
  return { isAuthorized: true, context: { partnerId: claims.partnerId, role: claims.role } };
}

/** The Lambda entry point (infra's ApiStack bundles this file); the secret is read once per cold start. */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  return authorizeRequest(await loadAuthSecret(process.env), event);
}
