import { describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { verifySigV4 } from '../src/sigv4';

const endpoint = 'http://127.0.0.1:9000';
const s3 = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
const secretOf = (id: string) => (id === 'local' ? 'local' : undefined);
const signedAt = new Date('2026-11-27T01:00:00Z');

/** A presigned URL from the SDK, as the request that would arrive at the server. */
async function presignedPut(key: string, headers: { type: string; length: number }) {
  const url = new URL(
    await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: key, ContentType: headers.type, ContentLength: headers.length }), {
      expiresIn: 600,
      signingDate: signedAt,
      signableHeaders: new Set(['content-type', 'content-length']),
    }),
  );
  return (sent: { type?: string; length?: number; path?: string } = {}) => ({
    method: 'PUT',
    url: `${sent.path ?? url.pathname}${url.search}`,
    headers: { host: url.host, 'content-type': sent.type ?? headers.type, 'content-length': String(sent.length ?? headers.length) },
  });
}

describe('SigV4 verification of the local object server', () => {
  it('accepts the SDK’s presigned PUT as signed, including keys that need encoding', async () => {
    const arrive = await presignedPut('incoming/case-photo/abc/路灯 (1).jpg', { type: 'image/jpeg', length: 5 });
    expect(verifySigV4(arrive(), secretOf, new Date(signedAt.getTime() + 60_000))).toEqual({ ok: true, accessKeyId: 'local' });
  });

  it('refuses another size, another type, another key, and an expired URL', async () => {
    const arrive = await presignedPut('incoming/x/1', { type: 'image/jpeg', length: 5 });
    const soon = new Date(signedAt.getTime() + 60_000);
    expect(verifySigV4(arrive({ length: 6 }), secretOf, soon)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verifySigV4(arrive({ type: 'image/png' }), secretOf, soon)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verifySigV4(arrive({ path: '/b/incoming/x/2' }), secretOf, soon)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verifySigV4(arrive(), secretOf, new Date(signedAt.getTime() + 601_000))).toMatchObject({ ok: false, code: 'AccessDenied', message: 'Request has expired' });
  });

  it('refuses an unknown access key and an unsigned request', async () => {
    const other = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'someone', secretAccessKey: 'x' } });
    const url = new URL(await getSignedUrl(other, new GetObjectCommand({ Bucket: 'b', Key: 'k' }), { expiresIn: 60, signingDate: signedAt }));
    expect(verifySigV4({ method: 'GET', url: `${url.pathname}${url.search}`, headers: { host: url.host } }, secretOf, signedAt)).toMatchObject({ ok: false, code: 'InvalidAccessKeyId' });
    expect(verifySigV4({ method: 'GET', url: '/b/k', headers: { host: url.host } }, secretOf, signedAt)).toMatchObject({ ok: false, code: 'AccessDenied' });
  });

  it('accepts a GET signed with the right secret and refuses one signed with another', async () => {
    const forged = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'guess' } });
    const good = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'b', Key: 'cases/c/upl_1' }), { expiresIn: 300, signingDate: signedAt }));
    const bad = new URL(await getSignedUrl(forged, new GetObjectCommand({ Bucket: 'b', Key: 'cases/c/upl_1' }), { expiresIn: 300, signingDate: signedAt }));
    const arrive = (u: URL) => ({ method: 'GET', url: `${u.pathname}${u.search}`, headers: { host: u.host } });
    expect(verifySigV4(arrive(good), secretOf, signedAt).ok).toBe(true);
    expect(verifySigV4(arrive(bad), secretOf, signedAt)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });
});
