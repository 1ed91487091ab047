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
 * Secrets come from AUTH_SECRET / PII_KEY (local runtime, tests) or from the Secrets
 * Manager secret named by SECRET_ARN (AWS), read once per cold start.
 */
export function loadSecrets(env: NodeJS.ProcessEnv): Promise<Secrets> {
  cached ??= (async () => {
    if (env.AUTH_SECRET && env.PII_KEY) {
      return SecretsShape.parse({ authSecret: env.AUTH_SECRET, piiKey: env.PII_KEY });
    }
    if (!env.SECRET_ARN) throw new ConfigError('set AUTH_SECRET and PII_KEY, or SECRET_ARN');
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.SECRET_ARN }));
    return SecretsShape.parse(JSON.parse(out.SecretString ?? '{}'));
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}
