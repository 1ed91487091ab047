import * as z from 'zod';
import { IsoDateTime } from './vocabulary';

/**
 * What a file is for decides who may upload it, which types and how large it may be, and
 * what it can be linked to: a citizen's photo (随手拍) to a new case, a department's
 * before-and-after photos to a resolved work order, a mediator's evidence and the signed
 * agreement (调解协议书) to a dispute.
 */
/** The environment variable naming the region's upload bucket (set for the functions the manifest grants storage). */
export const uploadBucketEnvName = 'UPLOAD_BUCKET';

/** Where uploads wait to be linked; the bucket's lifecycle rule deletes what stays there a day. */
export const incomingPrefix = 'incoming/';

/** Key prefixes of linked files, one per kind of record (and per service that writes it). */
export const storedPrefixes = ['cases', 'workorders', 'disputes'] as const;
export type StoredPrefix = (typeof storedPrefixes)[number];

export const uploadPurposes = ['case-photo', 'workorder-photo', 'dispute-evidence', 'dispute-agreement'] as const;
export const UploadPurpose = z.enum(uploadPurposes);
export type UploadPurpose = z.infer<typeof UploadPurpose>;

export const imageContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export const documentContentTypes = [...imageContentTypes, 'application/pdf'] as const;
export const UploadContentType = z.enum(documentContentTypes);
export type UploadContentType = z.infer<typeof UploadContentType>;

const megabytes = 1024 * 1024;
/** The largest upload of any purpose (documents); each purpose has its own limit. */
export const maxUploadBytes = 20 * megabytes;

/** An upload's id as `POST /v1/uploads` answers it: `upl_` and 32 hex digits. */
export const UploadId = z
  .string()
  .regex(/^upl_[0-9a-f]{32}$/, 'an upload id as POST /v1/uploads answers it (upl_ and 32 hex digits)')
  .meta({ example: 'upl_3f2b9c0e5d7a4e1b8c6f0a2d4e6b8c0f' });
export type UploadId = z.infer<typeof UploadId>;

/** A file name as the uploader's device named it: shown to readers and offered on download, never used in a key. */
const FileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '/' || c === '\\'), 'file name must not contain control characters or slashes');

export const UploadRequestBody = z
  .object({
    purpose: UploadPurpose,
    contentType: UploadContentType,
    size: z.number().int().positive().max(maxUploadBytes),
    fileName: FileName,
  })
  .strict()
  .meta({
    id: 'UploadRequest',
    description: 'The file about to be uploaded: what it is for, its type, its exact size in bytes and its name.',
    example: { purpose: 'case-photo', contentType: 'image/jpeg', size: 245_760, fileName: '路灯不亮.jpg' },
  });
export type UploadRequestBody = z.infer<typeof UploadRequestBody>;

export const UploadGranted = z
  .object({
    uploadId: UploadId,
    method: z.literal('PUT'),
    url: z.url(),
    /** Signed headers: the PUT must send exactly these (and a Content-Length equal to `size`), or storage refuses it. */
    headers: z.record(z.string(), z.string()),
    expiresAt: IsoDateTime,
  })
  .meta({
    id: 'UploadGranted',
    description:
      'A presigned PUT into object storage. Content-Type, Content-Length and Content-Disposition are part of the signature: ' +
      'a different type or size is refused by storage (403 SignatureDoesNotMatch). Link the file by `uploadId` within a day.',
    example: {
      uploadId: 'upl_3f2b9c0e5d7a4e1b8c6f0a2d4e6b8c0f',
      method: 'PUT',
      url: 'https://govflow-wuhai-uploads.s3.cn-north-1.amazonaws.com.cn/incoming/case-photo/5d41402abc4b2a76/upl_3f2b9c0e5d7a4e1b8c6f0a2d4e6b8c0f?X-Amz-Algorithm=AWS4-HMAC-SHA256&…',
      headers: { 'content-type': 'image/jpeg', 'content-disposition': "inline; filename*=UTF-8''%E8%B7%AF%E7%81%AF%E4%B8%8D%E4%BA%AE.jpg" },
      expiresAt: '2026-11-27T01:15:00.000Z',
    },
  });
export type UploadGranted = z.infer<typeof UploadGranted>;

/** A linked file as a reader allowed to see its case, work order or dispute gets it: a short-lived download URL. */
export const StoredFileView = z
  .object({
    uploadId: UploadId,
    purpose: UploadPurpose,
    fileName: z.string(),
    contentType: UploadContentType,
    size: z.number().int(),
    url: z.url(),
    urlExpiresAt: IsoDateTime,
  })
  .meta({ id: 'StoredFile', description: 'A stored photo or document with a presigned GET URL that expires at `urlExpiresAt`.' });
export type StoredFileView = z.infer<typeof StoredFileView>;

/** Either a link the partner hosts itself (as before) or a file uploaded through `POST /v1/uploads`. */
export const AttachmentRef = z.union([z.url().max(2000), z.object({ uploadId: UploadId }).strict()]);
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** A linked file as the record it belongs to keeps it (case, work order or dispute). */
export interface StoredFile {
  uploadId: string;
  purpose: UploadPurpose;
  /** The object's key in the region's bucket: `<cases|workorders|disputes>/<record id>/<uploadId>`. */
  key: string;
  fileName: string;
  contentType: UploadContentType;
  size: number;
}
