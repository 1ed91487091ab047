/**
 * The cost half of `npm run bench`: full lives of a realistic mix of cases through a metered
 * local system, then what each case is billed for, per stage, at the list prices in
 * `scripts/aws-prices.json`, beside a minimal design computed from the same run.
 *
 * The benchmark follows cases by reading the tables with its own client, which the meter
 * does not count (it counts only requests from the system's functions and queue pollers):
 * its watching is not part of a case's cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueNames, queueOwners, stages, type Stage } from '@govflow/contracts';
import { unpackedItem } from '@govflow/platform';
import { functions } from '@govflow/infra/manifest';
import type { LocalStack } from '@govflow/local/stack';
import type { Meter, MeterSnapshot } from '@govflow/local/metering';
import type { RegionConfig } from '@govflow/contracts';
import { clientsFor, type Schemas } from './api-client';
import { demoRequests } from './demo-requests';

interface Prices {
  asOf: string;
  region: string;
  dynamodbWriteRequestUnit: number;
  dynamodbReadRequestUnit: number;
  sqsRequest: number;
  sqsFifoRequest: number;
  lambdaRequest: number;
  lambdaGbSecond: number;
  httpApiRequest: number;
}

export const prices = JSON.parse(readFileSync(join(import.meta.dirname, 'aws-prices.json'), 'utf8')) as Prices;

interface StageCost {
  writeUnits: number;
  /** Of the write units, those of transactions cancelled (a condition failed): paid for, then retried. */
  cancelledWriteUnits: number;
  indexWriteUnits: number;
  readUnits: number;
  transactions: number;
  cancelledTransactions: number;
  sqsRequests: number;
  /** Of the queue requests, those to FIFO queues (priced higher). */
  sqsFifoRequests: number;
  emptyReceives: number;
  invocations: number;
  gbSeconds: number;
  apiRequests: number;
}

const zero = (): StageCost => ({ writeUnits: 0, cancelledWriteUnits: 0, indexWriteUnits: 0, readUnits: 0, transactions: 0, cancelledTransactions: 0, sqsRequests: 0, sqsFifoRequests: 0, emptyReceives: 0, invocations: 0, gbSeconds: 0, apiRequests: 0 });

export function dollars(c: StageCost): number {
  return (
    (c.writeUnits + c.indexWriteUnits) * prices.dynamodbWriteRequestUnit +
    c.readUnits * prices.dynamodbReadRequestUnit +
    (c.sqsRequests - c.sqsFifoRequests) * prices.sqsRequest +
    c.sqsFifoRequests * prices.sqsFifoRequest +
    c.invocations * prices.lambdaRequest +
    c.gbSeconds * prices.lambdaGbSecond +
    c.apiRequests * prices.httpApiRequest
  );
}

const stageOfFunction = new Map(functions.map((f) => [f.id, f.stage]));
const scheduled = new Set(functions.filter((f) => f.role === 'sweeper').map((f) => f.id));
/** The stage whose function consumes a queue (the callbacks queue is intake's). */
const stageOfQueue = (queue: string): Stage | undefined => {
  const name = queueNames.find((q) => queue.endsWith(`-${q}`) || queue.endsWith(`-${q}.fifo`));
  return name && queueOwners[name];
};

/**
 * Per stage, from a meter snapshot: DynamoDB by the function that called, SQS sends by the
 * sender, receives and deletes by the queue's stage, invocations of every function but the
 * scheduled ones (a fixed cost per minute, not per case: reported apart). The stream relays
 * are invoked by the changes they send, so they count with their stage, like any consumer.
 */
