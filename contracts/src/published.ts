import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Documents built from the contracts and kept as files (`npm run openapi:types` writes them;
 * a contracts test fails when one is stale). In the source tree beside this module; in a
 * function bundle, copied beside the handler (`files` in the manifest): the builder and its
 * examples would otherwise be about 90 KB of the intake API's bundle.
 */
export const publishedDocuments = join(import.meta.dirname, 'published');

export const openApiDocumentPath = join(publishedDocuments, 'openapi.json');

/** The OpenAPI document as text, pretty-printed: what `GET /v1/openapi.json` serves. */
export function openApiDocumentText(): string {
  return readFileSync(openApiDocumentPath, 'utf8');
}
