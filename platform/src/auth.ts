import { createHmac, timingSafeEqual } from 'node:crypto';
import { Role } from '@govflow/contracts';
import * as z from 'zod';
import { HttpProblem } from './errors';

export { Role, roles } from '@govflow/contracts';

const Claims = z.object({
  partnerId: z.string().min(1),
  role: Role,
  departmentId: z.string().min(1).optional(),
  mediatorId: z.string().min(1).optional(),
  committeeId: z.string().min(1).optional(),
});
export type ApiKeyClaims = z.infer<typeof Claims>;

const prefix = 'gfk';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${prefix}.${payload}`).digest('base64url');
}

/**
 * A partner API key is `gfk.<claims>.<hmac>`: verifiable by any service holding the
 * region's signing secret, without a shared table lookup.
 */
export function issueApiKey(authSecret: string, claims: ApiKeyClaims): string {
  const payload = Buffer.from(JSON.stringify(Claims.parse(claims))).toString('base64url');
  return `${prefix}.${payload}.${sign(authSecret, payload)}`;
}

export function verifyApiKey(authSecret: string, key: string): ApiKeyClaims | undefined {
  const [tag, payload, signature] = key.split('.');
  if (tag !== prefix || !payload || !signature) return undefined;
  const expected = Buffer.from(sign(authSecret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const parsed = Claims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The claims of an `Authorization: Bearer <key>` header value, or undefined for a missing or bad key. */
export function verifyAuthorization(authSecret: string, header: string | undefined): ApiKeyClaims | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ? verifyApiKey(authSecret, match[1]) : undefined;
}

/** Reads `Authorization: Bearer <key>`; a missing or bad key is a 401 problem. */
export function authenticate(headers: Record<string, string | undefined>, authSecret: string): ApiKeyClaims {
  const claims = verifyAuthorization(authSecret, headers.authorization ?? headers.Authorization);
  if (!claims) throw new HttpProblem(401, 'unauthorized', 'Missing or invalid partner key', 'Send Authorization: Bearer <partner key>.');
  return claims;
}
