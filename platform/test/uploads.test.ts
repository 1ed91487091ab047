import { describe, expect, it } from 'vitest';
import { HttpProblem, type Caller } from '../src';
import {
  checkUploadedObject,
  checkUploadRequest,
  contentDisposition,
  fileNameOf,
  incomingKey,
  newUploadId,
  ownerSegment,
  storedKey,
  uploadRules,
  uploadUrlSeconds,
  downloadUrlSeconds,
} from '../src/uploads';
import { UploadRequestBody, uploadPurposes } from '@govflow/contracts';

const partner: Caller = { partnerId: 'hotline-12345', role: 'partner' };
const otherPartner: Caller = { partnerId: 'grid-app', role: 'partner' };
const department: Caller = { partnerId: 'staff-x', role: 'department', departmentId: 'wd-city-management-bureau' };
const mediator: Caller = { partnerId: 'mediator-m1', role: 'mediator', mediatorId: 'm1' };
const MiB = 1024 * 1024;

function problemOf(fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('upload rules', () => {
  it('let each purpose be uploaded by its roles only', () => {
    expect(checkUploadRequest(partner, { purpose: 'case-photo', contentType: 'image/jpeg', size: 1000, fileName: 'a.jpg' }).storedUnder).toBe('cases');
    expect(checkUploadRequest(department, { purpose: 'workorder-photo', contentType: 'image/heic', size: 1000, fileName: 'a.heic' }).storedUnder).toBe('workorders');
    expect(checkUploadRequest(mediator, { purpose: 'dispute-agreement', contentType: 'application/pdf', size: 1000, fileName: 'a.pdf' }).storedUnder).toBe('disputes');
    expect(problemOf(() => checkUploadRequest(department, { purpose: 'case-photo', contentType: 'image/jpeg', size: 1, fileName: 'a' })).status).toBe(403);
    expect(problemOf(() => checkUploadRequest(partner, { purpose: 'dispute-evidence', contentType: 'image/jpeg', size: 1, fileName: 'a' })).status).toBe(403);
    for (const purpose of uploadPurposes) expect(uploadRules[purpose].roles.length).toBeGreaterThan(0);
  });

  it('take photos as jpeg, png, webp or heic up to 10 MiB, documents also as PDF up to 20 MiB', () => {
    const photo = (contentType: string, size: number) => ({ purpose: 'case-photo', contentType, size, fileName: 'p' }) as UploadRequestBody;
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/heic']) expect(() => checkUploadRequest(partner, photo(type, 10 * MiB))).not.toThrow();
    expect(problemOf(() => checkUploadRequest(partner, photo('application/pdf', 100))).status).toBe(415);
    expect(problemOf(() => checkUploadRequest(partner, photo('image/jpeg', 10 * MiB + 1))).status).toBe(413);
    const doc = (size: number) => ({ purpose: 'dispute-evidence', contentType: 'application/pdf', size, fileName: 'd.pdf' }) as const;
    expect(() => checkUploadRequest(mediator, doc(20 * MiB))).not.toThrow();
    // Past every purpose's limit the schema itself refuses it.
    expect(UploadRequestBody.safeParse(doc(20 * MiB + 1)).success).toBe(false);
    expect(UploadRequestBody.safeParse({ ...doc(10), contentType: 'text/html' }).success).toBe(false);
    expect(UploadRequestBody.safeParse({ ...doc(10), fileName: '../../etc/passwd' }).success).toBe(false);
    expect(UploadRequestBody.safeParse({ ...doc(0) }).success).toBe(false);
  });

  it('say in their kind, title and detail who may upload, which type and how large', () => {
    const titleOf = (caller: Caller, body: UploadRequestBody) => {
      const { kind, title, detail } = problemOf(() => checkUploadRequest(caller, body));
      return { kind, title, detail };
    };
    expect(titleOf(department, { purpose: 'case-photo', contentType: 'image/jpeg', size: 1, fileName: 'a' })).toEqual({
      kind: 'forbidden',
      title: 'A department key may not upload case-photo files',
      detail: 'case-photo is uploaded by: partner.',
    });
    expect(titleOf(partner, { purpose: 'workorder-photo', contentType: 'image/jpeg', size: 1, fileName: 'a' })).toMatchObject({ detail: 'workorder-photo is uploaded by: department, operator.' });
    expect(titleOf(partner, { purpose: 'case-photo', contentType: 'application/pdf', size: 1, fileName: 'a' })).toEqual({
      kind: 'upload-type-not-allowed',
      title: 'application/pdf is not accepted for case-photo',
      detail: 'Accepted: image/jpeg, image/png, image/webp, image/heic.',
    });
    expect(titleOf(partner, { purpose: 'case-photo', contentType: 'image/png', size: 10 * MiB + 1, fileName: 'a' })).toEqual({
      kind: 'upload-too-large',
      title: `A case-photo file may be at most ${10 * MiB} bytes`,
      detail: `${10 * MiB + 1} bytes were announced.`,
    });
  });

  it('sign URLs for at most 15 minutes', () => {
    expect(uploadUrlSeconds).toBeLessThanOrEqual(15 * 60);
    expect(downloadUrlSeconds).toBeLessThanOrEqual(15 * 60);
  });
});

describe('key layout', () => {
  it('puts an upload under incoming/<purpose>/<owner>/<uploadId>, the owner a digest of the key’s identity', () => {
    const id = newUploadId();
    expect(id).toMatch(/^upl_[0-9a-f]{32}$/);
    expect(incomingKey('case-photo', partner, id)).toBe(`incoming/case-photo/${ownerSegment(partner)}/${id}`);
    expect(ownerSegment(partner)).toMatch(/^[0-9a-f]{16}$/);
    // Other partner, other role, other department: other owner; the same claims in another key: the same owner.
    expect(ownerSegment(otherPartner)).not.toBe(ownerSegment(partner));
    expect(ownerSegment({ ...partner, role: 'operator' })).not.toBe(ownerSegment(partner));
    expect(ownerSegment({ ...department, departmentId: 'other' })).not.toBe(ownerSegment(department));
    expect(ownerSegment({ ...partner })).toBe(ownerSegment(partner));
    expect(incomingKey('case-photo', partner, id)).not.toContain('hotline');
  });

  it('keeps the owner digest stable (uploads in flight across a deploy stay findable) and unambiguous between ids', () => {
    expect(ownerSegment({ partnerId: 'hotline-12345', role: 'partner' })).toBe('fe3bd9bad02f4e5b');
    expect(ownerSegment({ partnerId: 'staff-system', role: 'department', departmentId: 'wd-urban' })).toBe('84ef8ca75e8b65e4');
    // Each id in its own place: a department 'ab' is not a department 'a' with mediator 'b'.
    expect(ownerSegment({ partnerId: 'p', role: 'operator', departmentId: 'ab' })).not.toBe(ownerSegment({ partnerId: 'p', role: 'operator', departmentId: 'a', mediatorId: 'b' }));
    expect(ownerSegment({ partnerId: 'p', role: 'operator', mediatorId: 'm' })).not.toBe(ownerSegment({ partnerId: 'p', role: 'operator', committeeId: 'm' }));
  });

  it('keeps linked files under the record’s own prefix', () => {
    const caseId = '3f2b9c0e-5d7a-4e1b-8c6f-0a2d4e6b8c0f';
    expect(storedKey('case-photo', caseId, 'upl_1')).toBe(`cases/${caseId}/upl_1`);
    expect(storedKey('workorder-photo', caseId, 'upl_1')).toBe(`workorders/${caseId}/upl_1`);
    expect(storedKey('dispute-agreement', caseId, 'upl_1')).toBe(`disputes/${caseId}/upl_1`);
    expect(() => storedKey('case-photo', '../x', 'upl_1')).toThrow();
  });

  it('carries Chinese file names in Content-Disposition and back', () => {
    const header = contentDisposition('调解协议书 (签字).pdf');
    expect(header).toMatch(/^inline; filename\*=UTF-8''[\x21-\x7e]+$/);
    expect(fileNameOf(header)).toBe('调解协议书 (签字).pdf');
    expect(fileNameOf('attachment')).toBeUndefined();
    expect(fileNameOf(undefined)).toBeUndefined();
    expect(fileNameOf("inline; filename*=UTF-8''%E0%A4%A")).toBeUndefined();
  });
});

describe('linking an uploaded object', () => {
  const id = 'upl_00000000000000000000000000000001';
  it('needs the object in storage, of a type and size its purpose accepts', () => {
    expect(problemOf(() => checkUploadedObject('case-photo', id, undefined))).toMatchObject({ status: 422, kind: 'upload-not-found' });
    expect(problemOf(() => checkUploadedObject('case-photo', id, { contentType: 'application/pdf', size: 10, contentDisposition: undefined })).kind).toBe('upload-not-acceptable');
    expect(problemOf(() => checkUploadedObject('case-photo', id, { contentType: 'image/png', size: 11 * MiB, contentDisposition: undefined })).kind).toBe('upload-not-acceptable');
    // Storage that reports no size or an empty object: not acceptable either, and the detail says what was found.
    for (const size of [undefined, 0]) {
      expect(problemOf(() => checkUploadedObject('case-photo', id, { contentType: 'image/png', size, contentDisposition: undefined })), String(size)).toMatchObject({
        kind: 'upload-not-acceptable',
        detail: `Stored as image/png, ${size ?? '?'} bytes.`,
      });
    }
    expect(problemOf(() => checkUploadedObject('case-photo', id, { contentType: undefined, size: undefined, contentDisposition: undefined })).detail).toBe('Stored as unknown type, ? bytes.');
    expect(checkUploadedObject('dispute-evidence', id, { contentType: 'application/pdf', size: 10, contentDisposition: contentDisposition('证据.pdf') })).toEqual({
      uploadId: id,
      purpose: 'dispute-evidence',
      fileName: '证据.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
  });
});
