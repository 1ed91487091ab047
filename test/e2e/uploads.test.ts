import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, Problem, UploadGranted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, keysFor, staffKey, streetlight, type Stack } from './harness';

/** A 1×1 baseline JPEG: what a phone's photo looks like to storage, only smaller. */
const jpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

let stack: Stack;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

async function grant(key: string, body: Record<string, unknown>) {
  return call<UploadGranted & Problem>(stack, key, 'POST', '/v1/uploads', body);
}

async function put(granted: UploadGranted, bytes: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(granted.url, { method: 'PUT', body: bytes, headers: { ...granted.headers, ...headers } });
  return { status: response.status, text: await response.text() };
}

describe('photos through presigned URLs', () => {
  it('a partner uploads a photo, links it to a new case, and only readers of the case can fetch it', async () => {
    const { hotline, grid, operator } = keysFor(stack);
    const granted = await grant(hotline, { purpose: 'case-photo', contentType: 'image/jpeg', size: jpeg.length, fileName: '路灯不亮.jpg' });
    expect(granted.status).toBe(201);
    expect(granted.body.uploadId).toMatch(/^upl_[0-9a-f]{32}$/);
    expect(Date.parse(granted.body.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(new URL(granted.body.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-disposition;content-length;content-type;host');

    expect((await put(granted.body, jpeg)).status).toBe(200);

    const submitted = await call<{ caseId: string }>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: granted.body.uploadId }] });
    expect(submitted.status).toBe(202);

    const asOwner = await call<CaseView>(stack, hotline, 'GET', `/v1/requests/${submitted.body.caseId}`);
    expect(asOwner.status).toBe(200);
    expect(asOwner.body.files).toHaveLength(1);
    const [file] = asOwner.body.files;
    expect(file).toMatchObject({ uploadId: granted.body.uploadId, purpose: 'case-photo', fileName: '路灯不亮.jpg', contentType: 'image/jpeg', size: jpeg.length });
    expect(new URL(file!.url).pathname).toContain(`/cases/${submitted.body.caseId}/${granted.body.uploadId}`);
    expect(Date.parse(file!.urlExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    const download = await fetch(file!.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).toBe(true);

    // The operator reads every case, so it gets its own URL too.
    const asOperator = await call<CaseView>(stack, operator, 'GET', `/v1/requests/${submitted.body.caseId}`);
    expect((await fetch(asOperator.body.files[0]!.url)).status).toBe(200);

    // Another partner learns nothing of the case, so gets no URL; guessing the object's address gets 403 from storage.
    const asStranger = await call<Problem>(stack, grid, 'GET', `/v1/requests/${submitted.body.caseId}`);
    expect(asStranger.status).toBe(404);
    expect(asStranger.contentType).toContain('application/problem+json');
    const unsigned = new URL(file!.url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);

    // The incoming copy is gone once the case holds the photo: the upload cannot be linked twice.
    const again = await call<Problem>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: granted.body.uploadId }] });
    expect(again.status).toBe(422);
    expect(again.body.type).toContain('upload-not-found');
  });

  it('storage refuses a body larger or of another type than was signed', async () => {
    const { hotline } = keysFor(stack);
    const granted = await grant(hotline, { purpose: 'case-photo', contentType: 'image/jpeg', size: jpeg.length, fileName: 'a.jpg' });
    const tooBig = await put(granted.body, Buffer.concat([jpeg, Buffer.alloc(1024)]));
    expect(tooBig.status).toBe(403);
    expect(tooBig.text).toContain('SignatureDoesNotMatch');
    const otherType = await put(granted.body, jpeg, { 'content-type': 'text/html' });
    expect(otherType.status).toBe(403);
    expect(otherType.text).toContain('SignatureDoesNotMatch');
    // Nothing was stored, so nothing can be linked.
    const linked = await call<Problem>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: granted.body.uploadId }] });
    expect(linked.status).toBe(422);
  });

  it('linking a missing or another caller’s upload is a 4xx problem and stores no case', async () => {
    const { hotline, grid } = keysFor(stack);
    const missing = await call<Problem>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: `upl_${'0'.repeat(32)}` }] });
    expect(missing.status).toBe(422);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body.type).toContain('upload-not-found');

    const theirs = await grant(grid, { purpose: 'case-photo', contentType: 'image/jpeg', size: jpeg.length, fileName: 'b.jpg' });
    expect((await put(theirs.body, jpeg)).status).toBe(200);
    const borrowed = await call<Problem>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: theirs.body.uploadId }] });
    expect(borrowed.status).toBe(422);

    const malformed = await call<Problem>(stack, hotline, 'POST', '/v1/requests', { ...streetlight, attachments: [{ uploadId: '../../etc/passwd' }] });
    expect(malformed.status).toBe(422);
  });

  it('refuses to sign a type, size or purpose the rules do not allow', async () => {
    const { hotline, dispatcher } = keysFor(stack);
    const pdfPhoto = await grant(hotline, { purpose: 'case-photo', contentType: 'application/pdf', size: 1000, fileName: 'a.pdf' });
    expect(pdfPhoto.status).toBe(415);
    const huge = await grant(hotline, { purpose: 'case-photo', contentType: 'image/png', size: 11 * 1024 * 1024, fileName: 'a.png' });
    expect(huge.status).toBe(413);
    const notAType = await grant(hotline, { purpose: 'case-photo', contentType: 'text/html', size: 10, fileName: 'a.html' });
    expect(notAType.status).toBe(422);
    const wrongRole = await grant(dispatcher, { purpose: 'case-photo', contentType: 'image/jpeg', size: 10, fileName: 'a.jpg' });
    expect(wrongRole.status).toBe(403);
    const partnerEvidence = await grant(hotline, { purpose: 'dispute-evidence', contentType: 'application/pdf', size: 10, fileName: 'a.pdf' });
    expect(partnerEvidence.status).toBe(403);
    const department = await grant(staffKey(stack, 'dept-wuhai-urban-management'), { purpose: 'workorder-photo', contentType: 'image/webp', size: 10, fileName: '办结后.webp' });
    expect(department.status).toBe(201);
  });
});
