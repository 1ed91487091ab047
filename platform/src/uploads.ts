import { createHash, randomBytes } from 'node:crypto';
import { imageContentTypes, documentContentTypes, incomingPrefix, type StoredFile, type StoredPrefix, type UploadContentType, type UploadPurpose, type UploadRequestBody } from '@govflow/contracts';
import type { Caller, Role } from './auth';
import { HttpProblem } from './errors';

export interface UploadRule {
  readonly roles: readonly Role[];
  readonly contentTypes: readonly UploadContentType[];
  readonly maxBytes: number;
  /** The prefix a linked file of this purpose is kept under. */
  readonly storedUnder: StoredPrefix;
}

const megabytes = 1024 * 1024;

/** Who may upload what, of which types and sizes (issue 13 §3). */
export const uploadRules: Record<UploadPurpose, UploadRule> = {
  // Citizens' photos arrive through partner systems (hotline, mini-program), as their cases do.
  'case-photo': { roles: ['partner'], contentTypes: imageContentTypes, maxBytes: 10 * megabytes, storedUnder: 'cases' },
  // Before-and-after photos of the department that resolves the work order.
  'workorder-photo': { roles: ['department', 'operator'], contentTypes: imageContentTypes, maxBytes: 10 * megabytes, storedUnder: 'workorders' },
  // Evidence and the signed agreement: scans as images or PDF.
  'dispute-evidence': { roles: ['mediator', 'operator'], contentTypes: documentContentTypes, maxBytes: 20 * megabytes, storedUnder: 'disputes' },
  'dispute-agreement': { roles: ['mediator', 'operator'], contentTypes: documentContentTypes, maxBytes: 20 * megabytes, storedUnder: 'disputes' },
};

/** Presigned URLs (upload and download) live this long: long enough for a phone on a slow network, short enough not to be shared around. */
export const uploadUrlSeconds = 10 * 60;
export const downloadUrlSeconds = 5 * 60;

/**
 * Whose upload it is, as a key segment: a digest of the caller's identity (role and the ids
 * its key carries), so the key holds no id in clear and one caller cannot name another's upload.
 */
export function ownerSegment(caller: Caller): string {
  const identity = [caller.role, caller.partnerId, caller.departmentId ?? '', caller.mediatorId ?? '', caller.committeeId ?? ''].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** `incoming/<purpose>/<owner>/<uploadId>`: the caller and the purpose are part of where the file is. */
export function incomingKey(purpose: UploadPurpose, caller: Caller, uploadId: string): string {
  return `${incomingPrefix}${purpose}/${ownerSegment(caller)}/${uploadId}`;
}

/** `<cases|workorders|disputes>/<record id>/<uploadId>`: where a linked file is kept for as long as its record. */
export function storedKey(purpose: UploadPurpose, recordId: string, uploadId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(recordId)) throw new Error(`record id not usable in a key: ${recordId}`);
  return `${uploadRules[purpose].storedUnder}/${recordId}/${uploadId}`;
}

export function newUploadId(): string {
  return `upl_${randomBytes(16).toString('hex')}`;
}

/**
 * The Content-Disposition stored with the object and sent back on download: the file name
 * in RFC 6266 / RFC 8187 form (UTF-8, percent-encoded), so Chinese names survive HTTP headers.
 */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename*=UTF-8''${encoded}`;
}

/** The file name back from a Content-Disposition written by `contentDisposition` (undefined for any other). */
export function fileNameOf(disposition: string | undefined): string | undefined {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
    // Stryker disable next-line BlockStatement: an empty catch ends the function with undefined all the same.
  } catch {
    return undefined;
  }
}

/**
 * Checks an upload request against its purpose's rule: the caller's role, the type and the
 * size. A refusal is a problem document; nothing is signed.
 */
export function checkUploadRequest(caller: Caller, body: UploadRequestBody): UploadRule {
  const rule = uploadRules[body.purpose];
  if (!rule.roles.includes(caller.role)) {
    throw new HttpProblem(403, 'forbidden', `A ${caller.role} key may not upload ${body.purpose} files`, `${body.purpose} is uploaded by: ${rule.roles.join(', ')}.`);
  }
  if (!rule.contentTypes.includes(body.contentType)) {
    throw new HttpProblem(415, 'upload-type-not-allowed', `${body.contentType} is not accepted for ${body.purpose}`, `Accepted: ${rule.contentTypes.join(', ')}.`);
  }
  if (body.size > rule.maxBytes) {
    throw new HttpProblem(413, 'upload-too-large', `A ${body.purpose} file may be at most ${rule.maxBytes} bytes`, `${body.size} bytes were announced.`);
  }
  return rule;
}

/** What storage says about an incoming object (HeadObject). */
export interface StoredObjectFacts {
  contentType: string | undefined;
  size: number | undefined;
  contentDisposition: string | undefined;
}

/**
 * Whether an uploaded object may be linked for this purpose: storage must hold it (missing
 * means never uploaded, not the caller's, or expired), with a type and size the purpose accepts.
 */
export function checkUploadedObject(purpose: UploadPurpose, uploadId: string, facts: StoredObjectFacts | undefined): Omit<StoredFile, 'key'> {
  if (!facts) {
    throw new HttpProblem(422, 'upload-not-found', `No uploaded file ${uploadId}`, 'Upload the file with the URL POST /v1/uploads gave this key (for this purpose) before linking it; an unlinked upload is kept one day.');
  }
  const rule = uploadRules[purpose];
  const contentType = rule.contentTypes.find((t) => t === facts.contentType);
  if (!contentType || facts.size === undefined || facts.size <= 0 || facts.size > rule.maxBytes) {
    throw new HttpProblem(422, 'upload-not-acceptable', `The uploaded file ${uploadId} is not an acceptable ${purpose}`, `Stored as ${facts.contentType ?? 'unknown type'}, ${facts.size ?? '?'} bytes.`);
  }
  return { uploadId, purpose, fileName: fileNameOf(facts.contentDisposition) ?? uploadId, contentType, size: facts.size };
}
