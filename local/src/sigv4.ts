import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4 verification, as S3 does it, for the embedded object server: both
 * the Authorization header (SDK calls) and presigned query strings (browsers, phones). The
 * canonical request is rebuilt from what actually arrived, so a PUT whose Content-Type or
 * Content-Length differs from what was signed fails, as it does on S3.
 */

export interface ArrivedRequest {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type Verdict =
  | { ok: true; accessKeyId: string }
  | { ok: false; status: 400 | 403; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'AuthorizationQueryParametersError'; message: string };

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeQueryPart(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const hmac = (key: Buffer | string, value: string) => createHmac('sha256', key).update(value, 'utf8').digest();

/** SigV4's canonical URI for S3: each path segment decoded once and encoded once. */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: ArrivedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

interface Signed {
  accessKeyId: string;
  scope: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  /** The query pairs that take part in the canonical request (all but the signature). */
  query: [string, string][];
  expiresSeconds?: number;
}

function parseRequest(req: ArrivedRequest): Signed | Verdict {
  const queryString = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  const pairs: [string, string][] = queryString
    ? queryString.split('&').filter(Boolean).map((part) => {
        const eq = part.indexOf('=');
        return eq < 0 ? [decodeQueryPart(part), ''] : [decodeQueryPart(part.slice(0, eq)), decodeQueryPart(part.slice(eq + 1))];
      })
    : [];
  const param = (name: string) => pairs.find(([k]) => k === name)?.[1];
  const bad = (message: string): Verdict => ({ ok: false, status: 400, code: 'AuthorizationQueryParametersError', message });

  if (param('X-Amz-Algorithm') !== undefined) {
    if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return bad('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    const credential = param('X-Amz-Credential');
    const amzDate = param('X-Amz-Date');
    const expires = Number(param('X-Amz-Expires'));
    const signedHeaders = param('X-Amz-SignedHeaders');
    const signature = param('X-Amz-Signature');
    if (!credential || !amzDate || !signedHeaders || !signature || !Number.isInteger(expires)) return bad('presigned URL lacks a SigV4 parameter');
    if (expires < 1 || expires > 604_800) return bad('X-Amz-Expires must be between 1 and 604800 seconds');
    const [accessKeyId, ...scope] = credential.split('/');
    return {
      accessKeyId: accessKeyId ?? '',
      scope: scope.join('/'),
      amzDate,
      signedHeaders: signedHeaders.split(';'),
      signature,
      payloadHash: param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
      query: pairs.filter(([k]) => k !== 'X-Amz-Signature'),
      expiresSeconds: expires,
    };
  }
  const authorization = headerValue(req.headers, 'authorization');
  const match = authorization?.match(/^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/);
  if (!match) return { ok: false, status: 403, code: 'AccessDenied', message: 'Access Denied: the request is not signed with SigV4' };
  const [accessKeyId, ...scope] = match[1]!.split('/');
  return {
    accessKeyId: accessKeyId ?? '',
    scope: scope.join('/'),
    amzDate: headerValue(req.headers, 'x-amz-date') ?? '',
    signedHeaders: match[2]!.split(';'),
    signature: match[3]!,
    payloadHash: headerValue(req.headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
    query: pairs,
  };
}

function parseAmzDate(value: string): number {
  const m = value.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : Number.NaN;
}

/** Checks a request's SigV4 signature (and a presigned URL's expiry) against the known secret keys. */
export function verifySigV4(req: ArrivedRequest, secretOf: (accessKeyId: string) => string | undefined, now: Date): Verdict {
  const parsed = parseRequest(req);
  if ('ok' in parsed) return parsed;
  const secret = secretOf(parsed.accessKeyId);
  if (secret === undefined) return { ok: false, status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const signedAt = parseAmzDate(parsed.amzDate);
  if (Number.isNaN(signedAt)) return { ok: false, status: 403, code: 'AccessDenied', message: 'X-Amz-Date is missing or malformed' };
  if (parsed.expiresSeconds !== undefined) {
    if (now.getTime() > signedAt + parsed.expiresSeconds * 1000) return { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired' };
  } else if (Math.abs(now.getTime() - signedAt) > 15 * 60 * 1000) {
    return { ok: false, status: 403, code: 'AccessDenied', message: 'The difference between the request time and the current time is too large' };
  }
  // Host must always be signed; every signed header takes part with the value that arrived.
  if (!parsed.signedHeaders.includes('host')) return { ok: false, status: 403, code: 'AccessDenied', message: 'host must be a signed header' };
  const rawPath = req.url.split('?')[0] ?? '/';
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(parsed.query),
    parsed.signedHeaders.map((name) => `${name}:${headerValue(req.headers, name) ?? ''}\n`).join(''),
    parsed.signedHeaders.join(';'),
    parsed.payloadHash,
  ].join('\n');
  const [day, region, service] = parsed.scope.split('/');
  if (!day || !region || !service) return { ok: false, status: 403, code: 'AccessDenied', message: 'credential scope is malformed' };
  const stringToSign = ['AWS4-HMAC-SHA256', parsed.amzDate, parsed.scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(parsed.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  }
  return { ok: true, accessKeyId: parsed.accessKeyId };
}
