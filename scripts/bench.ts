/**
 * `npm run bench -- [--cases N] [--concurrency C] [--rate R] [--lives L] [--fold-window S] [--pace S]`
 *
 * Starts the local system (its own, in a temporary directory, kept on disk like `npm start`)
 * and measures, in one run:
 * 1. speed: N requests through the pipeline, throughput and latency from acceptance (202) to
 *    `dispatched` and to being counted by reporting, as fast as C requests in flight allow
 *    (throughput; latency at saturation), then N requests arriving at R a second (latency at a
 *    stated load);
 * 2. the floor: the least storage and queue work a case needs, done directly against the
 *    same DynamoDB and SQS servers; the ratio says how far above it the pipeline runs;
 * 3. cost: L full lives (work orders signed, resolved, verified, rated, some reopened;
 *    disputes mediated to the end) of a realistic mix of kinds and channels, metered, and
 *    what a case costs per stage at list prices, beside a minimal design (bench-cost.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stages } from '@govflow/contracts';
import { unpackedItem } from '@govflow/platform';
import { streamSources } from '@govflow/infra/manifest';
import { Meter } from '@govflow/local/metering';
import { startLocalStack } from '@govflow/local/stack';
import { loadRegion } from '@govflow/regions';
import { clientsFor, type Schemas } from './api-client';
import type { LocalInfo } from './local-client';
import { progress } from './progress';
import { formatTable } from './table';
import { byStage, costRun, dollars, indexWrites, itemKilobytes, itemWrites, itemWriteCounts, minimalDesign, prices, readsByFunction } from './bench-cost';
import { demoRequests } from './demo-requests';
import { seededRandom } from './seeded-random';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '32' },
    lives: { type: 'string', default: '200' },
    burst: { type: 'string', default: '100' },
    // Cases a second arriving in the open-loop latency run (0: none). Ten a second is some 860,000
    // a day, fourteen times Beijing's 12345 average (about 60,000 a day).
    rate: { type: 'string', default: '10' },
    'fold-window': { type: 'string' },
    // Seconds between a life's steps, every life at once: a city's pace (bench-cost.ts).
    pace: { type: 'string', default: '0' },
  },
});
const total = Number(values.cases);
const concurrency = Number(values.concurrency);
const lifeCount = Number(values.lives);
const dataDir = mkdtempSync(join(tmpdir(), 'govflow-bench-'));
const meter = new Meter();
// The timed duties at AWS's rates (a minute of the schedules is a minute): run every second, as
// `npm start` and the tests do to settle quickly, they took about a third of a core from the
// pipeline being measured (the every-minute duties sixty times as often as on AWS).
// The fold's batching window as deployed (the manifest's), unless asked otherwise: how many changes fall on one counter cell depends on it.
const foldWindowSeconds = Number(values['fold-window'] ?? streamSources.find((s) => s.functionId === 'reporting-fold')!.maxBatchingWindowSeconds);
const startedAt = performance.now();
// Every other stream reader (the change log) gathers for its manifest's window too.
const streamBatchingWindowsMs = Object.fromEntries(streamSources.map((s) => [s.functionId, (s.functionId === 'reporting-fold' ? foldWindowSeconds : s.maxBatchingWindowSeconds) * 1000]));
const stack = await startLocalStack({ dataDir, port: 0, meter, sweepIntervalMs: 60_000, streamBatchingWindowsMs });
// Its own start: bundling every function and each worker's cold import (ADR 0025).
const startMs = performance.now() - startedAt;
const region = loadRegion(stack.regionId);
const operatorKey = stack.issueToken({ partnerId: 'bench', role: 'operator' });
const info: LocalInfo = {
  apiUrl: stack.apiUrl,
  apiKey: stack.partnerKeys['hotline-12345']!,
  staffTokens: { operator: operatorKey },
  region: stack.regionId,
  endpoints: stack.endpoints,
  tableNames: stack.tableNames,
};
const as = clientsFor(info.apiUrl);
// The bench's own reads: no app id, so the meter leaves them out.
const observer = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
const routable = demoRequests.filter((r) => r.channel === 'hotline-12345' && r.address && !r.address.includes('火星'));

async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/** Items by key, read straight from a table, 100 a request (the unprocessed ones again). */
async function storedItems(table: string, keys: readonly Record<string, string>[], projection?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] = keys.slice(i, i + 100);
    while (batch.length > 0) {
      const out = await observer.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: batch, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } } }));
      items.push(...(out.Responses?.[table] ?? []));
      batch = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
}

