/**
 * `npm run openapi:types`: writes the OpenAPI document (`contracts/src/published/openapi.json`,
 * what the intake API serves) and its TypeScript types (`contracts/src/openapi-types.ts`, what
 * the scripts' client `scripts/api-client.ts` is typed with). `contracts/test/openapi.test.ts`
 * fails when either is stale.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { openApiDocumentPath } from '../contracts/src/published';
import { generatedTypesPath, openApiDocumentFile, openApiTypes } from '../contracts/test/openapi-types';

writeFileSync(openApiDocumentPath, openApiDocumentFile());
console.log(`wrote ${relative(process.cwd(), openApiDocumentPath)}`);
writeFileSync(generatedTypesPath, await openApiTypes());
console.log(`wrote ${relative(process.cwd(), generatedTypesPath)}`);
