import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigError } from './errors';

export interface Secrets {
  /** Signs partner API keys. */
  authSecret: string;
  /** 32-byte hex key that encrypts personal data at rest. */
  piiKey: string;
}

const SecretsShape = z.object({
  authSecret: z.string().min(32),
  piiKey: z.string().regex(/^[0-9a-f]{64}$/, 'piiKey must be 32 bytes of hex'),
});

let cached: Promise<Secrets> | undefined;

/**
 * Secrets come from AUTH_SECRET / PII_KEY (local runtime, tests) or, in AWS, from the
 * Secrets Manager secrets named by AUTH_SECRET_ARN / PII_KEY_ARN, read once per cold start.
 */
export function loadSecrets(env: NodeJS.ProcessEnv): Promise<Secrets> {
  cached ??= (async () => {
    if (env.AUTH_SECRET && env.PII_KEY) {
      return SecretsShape.parse({ authSecret: env.AUTH_SECRET, piiKey: env.PII_KEY });
    }
    if (!env.AUTH_SECRET_ARN || !env.PII_KEY_ARN) throw new ConfigError('set AUTH_SECRET and PII_KEY, or AUTH_SECRET_ARN and PII_KEY_ARN');
    const client = new SecretsManagerClient({});
    const read = async (id: string) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
    const [authSecret, piiKey] = await Promise.all([read(env.AUTH_SECRET_ARN), read(env.PII_KEY_ARN)]);
    return SecretsShape.parse({ authSecret, piiKey });
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}