/** When reporting last updated each case's projection, less when the case was received. */
async function reportingLatencies(cases: Schemas['SubmitAccepted'][]): Promise<number[]> {
  const records = await storedItems(stack.tableNames.reporting, cases.map((c) => ({ pk: `CASE#${c.caseId}`, sk: 'RECORD' })), 'receivedAt, projectedAt');
  return records
    .filter((r) => typeof r.projectedAt === 'string' && typeof r.receivedAt === 'string')
    .map((r) => Date.parse(r.projectedAt as string) - Date.parse(r.receivedAt as string))
    .sort((a, b) => a - b);
}

interface CaseHistory {
  receivedAt: string;
  history: { status: string; at: string }[];
}

/**
 * Cases as intake holds them (what `GET /v1/requests/{id}` answers), read straight from its
 * table. Following 2,000 cases through the API would cost the machine being measured 2,000
 * function invocations every pass, competing with the pipeline it measures.
 */
async function casesAsStored(caseIds: readonly string[]): Promise<Map<string, CaseHistory>> {
  const items = await storedItems(stack.tableNames.intake, caseIds.map((id) => ({ pk: `CASE#${id}`, sk: 'CASE' })));
  return new Map(items.map((item) => [String(item.pk).slice('CASE#'.length), unpackedItem(item) as unknown as CaseHistory]));
}

interface Routed {
  accepted: Schemas['SubmitAccepted'][];
  /** 202 → routed, by the server's own timestamps, sorted. */
  toRouted: number[];
  /** Request sent → 202 answered, as the client saw it, sorted. */
  toAccepted: number[];
  acceptedMs: number;
  elapsedMs: number;
}

/**
 * Submits every body and follows each case until it is routed: to a department or mediator, to
 * triage, or linked to an open case as a repeat (重复件). Closed loop by default: the run's
 * concurrency keeps that many requests in flight, as fast as the system answers (its throughput,
 * and latency at saturation). With `ratePerSecond`, open loop: requests arrive at that mean
 * rate (Poisson, a fixed seed) whatever the system is doing, as citizens' calls do: latency at a
 * stated load. Latency is the server's own timestamps; `elapsedMs` runs from the first request
 * to the moment the last case was routed (its history's time).
 */
async function submitAndRoute(bodies: readonly Schemas['SubmitRequest'][], label = '', ratePerSecond = 0): Promise<Routed> {
  const started = Date.now();
  const accepting = progress(`${label}accepted`, bodies.length);
  const toAccepted: number[] = [];
  const submit = async (i: number) => {
    const sent = performance.now();
    const { data, response } = await as(info.apiKey).POST('/v1/requests', { body: bodies[i]! });
    if (!data) throw new Error(`submit failed: HTTP ${response.status}`);
    toAccepted.push(performance.now() - sent);
    accepting.tick();
    return data;
  };
  const accepted = ratePerSecond > 0 ? await arriving(bodies.length, ratePerSecond, submit) : await pool(bodies.length, concurrency, submit);
  accepting.done();
  const acceptedMs = Date.now() - started;
  const pending = new Map(accepted.map((a) => [a.caseId, a]));
  const toRouted: number[] = [];
  const deadline = Date.now() + 10 * 60_000;
  const routing = progress(`${label}routed`, bodies.length);
  let lastRouted = started;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [id, stored] of await casesAsStored([...pending.keys()])) {
      const reached = stored.history.find((h) => ['dispatched', 'mediation-opened', 'triage', 'linked'].includes(h.status));
      if (!reached) continue;
      toRouted.push(Date.parse(reached.at) - Date.parse(stored.receivedAt));
      lastRouted = Math.max(lastRouted, Date.parse(reached.at));
      pending.delete(id);
      routing.tick();
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 200));
  }
  routing.done();
  if (pending.size > 0) throw new Error(`${pending.size} cases never reached dispatch`);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  return { accepted, toRouted: sorted(toRouted), toAccepted: sorted(toAccepted), acceptedMs, elapsedMs: lastRouted - started };
}

