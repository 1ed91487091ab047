import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a secret is `whsec_` +
 * base64 of random bytes; a signature is `v1,` + base64 HMAC-SHA256, keyed with the decoded
 * secret, over `<webhook-id>.<webhook-timestamp>.<body>`. During a rotation every valid
 * secret signs, space-separated, so a receiver holding either one verifies.
 */

export const secretPrefix = 'whsec_';

/** A new signing secret from random bytes (24–64 bytes, as the specification asks). */
export function formatSecret(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24 || randomBytes.length > 64) throw new RangeError('a signing secret is 24 to 64 bytes');
  return `${secretPrefix}${Buffer.from(randomBytes).toString('base64')}`;
}

export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (!secret.startsWith(secretPrefix)) throw new Error('not a whsec_ secret');
  const key = Buffer.from(secret.slice(secretPrefix.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of one attempt, signed with every secret given (newest first). */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  if (secrets.length === 0) throw new Error('no signing secret');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, id, timestampSeconds, body)).join(' '),
  };
}
