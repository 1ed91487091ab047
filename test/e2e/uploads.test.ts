import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, DisputeRegistered, DisputeView, Problem, StoredFileView, SubmitAccepted, UploadGranted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, mediatorToken, staffToken, streetlight, streetlightElsewhere, type Stack } from './harness';

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
    const department = await grant(staffToken(stack, 'dept-wuhai-urban-management'), { purpose: 'workorder-photo', contentType: 'image/webp', size: 10, fileName: '办结后.webp' });
    expect(department.status).toBe(201);
  });
});

/** Uploads a file for a purpose as the given key and returns its upload id. */
async function uploaded(key: string, purpose: string, contentType: string, bytes: Buffer, fileName: string): Promise<string> {
  const granted = await grant(key, { purpose, contentType, size: bytes.length, fileName });
  expect(granted.status).toBe(201);
  expect((await put(granted.body, bytes)).status).toBe(200);
  return granted.body.uploadId;
}

describe('files of work orders and disputes', () => {
  it('a department resolves a work order with before-and-after photos; readers of the order fetch them, others get 404', async () => {
    const { hotline, grid, gridWorker } = keysFor(stack);
    const accepted = await call<SubmitAccepted>(stack, hotline, 'POST', '/v1/requests', streetlightElsewhere());
    const dispatched = await eventually(async () => {
      const res = await call<CaseView>(stack, hotline, 'GET', `/v1/requests/${accepted.body.caseId}`);
      return res.body.status === 'dispatched' && res.body.department ? res.body : undefined;
    }, 20_000, 'dispatch');
    const staff = staffToken(stack, dispatched.department!.id);
    const caseId = accepted.body.caseId;
    expect((await call(stack, staff, 'POST', `/v1/workorders/${caseId}/actions`, { type: 'sign' })).status).toBe(200);
    const before = await uploaded(staff, 'workorder-photo', 'image/jpeg', jpeg, '维修前.jpg');
    const after = await uploaded(staff, 'workorder-photo', 'image/jpeg', jpeg, '维修后.jpg');
    // Someone else's upload (here a partner's case photo) cannot be attached as this department's.
    const partnerPhoto = await uploaded(hotline, 'case-photo', 'image/jpeg', jpeg, 'x.jpg');
    const refused = await call<Problem>(stack, staff, 'POST', `/v1/workorders/${caseId}/actions`, { type: 'resolve', result: '已更换灯泡，路灯恢复照明', photos: [before, partnerPhoto] });
    expect(refused.status).toBe(422);
    const resolved = await call<{ status: string; files: StoredFileView[] }>(stack, staff, 'POST', `/v1/workorders/${caseId}/actions`, {
      type: 'resolve',
      result: '已更换灯泡，路灯恢复照明',
      photos: [before, after],
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.files.map((f) => f.fileName)).toEqual(['维修前.jpg', '维修后.jpg']);

    // The grid worker who verifies on site sees the order and its photos.
    const seen = await call<{ files: StoredFileView[] }>(stack, gridWorker, 'GET', `/v1/workorders/${caseId}`);
    expect(seen.status).toBe(200);
    const download = await fetch(seen.body.files[1]!.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).toBe(true);
    expect((await call(stack, grid, 'GET', `/v1/workorders/${caseId}`)).status).toBe(404);
  });

  it('the mediator attaches evidence and the signed agreement to a dispute; the URLs go only to who sees the dispute unmasked', async () => {
    const { operator, hotline } = keysFor(stack);
    const registered = await call<DisputeRegistered>(stack, operator, 'POST', '/v1/disputes', {
      source: 'counter',
      type: 'neighbour',
      title: '楼上漏水',
      narrative: '楼上卫生间漏水把我家天花板泡坏了，多次协商无果。',
      parties: [
        { role: 'applicant', kind: 'person', name: '王秀英', phone: '13912345678', channel: 'counter' },
        { role: 'respondent', kind: 'person', name: '赵建国', phone: '13698765432', channel: 'counter' },
      ],
      location: { gridId: 'hbw-xinhua-2-g1' },
      consentToMediate: true,
    });
    expect(registered.status).toBe(201);
    const disputeId = registered.body.disputeId;
    const dispute = await call<DisputeView>(stack, operator, 'GET', `/v1/disputes/${disputeId}`);
    const mediator = mediatorToken(stack, dispute.body.mediator!.id);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const evidence = await uploaded(mediator, 'dispute-evidence', 'application/pdf', pdf, '漏水照片及维修报价.pdf');
    // Evidence uploaded for one purpose is not found under another.
    const wrongPurpose = await act(mediator, disputeId, { type: 'attach', purpose: 'dispute-agreement', uploads: [evidence] });
    expect(wrongPurpose.status).toBe(422);
    const attached = await act(mediator, disputeId, { type: 'attach', purpose: 'dispute-evidence', uploads: [evidence] });
    expect(attached.status).toBe(200);
    expect(attached.body.files).toMatchObject([{ uploadId: evidence, purpose: 'dispute-evidence', contentType: 'application/pdf', fileName: '漏水照片及维修报价.pdf' }]);
    expect(attached.body.history.at(-1)).toMatchObject({ action: 'attach', by: { role: 'mediator' } });
    const agreement = await uploaded(mediator, 'dispute-agreement', 'image/jpeg', jpeg, '调解协议书（签字）.jpg');
    const both = await act(mediator, disputeId, { type: 'attach', purpose: 'dispute-agreement', uploads: [agreement] });
    expect(both.body.files?.map((f) => f.purpose)).toEqual(['dispute-evidence', 'dispute-agreement']);

    const asOperator = await call<DisputeView>(stack, operator, 'GET', `/v1/disputes/${disputeId}`);
    const download = await fetch(asOperator.body.files![0]!.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // A partner that is no party to the dispute learns nothing of it.
    expect((await call(stack, hotline, 'GET', `/v1/disputes/${disputeId}`)).status).toBe(404);
    // Another mediator may not attach to a dispute they do not hold.
    const stranger = mediatorToken(stack, 'hbw-xinhua-2-committee-m2');
    const theirs = await uploaded(stranger, 'dispute-evidence', 'application/pdf', pdf, 'a.pdf');
    expect([403, 404]).toContain((await act(stranger, disputeId, { type: 'attach', purpose: 'dispute-evidence', uploads: [theirs] })).status);
  });
});

const act = (key: string, id: string, body: object) => call<DisputeView & { detail?: string }>(stack, key, 'POST', `/v1/disputes/${id}/actions`, body);
