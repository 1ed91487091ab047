/**
 * `npm run bench:duties -- [--orders N] [--page P]`: the 督办 sweep against a seeded backlog.
 * Seeds N work orders whose signing deadline has long passed into a dispatch table on the
 * embedded DynamoDB (spread over the deadline index's shards as the repository writes
 * them), then times one sweep over all of them, as the scheduled function runs it, and the
 * sweep after it (nothing left to raise: what a quiet minute costs). Prints orders per
 * second and what that means for a region with a million open work orders, and checks that
 * each level raised put its event on the table's stream, for the relay to send (ADR 0023).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { caseReceivedV1, makeEvent } from '@govflow/contracts';
import { startEmbeddedServers } from '@govflow/local/servers';
import { ensureTables } from '@govflow/local/resources';
import { eventsEmitted } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { DispatchRepository } from '@govflow/dispatch/adapters/repository';
import { readModelFile } from '@govflow/dispatch/adapters/model-file';
import { jiebaSegmenter } from '@govflow/dispatch/adapters/segmenter';
import { supervisionSettings } from '@govflow/dispatch/adapters/runtime';
import { superviseDue } from '@govflow/dispatch/app/supervisor';
import { regionClassifier } from '@govflow/dispatch/domain/classification/classify';
import { decideDispatch } from '@govflow/dispatch/domain/routing/decide';
import { supervisionShardOf, supervisionShards } from '@govflow/dispatch/domain/workorder/supervision';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '20000' }, page: { type: 'string', default: '100' } } });
const orders = Number(values.orders);
const region = loadRegion('wuhai');
const dataDir = mkdtempSync(join(tmpdir(), 'govflow-duties-'));
const servers = await startEmbeddedServers({ dynamodbPath: dataDir });
const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'cn-north-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const table = (await ensureTables(client, region.id)).dispatch;
const repository = new DispatchRepository(doc, table, supervisionSettings(region));

console.log(`govflow duties bench: ${orders} overdue work orders, ${supervisionShards} shards, page ${values.page}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`);
const at = new Date('2026-11-02T02:00:00Z');
const segment = jiebaSegmenter(region);
const template = decideDispatch(
  region,
  regionClassifier(region, { segment, counts: readModelFile(region).counts }),
  makeEvent(caseReceivedV1, {
    region: region.id,
    caseId: 'template',
    traceId: 't',
    occurredAt: at,
    payload: { caseNumber: 'WH-0', partnerId: 'hotline-12345', channel: 'hotline-12345', kind: 'complaint', title: '路灯不亮', description: '小区路灯坏了', location: { address: '海勃湾区新华街道' }, receivedAt: at.toISOString(), attachmentCount: 0 },
  }),
  at,
).record;
if (!template.workOrder) throw new Error('the template case was not dispatched');

let start = performance.now();
const perShard = new Array<number>(supervisionShards).fill(0);
for (let i = 0; i < orders; i += 25) {
  const items = Array.from({ length: Math.min(25, orders - i) }, (_, k) => {
    const caseId = `bench-${i + k}`;
    perShard[supervisionShardOf(caseId)]!++;
    return (repository.createOnce({ ...template, caseId, workOrder: { ...template.workOrder!, workOrderId: `WO-${caseId}` } }).Put as { Item: Record<string, unknown> }).Item;
  });
  await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }));
}
console.log(`seeded in ${((performance.now() - start) / 1000).toFixed(1)} s; orders per shard ${Math.min(...perShard)}–${Math.max(...perShard)}`);

const deps = {
  region,
  repository,
  settings: supervisionSettings(region),
  logger: new Logger({ logLevel: 'SILENT' }),
};
const later = new Date('2026-12-20T02:00:00Z');
start = performance.now();
const sweep = await superviseDue(deps, later, { pageSize: Number(values.page), deadline: Date.now() + 3_600_000 });
const seconds = (performance.now() - start) / 1000;
const rate = sweep.raised / seconds;
console.log(`sweep: ${sweep.raised} raised, ${sweep.skipped} skipped in ${seconds.toFixed(1)} s → ${rate.toFixed(0)} orders/s (was at most 100 a minute: 1.7/s)`);
start = performance.now();
const quiet = await superviseDue(deps, later, { pageSize: Number(values.page) });
console.log(`next sweep: ${quiet.raised} raised in ${(performance.now() - start).toFixed(0)} ms (reads ${supervisionShards} empty index pages)`);
console.log(`a million open orders falling due at once: ${(1_000_000 / rate / 60).toFixed(1)} min of sweeping at this rate (a run stops at 40 s and the next minute's run goes on)`);
// The sweep sends nothing itself: each raise stores its event on the order, and the dispatch relay sends it from the stream.
const emitted = servers.streams.read(table, undefined, Number.MAX_SAFE_INTEGER).flatMap(eventsEmitted);
const raises = sweep.raised + quiet.raised;
console.log(`events on the stream for the relay: ${emitted.length}${emitted.length === raises ? ', one per raise' : `, expected ${raises} (one per raise)`}`);
if (emitted.length !== raises) process.exitCode = 1;
await servers.close();
rmSync(dataDir, { recursive: true, force: true });
