import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { operation } from './openapi-operation';
import { UploadGranted, UploadRequestBody } from './uploads';

/** Photos and documents: the presigned upload (ADR 0010). Linking happens on the routes of the records they belong to. */
export function registerUploadPaths(registry: OpenAPIRegistry): void {
  operation(registry, {
    operationId: 'createUpload',
    service: 'intake',
    method: 'post',
    path: '/v1/uploads',
    summary: 'Get a presigned URL to upload a photo or document',
    description:
      'Who may ask depends on `purpose`: `case-photo` (jpeg, png, webp, heic; ≤ 10 MiB) partners, for POST /v1/requests `attachments`; ' +
      '`workorder-photo` (images, ≤ 10 MiB) department staff and operators, for the work order `resolve` action’s `photos`; ' +
      '`dispute-evidence` and `dispute-agreement` (images or PDF, ≤ 20 MiB) mediators and operators, for the dispute `attach` action. ' +
      'The answer is a PUT URL valid for 10 minutes; send exactly the returned `headers` and a body of exactly `size` bytes: storage ' +
      'checks the type and size through the signature and answers 403 SignatureDoesNotMatch otherwise. Then link the file by `uploadId` ' +
      '(only the same caller can, for the same purpose); an upload not linked within a day is deleted. Files are read back through ' +
      'short-lived GET URLs in the answers of the case, work order or dispute, given only to callers that may see it.',
    roles: ['partner', 'department', 'mediator', 'operator'],
    request: { body: { content: { 'application/json': { schema: UploadRequestBody } } } },
    responses: {
      201: {
        description: 'Upload granted: PUT the file to `url` with `headers` before `expiresAt`.',
        schema: UploadGranted,
        example: {
          uploadId: 'upl_3f2a9c1e7b4d4e0f8a6b2c9d1e0f3a4b',
          method: 'PUT',
          url: 'https://govflow-wuhai-uploads.s3.cn-north-1.amazonaws.com.cn/incoming/case-photo/5d41402abc4b2a76/upl_3f2a9c1e7b4d4e0f8a6b2c9d1e0f3a4b?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600&X-Amz-Signature=9f86d081884c7d65',
          headers: { 'content-type': 'image/jpeg', 'content-disposition': "inline; filename*=UTF-8''lamp.jpg" },
          expiresAt: '2026-11-27T02:10:00.000Z',
        },
      },
    },
    errors: {
      400: 'Malformed JSON.',
      403: 'This role may not upload files of this purpose.',
      413: 'Larger than the purpose allows (or the request body too large).',
      415: 'A content type this purpose does not accept, or a body that is not application/json.',
      422: 'Body fails validation (unknown purpose or type, size not a positive integer, bad file name).',
    },
  });
}
