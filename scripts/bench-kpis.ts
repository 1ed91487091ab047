/**
 * `npm run bench:kpis -- [--cases 1000000] [--days 365] [--queries 200] [--data DIR]`
 *
 * With `--data DIR` the seeded table is kept in DIR and a later run with the same DIR (and
 * the same --cases and --days) skips seeding: a million cases take most of an hour to seed.
 *
 * Seeds a reporting table with N synthetic cases (a year of a city's requests: work orders
 * with returns, extensions, reopenings and 督办, disputes with escalations and agreements),
 * every event run through the reporting consumer's own projection code (`project`); the
 * counter changes are summed in memory and the records and counters written in batches,
 * so seeding takes minutes rather than the hours one transaction per event would. Then it
 * measures KPI queries through the reporting API code against the counters, and the same
 * figures computed by a full scan of the case records, in the same run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AnyEvent, KpiReport } from '@govflow/contracts';
import { startEmbeddedServers } from '@govflow/local/servers';
import { ensureTables, tableName } from '@govflow/local/resources';
import { loadRegion, areaChain } from '@govflow/regions';
import { createReportingApi } from '@govflow/reporting/app/api';
import { sealDigests } from '@govflow/reporting/app/digests';
import { counterKey, ReportingRepository, storedRecordOf } from '@govflow/reporting/adapters/repository';
import { addCounts, contribution, type Counts } from '@govflow/reporting/domain/figures';
import { kpiGroups, rowsFromRecords } from '@govflow/reporting/domain/kpis';
import { project, type Projection } from '@govflow/reporting/domain/projector';
import { seededRandom } from './seeded-random';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, days: { type: 'string', default: '365' }, queries: { type: 'string', default: '200' }, data: { type: 'string' } } });
const total = Number(values.cases);
const days = Number(values.days);
const queries = Number(values.queries);
const region = loadRegion('wuhai');
const start = Date.parse('2026-01-01T00:00:00+08:00');

const rand = seededRandom(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const iso = (ms: number) => new Date(ms).toISOString();
const hour = 3_600_000;
const minors = region.taxonomy.minors.filter((m) => m.major !== 'dispute');
const departments = region.departments;
const channels = ['hotline-12345', 'hotline-12345', 'hotline-12345', 'mini-program', 'grid-worker-app', 'web', 'mayor-mailbox'] as const;

/** One synthetic case's events, as dispatch and mediation would emit them (already valid by construction). */
function storyOf(i: number): AnyEvent[] {
  const caseId = `B${i}`;
  const received = start + Math.floor((i / total) * days * 86_400_000) + Math.floor(rand() * 3_600_000);
  const grid = pick(region.grids);
  const jurisdiction = { ...areaChain(region, grid.villageId), gridId: grid.id, resolvedBy: 'grid-id' as const };
  const receivedAt = iso(received);
  const events: AnyEvent[] = [];
  let at = received;
  const push = (type: string, version: number, payload: Record<string, unknown>, when = at) =>
    events.push({ eventId: `${caseId}-${events.length}`, type, version, occurredAt: iso(when), region: 'wuhai', caseId, traceId: caseId, payload: { partnerId: 'hotline-12345', receivedAt, ...payload } } as AnyEvent);
  const dispute = rand() < 0.08;
  push('case.received', 1, { caseNumber: caseId, channel: pick(channels), kind: dispute ? 'dispute' : pick(['complaint', 'help', 'inquiry', 'report', 'suggestion']), title: 't', description: 'd', location: { gridId: grid.id }, attachmentCount: 0 });
  if (dispute) {
    const tiers = ['village', 'town', 'district'] as const;
    let tier = 0;
    let sequence = 0;
    const step = (type: string, to: string, extra: Record<string, unknown> = {}) => {
      at += rand() * 48 * hour;
      push(type, type === 'mediation.opened' ? 2 : 1, { disputeId: `D${i}`, code: `D${i}`, sequence: ++sequence, to, by: { id: 'm', role: 'mediator' }, tier: tiers[tier], centreId: 'c', centreName: 'c', disputeType: 'neighbour', source: 'case', riskFlags: rand() < 0.05 ? ['group'] : [], partyCount: 2, jurisdiction, openedAt: receivedAt, ...extra });
    };
    step('mediation.opened', 'assigned');
    step('mediation.accepted', 'accepted');
    if (rand() < 0.25) {
      tier = 1;
      step('mediation.escalated', 'accepted', { escalation: { fromTier: 'village', toTier: 'town', cause: 'session-failed' } });
    }
    if (rand() < 0.8) {
      step('mediation.agreed', 'agreed');
      if (rand() < 0.3) step('mediation.judicial-recorded', 'agreed', { judicial: { outcome: 'confirmed' } });
      step('mediation.closed', 'closed');
    } else step('mediation.referred-to-court', 'referred-to-court');
    return events;
  }
  const minor = pick(minors);
  at += 60_000;
  push('case.classified', 1, { kind: 'complaint', major: minor.major, minor: minor.code, minorName: minor.name, confidence: 0.9, route: 'workorder', jurisdiction });
  if (rand() < 0.05) {
    push('case.linked-as-repeat', 1, { originalCaseId: `B${Math.max(0, i - 10)}`, originalCaseNumber: 'x', repeatCount: 1, major: minor.major, minor: minor.code, jurisdiction });
    return events;
  }
  const department = pick(departments).id;
  let signDeadline = iso(at + 24 * hour);
  const resolveDeadline = iso(at + 7 * 86_400_000);
  push('workorder.dispatched', 1, { workOrderId: caseId, major: minor.major, minor: minor.code, departmentId: department, departmentName: 'x', coHandlerIds: [], jurisdiction, signDeadline, resolveDeadline });
  let sequence = 0;
  const step = (type: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
    push(type, 1, { workOrderId: caseId, sequence: ++sequence, from, to, by: { id: 'u', role: 'department' }, departmentId: department, departmentName: 'x', signDeadline, resolveDeadline, escalated: false, ...extra });
  if (rand() < 0.08) {
    at += rand() * 4 * hour;
    step('workorder.returned', 'dispatched', 'returned');
    at += rand() * 2 * hour;
    signDeadline = iso(at + 24 * hour);
    step('workorder.transferred', 'returned', 'dispatched');
  }
  if (rand() < 0.06) return events;
  at += rand() * 30 * hour;
  step('workorder.signed', 'dispatched', 'signed');
  if (rand() < 0.1) {
    at += rand() * 48 * hour;
    push('workorder.supervised', 1, { workOrderId: caseId, level: 'overdue', deadlineKind: 'resolve', deadline: resolveDeadline, departmentId: department, departmentName: 'x', status: 'signed' }, Date.parse(resolveDeadline) + 60_000);
    if (rand() < 0.5) return events;
  }
  at += rand() * 6 * 86_400_000;
  step('workorder.resolved', 'signed', 'resolved');
  at += rand() * 24 * hour;
  step('workorder.verified', 'resolved', 'verified');
  at += rand() * 24 * hour;
  const r = rand();
  if (r < 0.08) {
    step('workorder.rated', 'verified', 'signed', { rating: 'unsatisfied' });
    at += rand() * 3 * 86_400_000;
    step('workorder.resolved', 'signed', 'resolved');
    step('workorder.verified', 'resolved', 'verified');
  }
  step('workorder.rated', 'verified', 'closed', { rating: r < 0.85 ? 'satisfied' : 'basically-satisfied' });
  return events;
}

function progress(label: string, done: number, of: number, startedAt: number) {
  const width = 30;
  const filled = Math.min(width, Math.round((done / of) * width));
  const rate = done / ((Date.now() - startedAt) / 1000 || 1);
  process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${of} ${Math.round(rate)}/s   `);
}

async function batchWrite(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
  }
}

async function pooled<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>, onDone: (n: number) => void) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        await task(items[next++]!);
        onDone(++done);
      }
    }),
  );
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  console.log(`Reporting KPI benchmark: ${total} cases over ${days} days, ${cpus().length} cores (${cpus()[0]?.model.trim()})`);
  // On disk (LevelDB), so a million records do not sit on the heap that serves the queries.
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'govflow-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const seededMarker = join(dataDir, 'seeded.json');
  const seededAs = JSON.stringify({ cases: total, days });
  const alreadySeeded = existsSync(seededMarker) && readFileSync(seededMarker, 'utf8') === seededAs;
  const servers = await startEmbeddedServers({ dynamodbPath: dataDir });
  const dynamo = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 10 });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  // A table seeded by an earlier version may lack a newer index; nothing here reads it.
  const table = alreadySeeded ? tableName('bench', 'reporting') : (await ensureTables(dynamo, 'bench')).reporting;
  const repository = new ReportingRepository(doc, table);

  if (alreadySeeded) console.log(`  reusing the table seeded in ${dataDir}`);
  else {
    // 1. Project every event with the consumer's code; sum the counter changes.
    const counters = new Map<string, Counts>();
    let eventCount = 0;
    let recordBatch: Record<string, unknown>[] = [];
    const flushes: Promise<void>[] = [];
    let started = Date.now();
    for (let i = 0; i < total; i++) {
      let projection: Projection | undefined;
      for (const event of storyOf(i)) {
        eventCount++;
        for (;;) {
          const step = project(projection, event, region, 22);
          for (const [id, counts] of step.delta) counters.set(id, addCounts(counters.get(id) ?? {}, counts));
          projection = step.next;
          if (step.complete) break;
        }
      }
      recordBatch.push(repository.saveRecord(projection!, undefined).Put!.Item!);
      if (recordBatch.length === 25) {
        flushes.push(batchWrite(doc, table, recordBatch));
        recordBatch = [];
        if (flushes.length >= 16) await Promise.all(flushes.splice(0));
      }
      if (i % 1000 === 0) progress('seeding cases   ', i, total, started);
    }
    flushes.push(batchWrite(doc, table, recordBatch));
    await Promise.all(flushes);
    progress('seeding cases   ', total, total, started);
    const seedSeconds = (Date.now() - started) / 1000;
    console.log(`\n  ${eventCount} events projected in ${seedSeconds.toFixed(0)} s`);

    // 2. Write the summed counters.
    // Hotspot and cluster cells (by hour, by grid × minor) feed the warner, not KPI queries: not written here.
    const counterItems = [...counters].filter(([id]) => !id.startsWith('hotspot#') && !id.startsWith('cluster#')).map(([id, counts]) => ({ ...counterKey(id), ...counts }));
    counters.clear();
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < counterItems.length; i += 25) chunks.push(counterItems.slice(i, i + 25));
    started = Date.now();
    await pooled(chunks, 8, (chunk) => batchWrite(doc, table, chunk), (n) => n % 200 === 0 && progress('writing counters', n * 25, counterItems.length, started));
    progress('writing counters', counterItems.length, counterItems.length, started);
    console.log(`\n  ${counterItems.length} counter items in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    writeFileSync(seededMarker, seededAs);
  }

  // 3. Digests of the closed days, as the scheduled job would have made them day by day (a back-fill here).
  // The day after the last, at ten in the morning: a query in office hours.
  const now = new Date(start + days * 86_400_000 + 10 * hour);
  const firstDayOfData = new Date(start + 8 * hour).toISOString().slice(0, 10);
  const sealStarted = Date.now();
  let sealedDays = 0;
  const sealing = await sealDigests({ region, repository }, { now, from: firstDayOfData, onDay: () => progress('sealing digests ', ++sealedDays, days - 1, sealStarted) });
  console.log(`\n  ${sealing.sealed} digests (days and months × ${10} dimensions) in ${((Date.now() - sealStarted) / 1000).toFixed(0)} s`);

  // 4. KPI queries through the API code, against the counters (after a collection, so seeding's garbage does not pause them).
  (globalThis as { gc?: () => void }).gc?.();
  const api = createReportingApi({
    region,
    repository,
    logger: new Logger({ logLevel: 'ERROR' }),
    now: () => now,
  });
  // Called as the gateway would after its authorizer vouched for an analyst.
  const requestContext = { authorizer: { lambda: { partnerId: 'bench', role: 'analyst', credential: 'token' } } };
  const lastDay = new Date(start + (days - 1) * 86_400_000 + 8 * hour).toISOString().slice(0, 10);
  const firstDay = new Date(start + 8 * hour).toISOString().slice(0, 10);
  const ask = async (query: Record<string, string>) => {
    const t0 = performance.now();
    const res = await api({ routeKey: 'GET /v1/reports/kpis', rawPath: '/v1/reports/kpis', headers: {}, requestContext, queryStringParameters: query } as never);
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`query failed: ${res.statusCode} ${String(res.body)}`);
    return { ms, report: JSON.parse(res.body as string) as KpiReport };
  };
  const shapes = [
    { label: `whole range (${days} d) by district`, query: { from: firstDay, to: lastDay, groupBy: 'district' } },
    { label: `whole range by month`, query: { from: firstDay, to: lastDay, groupBy: 'month' } },
    { label: 'last 30 days by department', query: { from: new Date(Date.parse(`${lastDay}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10), to: lastDay, groupBy: 'department' } },
  ];
  const results: Record<string, number[]> = {};
  for (const shape of shapes) {
    await ask(shape.query);
    results[shape.label] = [];
    for (let q = 0; q < queries; q++) results[shape.label]!.push((await ask(shape.query)).ms);
  }
  const counted = (await ask(shapes[0]!.query)).report;
  // The same queries read from the live counter items only (the design before digests), fewer runs.
  const liveResults: Record<string, number[]> = {};
  let digestsAgree = true;
  for (const shape of shapes) {
    const dimension = shape.query.groupBy === 'month' ? 'district' : (shape.query.groupBy as 'district' | 'department');
    const viaApi = (await ask(shape.query)).report.total;
    liveResults[shape.label] = [];
    for (let q = 0; q < Math.max(5, Math.floor(queries / 4)); q++) {
      const t0 = performance.now();
      const live = kpiGroups(region, await repository.counters(dimension, shape.query.from, shape.query.to, { months: true, digests: false }), shape.query.groupBy as 'district').total;
      liveResults[shape.label]!.push(performance.now() - t0);
      if (q === 0 && JSON.stringify(live) !== JSON.stringify(viaApi)) digestsAgree = false;
    }
  }

  // Printed now: the scan below takes long on a big table.
  console.log(`\nKPI query through the API code, ${queries} runs each (ms):`);
  for (const [label, times] of Object.entries(results)) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  ${label.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)}`);
  }
  console.log(`The same from live counter items only (no digests), ${Math.max(5, Math.floor(queries / 4))} runs each (ms):`);
  for (const [label, times] of Object.entries(liveResults)) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  ${label.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)}`);
  }
  console.log(`Digests and live items agree: ${digestsAgree ? 'yes' : 'NO'}`);

  // 5. The same figures by a full scan of the case records, summed page by page (a million records do not fit on the heap at once).
  const scanStarted = Date.now();
  const scannedRows = new Map<string, { value: string; day: string; counts: Counts }>();
  let scannedRecords = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, FilterExpression: 'begins_with(pk, :case)', ExpressionAttributeValues: { ':case': 'CASE#' }, ExclusiveStartKey: startKey }));
    const pageRows = rowsFromRecords((page.Items ?? []).map((item) => contribution(storedRecordOf(item).record, region)), 'district', firstDay, lastDay);
    for (const row of pageRows) {
      const key = `${row.day}|${row.value}`;
      const into = scannedRows.get(key) ?? { value: row.value, day: row.day, counts: {} };
      addCounts(into.counts, row.counts);
      scannedRows.set(key, into);
    }
    scannedRecords += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
    progress('full scan       ', scannedRecords, total, scanStarted);
  } while (startKey);
  const scanned = kpiGroups(region, [...scannedRows.values()], 'district');
  const scanMs = Date.now() - scanStarted;
  console.log();

  const same = JSON.stringify(scanned.total) === JSON.stringify(counted.total);
  const p99 = percentile([...results[shapes[0]!.label]!].sort((a, b) => a - b), 99);
  console.log(`Full scan of ${scannedRecords} case records for the same figures: ${scanMs} ms (ratio to the counters' p99: ${Math.round(scanMs / p99)}×)`);
  console.log(`Counters and scan agree: ${same ? 'yes' : 'NO'} (received ${counted.total.received}, satisfaction ${JSON.stringify(counted.total.satisfactionRate)})`);

  // 6. The legacy summary (current status of every case received in a range) reads every case of its range, whatever the counters hold.
  const summaryFrom = new Date(start).toISOString();
  const summaryTo = new Date(start + days * 86_400_000 - 1).toISOString();
  const summaryStarted = performance.now();
  const summary = await api({ routeKey: 'GET /v1/reports/summary', rawPath: '/v1/reports/summary', headers: {}, requestContext, queryStringParameters: { from: summaryFrom, to: summaryTo } } as never);
  const summaryMs = performance.now() - summaryStarted;
  if (summary.statusCode !== 200) throw new Error(`summary failed: ${summary.statusCode} ${String(summary.body)}`);
  const summarized = (JSON.parse(summary.body as string) as { total: number }).total;
  console.log(
    `The legacy summary of the whole range: ${summarized} cases in ${summaryMs.toFixed(0)} ms (${Math.round((summarized * 1000) / summaryMs)} cases a second)`,
  );
  await servers.close();
  if (!values.data) rmSync(dataDir, { recursive: true, force: true });
  if (!same || !digestsAgree) process.exitCode = 1;
}

await main();