export function byStage(snapshot: MeterSnapshot): { stages: Record<Stage, StageCost>; scheduled: StageCost } {
  const out = Object.fromEntries(stages.map((s) => [s, zero()])) as Record<Stage, StageCost>;
  // The scheduled functions (supervisor, duties, callback retries, erasures, warner, daily) run on
  // EventBridge schedules: their cost is per minute, not per case.
  const fixed = zero();
  const target = (caller: string) => (scheduled.has(caller) ? fixed : out[stageOfFunction.get(caller)!]);
  for (const [caller, tables] of Object.entries(snapshot.dynamodb)) {
    if (!stageOfFunction.has(caller)) continue;
    const into = target(caller);
    for (const t of Object.values(tables)) {
      into.writeUnits += t.writeUnits;
      into.cancelledWriteUnits += t.cancelledWriteUnits;
      into.indexWriteUnits += t.indexWriteUnits;
      into.readUnits += t.readUnits;
      into.transactions += t.transactions;
      into.cancelledTransactions += t.cancelledTransactions;
    }
  }
  for (const [caller, queues] of Object.entries(snapshot.sqs)) {
    for (const [queue, q] of Object.entries(queues)) {
      const stage = stageOfFunction.get(caller) ?? stageOfQueue(queue);
      if (!stage) continue;
      const into = scheduled.has(caller) ? fixed : out[stage];
      // Lambda's event source mapping long-polls: its empty receives cost per minute, not per case.
      into.sqsRequests += q.sends + q.receives + q.deletes + q.other;
      if (queue.endsWith('.fifo')) into.sqsFifoRequests += q.sends + q.receives + q.deletes + q.other;
      into.emptyReceives += q.emptyReceives;
    }
  }
  for (const [id, f] of Object.entries(snapshot.functions)) {
    const stage = stageOfFunction.get(id);
    if (!stage) continue;
    const into = scheduled.has(id) ? fixed : out[stage];
    into.invocations += f.invocations;
    into.gbSeconds += f.gbSeconds;
  }
  for (const [id, n] of Object.entries(snapshot.apiRequests)) {
    const stage = stageOfFunction.get(id);
    if (stage) out[stage].apiRequests += n;
  }
  return { stages: out, scheduled: fixed };
}

/** Index write units of the per-case work, by stage and index (`intake.changes`), largest first. */
export function indexWrites(snapshot: MeterSnapshot): [string, number][] {
  return sumsByStage(snapshot, (t) => t.indexWriteUnitsByIndex);
}

/** Write units of the per-case work by stage and kind of item (`reporting.K`, `intake.CASE`), largest first. */
export function itemWrites(snapshot: MeterSnapshot): [string, number][] {
  return sumsByStage(snapshot, (t) => t.writeUnitsByKind);
}

/** Successful writes of the per-case work by stage and kind of item. */
export function itemWriteCounts(snapshot: MeterSnapshot): Map<string, number> {
  return new Map(sumsByStage(snapshot, (t) => t.writesByKind ?? {}));
}

