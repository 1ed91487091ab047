import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Role } from '@govflow/contracts';
import * as z from 'zod';

export { Role, roles } from '@govflow/contracts';

/**
 * Who is calling, as the gateway's authorizer vouches for it. `partnerId` names the principal:
 * the partner of a partner key, the owner a staff key was issued to, or a staff member's user
 * id (a token's subject). Only a partner key's partnerId grants anything, and only to role `partner`.
 */
export const Caller = z.object({
  partnerId: z.string().min(1).max(128),
  role: Role,
  departmentId: z.string().min(1).max(128).optional(),
  mediatorId: z.string().min(1).max(128).optional(),
  committeeId: z.string().min(1).max(128).optional(),
});
export type Caller = z.infer<typeof Caller>;

const KeyPayload = Caller.extend({ keyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export type KeyPayload = z.infer<typeof KeyPayload>;

const prefix = 'gfk';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${prefix}.${payload}`).digest('base64url');
}

/** A fresh key id: 16 random bytes, so no two issued keys share one. */
export function newKeyId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A partner API key is `gfk.<payload>.<hmac>`: the payload names the key (`keyId`) and its
 * scopes, the HMAC under the region's signing secret lets the authorizer turn away a forged or
 * altered key without reading anything. Whether the key is still valid (not revoked, not past
 * a rotation's grace) is the key store's answer (keys.ts).
 */
export function issueApiKey(authSecret: string, payload: KeyPayload): string {
  const encoded = Buffer.from(JSON.stringify(KeyPayload.parse(payload))).toString('base64url');
  return `${prefix}.${encoded}.${sign(authSecret, encoded)}`;
}

/** The signed payload of a well-formed key under this secret, or undefined for anything else. */
export function verifyApiKey(authSecret: string, key: string): KeyPayload | undefined {
  const decoded = readKeyPayload(key);
  if (!decoded) return undefined;
  // readKeyPayload has checked the form `gfk.<payload>.<signature>`.
  const [, payload, signature] = key.split('.') as [string, string, string];
  const expected = Buffer.from(sign(authSecret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return decoded;
}

/**
 * The payload of a well-formed key, its signature unchecked: which record to look up. For code
 * without the signing secret (Open311's in-function key check); the stored hash then decides.
 */
export function readKeyPayload(key: string): KeyPayload | undefined {
  const parts = key.split('.');
  const [tag, payload, signature] = parts;
  if (parts.length !== 3 || tag !== prefix || !payload || !signature) return undefined;
  try {
    const parsed = KeyPayload.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
    // Stryker disable next-line BlockStatement: an empty catch ends the function with undefined all the same.
  } catch {
    return undefined;
  }
}

/** What the key store keeps instead of the key: its SHA-256, so a leaked table grants nothing. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isApiKey(credential: string): boolean {
  return credential.startsWith(`${prefix}.`);
}

/** The credential of an `Authorization: Bearer <credential>` header value. */
export function bearerCredential(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
}