/**
 * Runs `task` for 0…count−1, each started at its own arrival time, arrivals a Poisson process of
 * `ratePerSecond` (exponential gaps from a fixed seed: every run offers the same load), never
 * waiting for an earlier task to end.
 */
async function arriving<T>(count: number, ratePerSecond: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const uniform = seededRandom(0x9e3779b9);
  const started = performance.now();
  let at = 0;
  const running: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    at += (-Math.log(1 - uniform()) / ratePerSecond) * 1000;
    const wait = started + at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(task(i));
  }
  return Promise.all(running);
}

const requestBody = (sample: (typeof routable)[number], location: Schemas['SubmitRequest']['location'] = { address: sample.address }): Schemas['SubmitRequest'] => ({
  channel: sample.channel,
  kind: sample.kind,
  title: sample.title,
  description: sample.description,
  location,
  attachments: [],
});

/** Waits until reporting's summary over a window from `from` holds `count` cases as routed (counted once each). */
async function untilCounted(from: string, count: number): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const { data } = await as(operatorKey).GET('/v1/reports/summary', { params: { query: { from } } });
    const s = data?.byStatus ?? {};
    if ((s['dispatched'] ?? 0) + (s['mediation-opened'] ?? 0) + (s['triage'] ?? 0) + (s['linked'] ?? 0) >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`reporting did not count ${count} cases within 10 minutes`);
}

/** `count` hotline requests, the demo's routable samples in turn. */
const routableBodies = (count: number) => Array.from({ length: count }, (_, i) => requestBody(routable[i % routable.length]!));

async function systemRun(): Promise<{ casesPerSecond: number; toDispatched: number[]; toReporting: number; toReportingEach: number[] }> {
  const started = Date.now();
  const { accepted, toRouted: toDispatched, acceptedMs, elapsedMs } = await submitAndRoute(routableBodies(total));
  console.log(`  accepted ${total} in ${fmt(acceptedMs)} (${((total * 1000) / acceptedMs).toFixed(0)} req/s)`);

  console.log('  waiting until reporting has counted every case…');
  await untilCounted(new Date(started - 1000).toISOString(), total);
  const reportedAt = Date.now();
  return {
    casesPerSecond: (total * 1000) / elapsedMs,
    toDispatched,
    toReporting: reportedAt - started,
    toReportingEach: await reportingLatencies(accepted),
  };
}

/** The least a case costs the emulators: three item writes and two queue hops (send, receive, delete). */
async function floorRun(local: LocalInfo): Promise<number> {
  if (!local.endpoints) throw new Error('local.json has no endpoints; restart npm start');
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamo = new DynamoDBClient({ endpoint: local.endpoints.dynamodb, region: 'us-east-1', credentials });
  const sqs = new SQSClient({ endpoint: local.endpoints.sqs, region: 'us-east-1', credentials });
  const table = `bench-floor-${Date.now()}`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );
  const queues = await Promise.all(
    ['a', 'b'].map(async (n) => (await sqs.send(new CreateQueueCommand({ QueueName: `${table}-${n}` }))).QueueUrl!),
  );
  const hop = async (queueUrl: string, body: string) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    for (;;) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0 }));
      const message = got.Messages?.[0];
      if (message) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
        return;
      }
    }
  };
  const put = (pk: string, sk: string) =>
    dynamo.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { S: sk }, body: { S: 'x'.repeat(600) } } }));
  const started = Date.now();
  await pool(total, concurrency, async () => {
    const id = randomUUID();
    await put(id, 'CASE');
    await hop(queues[0]!, id);
    await put(id, 'ORDER');
    await hop(queues[1]!, id);
    await put(id, 'PROJECTION');
  });
  const elapsed = Date.now() - started;
  await dynamo.send(new DeleteTableCommand({ TableName: table }));
  await Promise.all(queues.map((q) => sqs.send(new DeleteQueueCommand({ QueueUrl: q }))));
  return (total * 1000) / elapsed;
}

