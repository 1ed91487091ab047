import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceTags } from '../src/openapi-operation';
import { buildOpenApiDocument } from '../src/openapi';
import { lintOpenApi } from './openapi-lint';
import { openApiDocumentPath } from '../src/published';
import { generatedTypesPath, openApiDocumentFile, openApiTypes } from './openapi-types';

type Operation = { operationId?: string; tags?: string[]; summary?: string; description?: string; 'x-roles'?: string[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('the OpenAPI document partners generate clients from', () => {
  it('passes Redocly (recommended) and Spectral (spectral:oas) with no error and no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govflow-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
      const findings = await lintOpenApi(readFileSync(file, 'utf8'), file);
      expect(findings.map((f) => `${f.linter} ${f.severity} ${f.rule} at ${f.where}: ${f.message}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is linted for real: a missing operationId, empty servers and a wrong example are found', async () => {
    const doc = buildOpenApiDocument() as { servers: unknown[]; paths: Record<string, Record<string, Operation & { responses: Record<string, { content: Record<string, { example?: unknown }> }> }>> };
    delete doc.paths['/v1/requests']!.post!.operationId;
    doc.servers = [];
    doc.paths['/v1/requests']!.post!.responses['202']!.content['application/json']!.example = { caseId: 1 };
    const rules = (await lintOpenApi(JSON.stringify(doc), 'mutated.json')).map((f) => `${f.linter} ${f.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining(['redocly operation-operationId', 'redocly no-empty-servers', 'redocly no-invalid-media-type-examples', 'spectral operation-operationId', 'spectral oas3-api-servers', 'spectral oas3-valid-media-example']),
    );
  });

  it('gives every operation a unique operationId, its service tag, a summary, a description naming its roles, and a schema for every response', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations) {
      expect(o.operationId).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(o.tags).toHaveLength(1);
      expect(Object.keys(serviceTags)).toContain(o.tags![0]);
      expect(o.summary).toBeTruthy();
      expect(o.description).toMatch(/Roles: /);
      expect(Array.isArray(o['x-roles'])).toBe(true);
      for (const [status, response] of Object.entries(o.responses)) {
        // 204 No Content has, by definition, nothing to describe.
        if (status === '204') continue;
        expect(response.content, `${o.operationId} ${status}`).toBeDefined();
        for (const media of Object.values(response.content!)) expect(media.schema, `${o.operationId} ${status}`).toBeDefined();
      }
    }
  });

  it('is published as built (run `npm run openapi:types` after changing the document)', () => {
    expect(readFileSync(openApiDocumentPath, 'utf8') === openApiDocumentFile(), 'contracts/src/published/openapi.json is stale: run npm run openapi:types').toBe(true);
  });

  it('has current generated client types (run `npm run openapi:types` after changing the document)', async () => {
    expect(readFileSync(generatedTypesPath, 'utf8') === (await openApiTypes()), 'contracts/src/openapi-types.ts is stale: run npm run openapi:types').toBe(true);
  });

  it('keeps its operationIds: they are method names in partners’ clients', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
    const ids = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, o]) => `${method.toUpperCase()} ${path} ${o.operationId}`));
    expect(ids.sort()).toMatchSnapshot();
  });

  it('states who may take each work-order and dispute step, from the tables the state machines use', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
    expect(doc.paths['/v1/workorders/{caseId}/actions']!.post!.description).toContain('- `rate`: partner, operator');
    expect(doc.paths['/v1/disputes/{disputeId}/actions']!.post!.description).toContain('- `withdraw`: mediator, coordinator, operator, partner');
    expect(doc.paths['/v1/requests']!.get!['x-roles']).toEqual(['partner', 'operator']);
    expect(doc.paths['/v1/openapi.json']!.get!['x-roles']).toEqual([]);
  });
});
