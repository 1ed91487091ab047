/**
 * `npm run openapi:types`: writes the TypeScript types of the OpenAPI document
 * (`contracts/src/openapi-types.ts`) that the scripts' client (`scripts/api-client.ts`)
 * is typed with. `contracts/test/openapi.test.ts` fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { generatedTypesPath, openApiTypes } from '../contracts/test/openapi-types';

writeFileSync(generatedTypesPath, await openApiTypes());
console.log(`wrote ${generatedTypesPath}`);