console.log(`govflow bench: ${total} cases, concurrency ${concurrency}, region ${region.id}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`);
console.log(`  the local system started in ${fmt(startMs)}`);
console.log(`\n1. Speed: ${total} requests through the pipeline (POST → 202 → dispatch → reporting, real HTTP, SQS, DynamoDB)…`);
const system = await systemRun();
console.log(`2. The floor: 3 item writes + 2 queue hops per case on the same servers, same concurrency…`);
const floor = await floorRun(info);
const ms = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(0));
/** A latency table's row: p50, p95, p99 and max of sorted values. */
const latencyRow = (label: string, sorted: number[]) => [label, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(percentile(sorted, 99)), ms(sorted.at(-1) ?? NaN)];
console.log(
  '\n' +
    formatTable(
      ['latency (ms)', 'p50', 'p95', 'p99', 'max'],
      [latencyRow('202 → dispatched', system.toDispatched), latencyRow('202 → final in reporting', system.toReportingEach)],
    ),
);
console.log(
  '\n' +
    formatTable(
      ['throughput', 'cases/s'],
      [
        [`pipeline (accept to dispatched, all ${total})`, system.casesPerSecond.toFixed(1)],
        ['floor (3 item writes + 2 queue hops)', floor.toFixed(1)],
        ['ratio pipeline / floor', (system.casesPerSecond / floor).toFixed(2)],
      ],
    ),
);
console.log(`  all counted by reporting ${fmt(system.toReporting)} after the first request`);

const rate = Number(values.rate);
if (rate > 0) {
  console.log(`\n1b. Latency at a stated load: ${total} requests arriving at ${rate} a second (Poisson, open loop: whatever the system is doing)…`);
  const steadyFrom = new Date(Date.now() - 1000).toISOString();
  const steady = await submitAndRoute(routableBodies(total), 'steady: ', rate);
  console.log(
    formatTable(
      [`latency at ${rate}/s (ms)`, 'p50', 'p95', 'p99', 'max'],
      [latencyRow('request → 202', steady.toAccepted), latencyRow('202 → dispatched', steady.toRouted)],
    ),
  );
  console.log(`  offered ${rate.toFixed(1)} a second, accepted at ${((total * 1000) / steady.acceptedMs).toFixed(1)} (${(rate / system.casesPerSecond).toFixed(2)} of the pipeline's throughput above)`);
  await untilCounted(steadyFrom, total);
}

const burst = Number(values.burst);
if (burst > 0) {
  // One grid of each village: a different sample at a different village is a matter of its own, never a repeat.
  const villages = [...new Map(region.grids.map((g) => [g.villageId, g.id])).values()];
  const different = Array.from({ length: burst }, (_, i) => requestBody(routable[i % routable.length]!, { gridId: villages[Math.floor(i / routable.length) % villages.length]! }));
  const identical = Array.from({ length: burst }, () => requestBody(routable[0]!));
  console.log(`\n3. A burst: ${burst} different reports, then ${burst} identical ones (a burst water main: each repeat is linked to the first)…`);
  const burstFrom = new Date(Date.now() - 1000).toISOString();
  const apart = await submitAndRoute(different, 'different: ');
  const alike = await submitAndRoute(identical, 'identical: ');
  console.log(
    formatTable(
      ['burst', 'first request to last routed', 'p50', 'p99'],
      [
        [`${burst} different`, fmt(apart.elapsedMs), fmt(percentile(apart.toRouted, 50)), fmt(percentile(apart.toRouted, 99))],
        [`${burst} identical`, fmt(alike.elapsedMs), fmt(percentile(alike.toRouted, 50)), fmt(percentile(alike.toRouted, 99))],
      ],
    ),
  );
  console.log(`  identical / different: ${(alike.elapsedMs / apart.elapsedMs).toFixed(2)}× (target ≤ 3×)`);
  // Reporting still works through the burst's events; metering starts only when it is done.
  await untilCounted(burstFrom, 2 * burst);
}

