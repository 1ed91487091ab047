import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '@govflow/platform';

/** The audience local staff tokens are issued for (a Cognito app client id in AWS). */
export const localTokenAudience = 'govflow';

/** A local token lives a working day: long enough for a demo session, short enough to expire. */
export const defaultTokenSeconds = 12 * 3600;

/** Beside the local system's other keys, owner-only (the data directory's `keys/`). */
export const issuerKeyPath = (dataDir: string) => join(dataDir, 'keys', 'issuer.jwk.json');

interface IssuerKeyFile {
  kid: string;
  privateJwk: JsonWebKey;
}

function loadOrCreateKey(dataDir: string | undefined): { kid: string; privateKey: KeyObject } {
  const path = dataDir ? issuerKeyPath(dataDir) : undefined;
  if (path && existsSync(path)) {
    const file = JSON.parse(readFileSync(path, 'utf8')) as IssuerKeyFile;
    return { kid: file.kid, privateKey: createPrivateKey({ key: file.privateJwk, format: 'jwk' }) };
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomBytes(8).toString('hex');
  if (path) {
    writeFileSync(path, JSON.stringify({ kid, privateJwk: privateKey.export({ format: 'jwk' }) } satisfies IssuerKeyFile), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return { kid, privateKey };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The local system's OIDC issuer, standing in for a region's Cognito user pool: an ES256 key
 * pair (kept in the data directory's `keys/` beside the other local secrets), its public half served as a
 * JWKS by the local gateway, and staff tokens whose claims carry role and jurisdiction.
 */
export class LocalIssuer {
  readonly kid: string;
  private readonly privateKey: KeyObject;

  constructor(
    readonly issuerUrl: string,
    dataDir: string | undefined,
  ) {
    ({ kid: this.kid, privateKey: this.privateKey } = loadOrCreateKey(dataDir));
  }

  /** A signed staff token for this caller: `sub` is its principal id, the other claims its role and scopes. */
  issueToken(caller: Caller, options: { ttlSeconds?: number; now?: Date } = {}): string {
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const { partnerId, ...claims } = caller;
    const header = base64url({ alg: 'ES256', typ: 'JWT', kid: this.kid });
    const payload = base64url({ iss: this.issuerUrl, aud: localTokenAudience, sub: partnerId, iat, exp: iat + (options.ttlSeconds ?? defaultTokenSeconds), ...claims });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [{ ...createPublicKey(this.privateKey).export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' }] };
  }

  /** The OIDC discovery document's parts a verifier reads. */
  openidConfiguration() {
    return {
      issuer: this.issuerUrl,
      jwks_uri: `${this.issuerUrl}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES256'],
      subject_types_supported: ['public'],
      response_types_supported: ['id_token'],
    };
  }
}
