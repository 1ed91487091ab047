import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '@govflow/local/stack';
import { Meter } from '@govflow/local/metering';
import { unpackBody } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { costRun } from './bench-cost';

const dataDir = mkdtempSync(join(tmpdir(), 'sizes-'));
const meter = new Meter();
const stack = await startLocalStack({ dataDir, port: 0, meter, sweepIntervalMs: 60000 });
await costRun({ stack, meter, region: loadRegion(stack.regionId), cases: 30, onProgress: () => undefined });
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
const bodies: Record<string, string[]> = {};
for (const stage of ['dispatch', 'intake', 'mediation', 'reporting'] as const) {
  for (const item of (await doc.send(new ScanCommand({ TableName: stack.tableNames[stage] }))).Items ?? []) {
    if (!(item.body instanceof Uint8Array)) continue;
    const kind = `${stage}.${String(item.sk).split('#')[0]}`;
    (bodies[kind] ??= []).push(JSON.stringify(unpackBody(item)));
  }
}
writeFileSync('/tmp/bodies.json', JSON.stringify(bodies));
await stack.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
