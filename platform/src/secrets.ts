import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigError } from './errors';
import { KmsKeyWrapper, LocalKeyWrapper } from './key-wrapper';
import { PersonalDataSealer } from './pii';

/** What the service functions hold. The partner-key signing secret is the authorizer's alone. */
export interface Secrets {
  /**
   * 32-byte hex key: keys the parties' identity hashes, opens `v1` sealed values, and, on one
   * machine, wraps the data keys of `v2` values (in AWS the region's KMS key does, see {@link sealerFor}).
   */
  piiKey: string;
}

const PiiKey = z.string().regex(/^[0-9a-f]{64}$/, 'piiKey must be 32 bytes of hex');
const AuthSecret = z.string().min(32);

let cached: Promise<Secrets> | undefined;

/**
 * Secrets come from PII_KEY (local runtime, tests) or, in AWS, from the Secrets Manager
 * secret named by PII_KEY_ARN, read once per cold start.
 */
export function loadSecrets(env: NodeJS.ProcessEnv): Promise<Secrets> {
  cached ??= (async () => {
    if (env.PII_KEY) return { piiKey: PiiKey.parse(env.PII_KEY) };
    if (!env.PII_KEY_ARN) throw new ConfigError('set PII_KEY or PII_KEY_ARN');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.PII_KEY_ARN }));
    return { piiKey: PiiKey.parse(out.SecretString) };
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

let cachedAuthSecret: Promise<string> | undefined;

/**
 * The partner-key signing secret, for the API Gateway authorizer and the key administration
 * (never the personal-data key): AUTH_SECRET, or the secret named by AUTH_SECRET_ARN, read once.
 */
export function loadAuthSecret(env: NodeJS.ProcessEnv): Promise<string> {
  cachedAuthSecret ??= (async () => {
    if (env.AUTH_SECRET) return AuthSecret.parse(env.AUTH_SECRET);
    if (!env.AUTH_SECRET_ARN) throw new ConfigError('set AUTH_SECRET or AUTH_SECRET_ARN');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.AUTH_SECRET_ARN }));
    return AuthSecret.parse(out.SecretString);
  })();
  cachedAuthSecret.catch(() => (cachedAuthSecret = undefined));
  return cachedAuthSecret;
}

/** Names the region's KMS key (AWS); without it the personal-data key wraps data keys itself (the local system). */
export const piiKmsKeyEnvName = 'PII_KMS_KEY_ID';

/** The sealer of a function's cold start: envelope encryption under the region's KMS key, or locally under `piiKey`. */
export function sealerFor(env: NodeJS.ProcessEnv, secrets: Pick<Secrets, 'piiKey'>): PersonalDataSealer {
  const kmsKeyId = env[piiKmsKeyEnvName];
  return new PersonalDataSealer(kmsKeyId ? new KmsKeyWrapper(kmsKeyId) : new LocalKeyWrapper(secrets.piiKey), secrets.piiKey);
}
