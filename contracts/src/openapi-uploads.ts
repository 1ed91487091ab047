import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { UploadGranted, UploadRequestBody } from './uploads';

type Problem = (description: string) => object;

/** Photos and documents: the presigned upload (ADR 0010). Linking happens on the routes of the records they belong to. */
export function registerUploadPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[], problem: Problem): void {
  registry.registerPath({
    method: 'post',
    path: '/v1/uploads',
    operationId: 'createUpload',
    tags: ['uploads'],
    summary: 'Get a presigned URL to upload a photo or document (partner, department, mediator, operator by purpose)',
    description:
      'Who may ask depends on `purpose`: `case-photo` (jpeg, png, webp, heic; ≤ 10 MiB) partners, for POST /v1/requests `attachments`; ' +
      '`workorder-photo` (images, ≤ 10 MiB) department staff and operators, for the work order `resolve` action’s `photos`; ' +
      '`dispute-evidence` and `dispute-agreement` (images or PDF, ≤ 20 MiB) mediators and operators, for the dispute `attach` action. ' +
      'The answer is a PUT URL valid for 10 minutes; send exactly the returned `headers` and a body of exactly `size` bytes: storage ' +
      'checks the type and size through the signature and answers 403 SignatureDoesNotMatch otherwise. Then link the file by `uploadId` ' +
      '(only the same caller can, for the same purpose); an upload not linked within a day is deleted. Files are read back through ' +
      'short-lived GET URLs in the answers of the case, work order or dispute, given only to callers that may see it.',
    security,
    request: { body: { content: { 'application/json': { schema: UploadRequestBody } } } },
    responses: {
      201: { description: 'Upload granted: PUT the file to `url` with `headers` before `expiresAt`.', content: { 'application/json': { schema: UploadGranted } } },
      400: problem('Malformed JSON'),
      401: problem('Missing or invalid key'),
      403: problem('This role may not upload files of this purpose'),
      413: problem('Larger than the purpose allows (or the request body too large)'),
      415: problem('A content type this purpose does not accept, or a body that is not application/json'),
      422: problem('Body fails validation (unknown purpose or type, size not a positive integer, bad file name)'),
    },
  });
}