/** Read units of the per-case work by calling function, largest first. */
export function readsByFunction(snapshot: MeterSnapshot): [string, number][] {
  const sums = new Map<string, number>();
  for (const [caller, tables] of Object.entries(snapshot.dynamodb)) {
    if (!stageOfFunction.has(caller) || scheduled.has(caller)) continue;
    for (const t of Object.values(tables)) sums.set(caller, (sums.get(caller) ?? 0) + t.readUnits);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

function sumsByStage(snapshot: MeterSnapshot, figuresOf: (table: MeterSnapshot['dynamodb'][string][string]) => Record<string, number>): [string, number][] {
  const sums = new Map<string, number>();
  for (const [caller, tables] of Object.entries(snapshot.dynamodb)) {
    const stage = stageOfFunction.get(caller);
    if (!stage || scheduled.has(caller)) continue;
    for (const t of Object.values(tables)) {
      for (const [name, units] of Object.entries(figuresOf(t))) sums.set(`${stage}.${name}`, (sums.get(`${stage}.${name}`) ?? 0) + units);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/**
 * The minimal design, computed from the same run: every state change (an API write, an event
 * a stage consumes) writes one item once, plainly, of the size this run's items have; an API
 * step reads the item it changes; every event is one send, one receive and one delete (or
 * the batch's, as the event source mapping did here); invocations (the relays' too) and API
 * requests as here.
 */
export function minimalDesign(actual: Record<Stage, StageCost>, snapshot: MeterSnapshot, apiWrites: Record<Stage, number>, itemKb: Record<Stage, number>): Record<Stage, StageCost> {
  const out = Object.fromEntries(stages.map((s) => [s, zero()])) as Record<Stage, StageCost>;
  const received = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  const batches = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  for (const queues of Object.values(snapshot.sqs)) {
    for (const [queue, q] of Object.entries(queues)) {
      const stage = stageOfQueue(queue);
      if (!stage) continue;
      received[stage] += q.messagesReceived;
      batches[stage] += q.receives;
    }
  }
  for (const stage of stages) {
    const changes = received[stage] + apiWrites[stage];
    out[stage].writeUnits = changes * Math.max(1, Math.ceil(itemKb[stage]));
    out[stage].readUnits = apiWrites[stage] * Math.max(1, Math.ceil(itemKb[stage] / 4));
    // A send per event, and per batch one receive and one delete.
    out[stage].sqsRequests = received[stage] + 2 * batches[stage];
    out[stage].invocations = actual[stage].invocations;
    out[stage].gbSeconds = actual[stage].gbSeconds;
    out[stage].apiRequests = actual[stage].apiRequests;
  }
  return out;
}

interface CostRunOptions {
  stack: LocalStack;
  meter: Meter;
  region: RegionConfig;
  cases: number;
  /**
   * A city's pace: this long between a life's steps (a case is signed hours after it is routed,
   * resolved days later), with every life under way at once. Back to back without it, 8 lives at
   * a time, which lets one case's changes share the batches (the fold's, the change log's) that a
   * city's cases never share.
   */
  stepGapMs?: number;
  onProgress?: (text: string) => void;
}

export interface CostRun {
  cases: number;
  lives: Record<string, number>;
  snapshot: MeterSnapshot;
  apiWrites: Record<Stage, number>;
  seconds: number;
}

/** Plays `cases` full lives through the metered system and returns what the meter saw. */
export async function costRun({ stack, meter, region, cases, stepGapMs = 0, onProgress }: CostRunOptions): Promise<CostRun> {
  const partnerKey = (channel: string) => {
    const partner = region.partners.find((p) => p.channels.includes(channel as never)) ?? region.partners[0]!;
    return stack.partnerKeys[partner.id]!;
  };
  const dispatcher = stack.issueToken({ partnerId: 'dispatch-centre', role: 'dispatcher' });
  const gridWorker = stack.issueToken({ partnerId: 'grid-app', role: 'grid-worker' });
  const supervisor = stack.issueToken({ partnerId: 'supervision-office', role: 'supervisor' });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  // The watcher's own clients: no app id, so the meter leaves their requests out.
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials }));
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials });
  const apiWrites = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  const as = clientsFor(stack.apiUrl);
  /** Counts the API writes each stage serves (the minimal design is charged the same). */
  const wrote = (stage: Stage) => apiWrites[stage]++;
  const watch = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const dispatchRecord = async (caseId: string) =>
    ((item) => item && unpackedItem(item))((await doc.send(new GetCommand({ TableName: stack.tableNames.dispatch, Key: { pk: `CASE#${caseId}`, sk: 'DISPATCH' }, ConsistentRead: true }))).Item) as
      | { status: string; category?: { minor: string }; workOrder?: { departmentId: string; status: string } }
      | undefined;
  const dispute = async (disputeId: string) =>
    ((item) => item && unpackedItem(item))((await doc.send(new GetCommand({ TableName: stack.tableNames.mediation, Key: { pk: `DISPUTE#${disputeId}`, sk: 'DISPUTE' }, ConsistentRead: true }))).Item) as
      | { status: string; mediator?: { id: string } }
      | undefined;

  const lives: Record<string, number> = {};
  const count = (life: string) => (lives[life] = (lives[life] ?? 0) + 1);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The wait before a person's next step of a life (none back to back). */
  const nextStep = async () => {
    if (stepGapMs > 0) await sleep(stepGapMs);
  };

  async function workOrderLife(caseId: string, channel: string, i: number) {
    let record = await watch(async () => {
      const r = await dispatchRecord(caseId);
      return r && r.status !== 'received' ? r : undefined;
    }, `case ${caseId} to be routed`);
    if (record.status === 'triage') {
      // A dispatcher decides: the suggested category, or the region's first of the major.
      const minor = record.category?.minor ?? region.taxonomy.minors.find((m) => m.major === 'urban')!.code;
      await nextStep();
      wrote('dispatch');
      await as(dispatcher).POST('/v1/cases/{caseId}/classification', { params: { path: { caseId } }, body: { minor } });
      record = (await dispatchRecord(caseId))!;
    }
    if (!record.workOrder) return count(record.status);
    const staff = stack.issueToken({ partnerId: `staff-${record.workOrder.departmentId}`, role: 'department', departmentId: record.workOrder.departmentId });
    const citizen = partnerKey(channel);
    const act = async (token: string, body: Schemas['WorkOrderAction']) => {
      await nextStep();
      wrote('dispatch');
      return as(token).POST('/v1/workorders/{caseId}/actions', { params: { path: { caseId } }, body });
    };
    await act(staff, { type: 'sign' });
    await act(staff, { type: 'resolve', result: '已处理完毕' });
    await act(gridWorker, { type: 'verify', passed: true });
    if (i % 10 === 3) {
      // 重办: unsatisfied, worked again, then rated.
      await act(citizen, { type: 'rate', rating: 'unsatisfied', reason: '问题没有解决' });
      await act(staff, { type: 'resolve', result: '再次处理' });
      await act(gridWorker, { type: 'verify', passed: true });
    }
    await act(citizen, { type: 'rate', rating: i % 7 === 0 ? 'basically-satisfied' : 'satisfied' });
    count('work order closed');
  }

  async function disputeLife(disputeId: string, n: number) {
    const assigned = async (timeoutMs: number) =>
      watch(async () => {
        const d = await dispute(disputeId);
        // Assigned to a mediator, or linked to an open dispute of the same matter (its life is that one's).
        return d && ((d.status !== 'queued' && d.mediator) || d.status === 'linked') ? d : undefined;
      }, `dispute ${disputeId} to be assigned`, timeoutMs).catch(() => undefined);
    let opened = await assigned(5_000);
    if (!opened) {
      // Nobody at the centre may take it (回避, specialties): a supervisor sends it up a tier, as a centre would.
      await nextStep();
      wrote('mediation');
      await as(supervisor).POST('/v1/disputes/{disputeId}/actions', { params: { path: { disputeId } }, body: { type: 'escalate', reason: '本级无可受理的调解员，提级调解' } });
      opened = await assigned(60_000);
    }
    if (!opened) throw new Error(`dispute ${disputeId} was never assigned`);
    if (!opened.mediator) return count(`dispute ${opened.status}`);
    const mediator = stack.issueToken({ partnerId: `mediator-${opened.mediator.id}`, role: 'mediator', mediatorId: opened.mediator.id });
    const act = async (body: Schemas['DisputeAction']) => {
      await nextStep();
      wrote('mediation');
      return as(mediator).POST('/v1/disputes/{disputeId}/actions', { params: { path: { disputeId } }, body });
    };
    const parties: Schemas['RegisterDispute']['parties'] = [
      { role: 'applicant', kind: 'person', name: `申请人${n}`, phone: `1390000${String(1000 + n).slice(-4)}`, channel: 'counter' },
      { role: 'respondent', kind: 'person', name: `被申请人${n}`, channel: 'counter' },
    ];
    let accepted = await act({ type: 'accept' });
    if (!accepted.data) accepted = await act({ type: 'accept', parties });
    await act({ type: 'record-session', attendance: [], minutes: '经调解双方达成一致。', outcome: 'agreement', terms: '双方按调解方案履行，互不追究。' });
    await act({ type: 'confirm', partyId: 'P1', via: 'counter' });
    await act({ type: 'confirm', partyId: 'P2', via: 'counter' });
    await act({ type: 'record-judicial', outcome: n % 2 === 0 ? 'confirmed' : 'not-applied' });
    await act({ type: 'follow-up', performance: 'performed' });
    const closed = await act({ type: 'close' });
    count(closed.data?.status === 'closed' ? 'dispute settled' : `dispute ${closed.data?.status ?? closed.response.status}`);
  }

  // What came before (the speed run, the burst) is done, the fold's last window included: none of its work is metered here.
  if (!(await stack.drain(180_000))) throw new Error('the work before the cost run never drained');
  meter.reset();
  meter.enabled = true;
  const started = Date.now();
  let done = 0;
  const one = async (i: number) => {
    // One in ten is registered at a mediation centre's counter; the rest come from partners' channels.
    if (i % 10 === 9) {
      wrote('mediation');
      const res = await as(stack.partnerKeys.petition!).POST('/v1/disputes', {
        body: {
        source: 'counter',
        type: 'neighbour',
        title: '邻里纠纷',
        narrative: '楼上装修漏水把楼下泡坏了，双方就赔偿争执不下，请求调解。',
        parties: [
          { role: 'applicant', kind: 'person', name: `申请人${i}`, phone: `1390000${String(1000 + (i % 9000)).slice(-4)}`, channel: 'counter' },
          { role: 'respondent', kind: 'person', name: `被申请人${i}`, channel: 'counter' },
        ],
        location: { gridId: region.grids[i % region.grids.length]!.id },
        consentToMediate: true,
        },
      });
      if (!res.data) throw new Error(`dispute registration failed: HTTP ${res.response.status}`);
      await disputeLife(res.data.disputeId, i);
    } else {
      const sample = demoRequests[i % demoRequests.length]!;
      // Spread over the region's grids, as a city's cases are (the same matter at one place would be linked as a repeat).
      const grid = region.grids[(i * 7) % region.grids.length]!;
      const body: Schemas['SubmitRequest'] = {
        channel: sample.channel,
        kind: sample.kind,
        // A number in the title keeps cases from being linked as repeats of each other.
        title: `${sample.title}（${i}）`,
        description: sample.description,
        location: { gridId: grid.id },
        reporter: sample.phone || sample.name ? { name: sample.name, phone: sample.phone } : undefined,
        attachments: [],
      };
      wrote('intake');
      const res = await as(partnerKey(sample.channel)).POST('/v1/requests', { params: { header: { 'Idempotency-Key': randomUUID() } }, body });
      if (!res.data) throw new Error(`submit failed: HTTP ${res.response.status} ${JSON.stringify(res.error)}`);
      const { caseId } = res.data;
      const routed = await watch(async () => {
        const r = await dispatchRecord(caseId);
        return r && r.status !== 'received' ? r : undefined;
      }, `case ${caseId} to be routed`);
      if (routed.status === 'mediation-requested') await disputeLife(caseId, i);
      else await workOrderLife(caseId, sample.channel, i);
    }
    onProgress?.(`lives ${++done}/${cases}`);
  };
  // Several lives at once, as a centre has; each life's steps in order. At a city's pace every life
  // is under way at once, their starts spread over one gap so that steps come evenly.
  const livesAtOnce = stepGapMs > 0 ? cases : 8;
  let next = 0;
  await Promise.all(Array.from({ length: livesAtOnce }, async (_, slot) => {
    await sleep((slot * stepGapMs) / livesAtOnce);
    while (next < cases) await one(next++);
  }));

  // Done when every queue is empty and stays so: reporting has everything.
  const queueUrls = Object.values(stack.queueUrls);
  let quietSince = 0;
  await watch(async () => {
    const depths = await Promise.all(
      queueUrls.map(async (url) => {
        const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
        return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
      }),
    );
    if (depths.some((d) => d > 0)) quietSince = 0;
    else if (!quietSince) quietSince = Date.now();
    return quietSince && Date.now() - quietSince > 1500 ? true : undefined;
  }, 'the queues to drain', 120_000);
  // And every stream reader has caught up: the relays have sent what the tables' streams hold, the
  // fold has added every counter change from reporting's (it waits out its batching window).
  if (!(await stack.drain(120_000))) throw new Error('timed out waiting for the stream readers (relays, fold)');
  meter.enabled = false;
  return { cases, lives, snapshot: meter.snapshot(), apiWrites, seconds: (Date.now() - started) / 1000 };
}

/**
 * The median size (KB) of the records each stage writes (items of half a KB or more), from the
 * meter: the median, so that a few large items of a log (reporting's archive, a stream batch's
 * events in one item) do not make every record of the minimal design larger.
 */
export function itemKilobytes(snapshot: MeterSnapshot): Record<Stage, number> {
  const out = Object.fromEntries(stages.map((s) => [s, 1])) as Record<Stage, number>;
  const sizes = Object.fromEntries(stages.map((s) => [s, [] as number[]])) as Record<Stage, number[]>;
  for (const [caller, tables] of Object.entries(snapshot.dynamodb)) {
    const stage = stageOfFunction.get(caller);
    if (!stage) continue;
    for (const t of Object.values(tables)) sizes[stage].push(...t.recordSizes);
  }
  for (const s of stages) {
    const sorted = sizes[s].sort((a, b) => a - b);
    if (sorted.length > 0) out[s] = sorted[Math.floor((sorted.length - 1) / 2)]! / 1024;
  }
  return out;
}
