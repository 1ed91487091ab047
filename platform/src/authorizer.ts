import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { bearerCredential, isApiKey } from './auth';
import type { AuthorizerContext } from './access';
import { createDocumentClient } from './aws';
import { ConfigError } from './errors';
import { checkApiKey, DynamoKeyStore, type KeyStore } from './keys';
import { loadAuthSecret } from './secrets';
import { createTokenVerifier, type TokenVerdict } from './tokens';

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

export interface AuthorizerDeps {
  authSecret: string;
  keys: Pick<KeyStore, 'get'>;
  /** Staff tokens; without an issuer only partner keys are accepted. */
  verifyToken?: (token: string) => Promise<TokenVerdict>;
  now?: () => Date;
}

/** The decision for one Authorization header value: a partner key (signature, then its record) or a staff token. */
export async function decide(deps: AuthorizerDeps, header: string | undefined): Promise<AuthorizerContext> {
  const credential = bearerCredential(header);
  if (!credential) return { refused: 'no bearer credential' };
  if (isApiKey(credential)) {
    const verdict = await checkApiKey(deps.authSecret, deps.keys, credential, deps.now?.() ?? new Date());
    return 'caller' in verdict ? { ...verdict.caller, credential: 'key', keyId: verdict.keyId } : verdict;
  }
  if (!deps.verifyToken) return { refused: 'staff tokens are not configured' };
  const verdict = await deps.verifyToken(credential);
  return 'caller' in verdict ? { ...verdict.caller, credential: 'token' } : verdict;
}

/**
 * The API Gateway (HTTP API, payload 2.0, simple response) answer for one request. API Gateway
 * caches it per Authorization value for the authorizer's TTL: one key-store read per key per TTL.
 */
export async function authorizeRequest(deps: AuthorizerDeps, event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers' | 'identitySource'>): Promise<AuthorizerResult> {
  // HTTP API lower-cases header names; identitySource holds the header value when it is the only source.
  const context = await decide(deps, event.headers?.authorization ?? event.identitySource?.[0]);
  return { isAuthorized: true, context };
}

/** The authorizer's environment: its signing secret, the key store's table, the staff-token issuer. */
export const authorizerEnvNames = {
  keysTableName: 'KEYS_TABLE_NAME',
  tokenIssuer: 'TOKEN_ISSUER',
  tokenAudience: 'TOKEN_AUDIENCE',
  tokenJwksUrl: 'TOKEN_JWKS_URL',
} as const;

// Stryker disable all: the Lambda's wiring from the environment (Secrets Manager, the DynamoDB client), like runtime.ts, left out in stryker.config.mjs; the local gateway runs this handler in the end-to-end suite.
let deps: Promise<AuthorizerDeps> | undefined;

function loadDeps(env: NodeJS.ProcessEnv): Promise<AuthorizerDeps> {
  deps ??= (async () => {
    const tableName = env[authorizerEnvNames.keysTableName];
    if (!tableName) throw new ConfigError(`set ${authorizerEnvNames.keysTableName}`);
    const issuer = env[authorizerEnvNames.tokenIssuer];
    const audience = env[authorizerEnvNames.tokenAudience];
    return {
      authSecret: await loadAuthSecret(env),
      keys: new DynamoKeyStore(createDocumentClient(), tableName),
      verifyToken: issuer && audience ? createTokenVerifier({ issuer, audience, jwksUrl: env[authorizerEnvNames.tokenJwksUrl] }) : undefined,
    };
  })();
  deps.catch(() => (deps = undefined));
  return deps;
}

/** The Lambda entry point (infra's ApiStack bundles this file; the local gateway runs it in a worker). */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  return authorizeRequest(await loadDeps(process.env), event);
}
// Stryker restore all
