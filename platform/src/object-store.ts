import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { uploadBucketEnvName, type StoredFile, type StoredFileView, type UploadPurpose } from '@govflow/contracts';
import type { Caller } from './auth';
import { ConfigError } from './errors';
import {
  checkUploadedObject,
  contentDisposition,
  downloadUrlSeconds,
  incomingKey,
  storedKey,
  uploadUrlSeconds,
  type StoredObjectFacts,
} from './uploads';

export interface PresignedUpload {
  url: string;
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * The region's object storage (S3; locally the embedded S3 server, by AWS_ENDPOINT_URL_S3).
 * Files go in and out through presigned URLs; the function itself only looks at, copies and
 * deletes objects, never carries their bytes.
 */
export class ObjectStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /**
   * A PUT URL whose signature covers Content-Type, Content-Length and Content-Disposition:
   * storage refuses a body of another size or a different type (SignatureDoesNotMatch).
   */
  async presignUpload(options: { key: string; contentType: string; size: number; fileName: string; now: Date }): Promise<PresignedUpload> {
    const disposition = contentDisposition(options.fileName);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: options.key,
      ContentType: options.contentType,
      ContentLength: options.size,
      ContentDisposition: disposition,
    });
    const url = await getSignedUrl(this.s3, command, {
      expiresIn: uploadUrlSeconds,
      signingDate: options.now,
      signableHeaders: new Set(['content-type', 'content-length', 'content-disposition']),
    });
    return {
      url,
      headers: { 'content-type': options.contentType, 'content-disposition': disposition },
      expiresAt: new Date(options.now.getTime() + uploadUrlSeconds * 1000),
    };
  }

  async presignDownload(key: string, now: Date): Promise<{ url: string; expiresAt: Date }> {
    const url = await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: downloadUrlSeconds, signingDate: now });
    return { url, expiresAt: new Date(now.getTime() + downloadUrlSeconds * 1000) };
  }

  /** HeadObject: the stored type, size and disposition, or undefined when there is no such object. */
  async head(key: string): Promise<StoredObjectFacts | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { contentType: out.ContentType, size: out.ContentLength, contentDisposition: out.ContentDisposition };
    } catch (error) {
      if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async copy(from: string, to: string): Promise<void> {
    await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, CopySource: `${this.bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}`, Key: to }));
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The store named by the function's environment; a function without the variable has no storage grant. */
export function createObjectStore(env: NodeJS.ProcessEnv): ObjectStore {
  const bucket = env[uploadBucketEnvName];
  if (!bucket) throw new ConfigError(`missing environment: ${uploadBucketEnvName}`);
  const s3 = new S3Client({
    // The local S3 server is addressed by path (no per-bucket host names on 127.0.0.1).
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    // Checksums only where S3 demands them: a presigned PUT must not carry the checksum of an empty body.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new ObjectStore(s3, bucket);
}

/**
 * Links the caller's uploads to a record: each must be in storage under the caller's own
 * incoming key for this purpose, of an accepted type and size; it is copied to the record's
 * prefix. Call `releaseIncoming` once the record is saved.
 */
export async function linkUploads(store: ObjectStore, caller: Caller, purpose: UploadPurpose, recordId: string, uploadIds: readonly string[]): Promise<StoredFile[]> {
  const checked = await Promise.all(
    [...new Set(uploadIds)].map(async (uploadId) => {
      const from = incomingKey(purpose, caller, uploadId);
      return { from, file: { ...checkUploadedObject(purpose, uploadId, await store.head(from)), key: storedKey(purpose, recordId, uploadId) } };
    }),
  );
  // Copies only once every file passed: a refused link leaves nothing behind.
  await Promise.all(checked.map(({ from, file }) => store.copy(from, file.key)));
  return checked.map(({ file }) => file);
}

/** Deletes the linked uploads' incoming copies (the lifecycle rule would, a day later; DELETE costs nothing). */
export async function releaseIncoming(store: ObjectStore, caller: Caller, files: readonly StoredFile[]): Promise<void> {
  await Promise.all(files.map((file) => store.delete(incomingKey(file.purpose, caller, file.uploadId))));
}

/** Linked files as a reader allowed to see their record gets them: each with a fresh short-lived GET URL. */
export async function fileViews(store: ObjectStore, files: readonly StoredFile[], now: Date): Promise<StoredFileView[]> {
  return Promise.all(
    files.map(async (file) => {
      const { url, expiresAt } = await store.presignDownload(file.key, now);
      return { uploadId: file.uploadId, purpose: file.purpose, fileName: file.fileName, contentType: file.contentType, size: file.size, url, urlExpiresAt: expiresAt.toISOString() };
    }),
  );
}