const paceSeconds = Number(values.pace);
console.log(
  `\nCost: ${lifeCount} full lives, metered (every DynamoDB, SQS and function call of the system), ${paceSeconds > 0 ? `at a city's pace: ${paceSeconds} s between a case's steps, every life at once` : "each life's steps back to back, 8 lives at a time"}…`,
);
const run = await costRun({ stack, meter, region, cases: lifeCount, stepGapMs: paceSeconds * 1000, onProgress: (text) => process.stdout.write(`\r  ${text}   `) });
console.log(`\n  ${Object.entries(run.lives).map(([life, n]) => `${n} ${life}`).join(', ')} in ${run.seconds.toFixed(0)} s`);
const { stages: actual, scheduled } = byStage(run.snapshot);
const minimal = minimalDesign(actual, run.snapshot, run.apiWrites, itemKilobytes(run.snapshot));
const perCase = (n: number) => n / run.cases;
const row = (label: string, c: (typeof actual)[keyof typeof actual]) => [
  label,
  perCase(c.writeUnits).toFixed(1),
  perCase(c.indexWriteUnits).toFixed(1),
  perCase(c.readUnits).toFixed(1),
  perCase(c.sqsRequests).toFixed(1),
  perCase(c.invocations).toFixed(1),
  perCase(c.gbSeconds).toFixed(3),
  (perCase(dollars(c)) * 1e6).toFixed(2),
];
const sum = (byStageCost: typeof actual) => {
  const t = { ...byStageCost.intake };
  for (const s of stages.slice(1)) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += byStageCost[s][k];
  return t;
};
console.log(`\nPer case, at list prices of ${prices.asOf} (${prices.region}; scripts/aws-prices.json):`);
const totalActual = sum(actual);
const totalMinimal = sum(minimal);
console.log(
  formatTable(
    ['stage', 'WRU', 'index WRU', 'RRU', 'SQS requests', 'invocations', 'GB-s', '$ per million cases'],
    [...stages.map((s) => row(s, actual[s])), row('total', totalActual), row('minimal design', totalMinimal)],
  ),
);
const cancelled = totalActual.cancelledTransactions;
// Both designs are charged the same measured GB-seconds, which a loaded machine inflates; without them the ratio does not move with load.
const unitDollars = (c: typeof totalActual) => dollars(c) - c.gbSeconds * prices.lambdaGbSecond;
console.log(
  `  ratio to the minimal design: ${(dollars(totalActual) / dollars(totalMinimal)).toFixed(2)}× (without GB-seconds, which move with the machine's load: $${(perCase(unitDollars(totalActual)) * 1e6).toFixed(2)} against $${(perCase(unitDollars(totalMinimal)) * 1e6).toFixed(2)} per million, ${(unitDollars(totalActual) / unitDollars(totalMinimal)).toFixed(2)}×)`,
);
console.log(
  `  transactions ${perCase(totalActual.transactions).toFixed(1)} per case, cancelled ${cancelled} (${totalActual.transactions ? ((100 * cancelled) / totalActual.transactions).toFixed(1) : '0'}%), costing ${perCase(totalActual.cancelledWriteUnits).toFixed(1)} WRU per case (${stages.map((s) => `${s} ${perCase(actual[s].cancelledWriteUnits).toFixed(1)}`).join(', ')})`,
);
console.log(
  `  left out as fixed costs (per minute, not per case): the scheduled functions (${scheduled.invocations} invocations, ${scheduled.writeUnits + scheduled.indexWriteUnits} WRU, ${scheduled.readUnits} RRU in ${run.seconds.toFixed(0)} s, at AWS's rates), ${totalActual.emptyReceives} empty receives of the local pollers (Lambda long-polls)`,
);
console.log(`  API requests ${perCase(totalActual.apiRequests).toFixed(1)} per case`);
console.log(
  `  invocations per case by function: ${Object.entries(run.snapshot.functions)
    .filter(([, f]) => perCase(f.invocations) >= 0.05)
    .sort(([, a], [, b]) => b.invocations - a.invocations)
    .map(([id, f]) => `${id} ${perCase(f.invocations).toFixed(2)}`)
    .join(', ')}`,
);
console.log(
  `  read units per case by function: ${readsByFunction(run.snapshot)
    .filter(([, units]) => perCase(units) >= 0.05)
    .map(([id, units]) => `${id} ${perCase(units).toFixed(1)}`)
    .join(', ')}`,
);
console.log(`  index WRU per case by index: ${indexWrites(run.snapshot).map(([index, units]) => `${index} ${perCase(units).toFixed(1)}`).join(', ')}`);
const writeCounts = itemWriteCounts(run.snapshot);
console.log(
  `  item WRU per case by kind of item (writes per case): ${itemWrites(run.snapshot)
    .filter(([, units]) => perCase(units) >= 0.05)
    .map(([kind, units]) => `${kind} ${perCase(units).toFixed(1)} (${perCase(writeCounts.get(kind) ?? 0).toFixed(1)})`)
    .join(', ')}`,
);
await stack.stop();
rmSync(dataDir, { recursive: true, force: true });
