/**
 * The fault-injection suite ("Nothing accepted is ever lost", issue 12 §1), shared by
 * `npm run chaos` (scripts/chaos.ts) and test/e2e/chaos.test.ts.
 *
 * A round starts the local system on a fresh data directory with a fault injector, sends it
 * a load of cases (retrying, with the same Idempotency-Key, whatever did not get its 202, as
 * a partner would), restarts the whole system once mid-load, waits until every accepted case
 * has reached its routed state in intake and in reporting, nothing is left in any queue and every
 * table's stream is read to its end, then counts what was lost and what was applied twice.
 *
 * Each case is given one planned fault when the system first touches it: a kind, and which
 * of the case's eligible SDK calls (or deliveries) it hits. A run is one planned fault that
 * fired (plus each restart), so every run has exactly one fault of its own; a fault at a call
 * that carries several cases (a relay's batch of sends) hits them all.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AnyEvent, stages } from '@govflow/contracts';
import type { FaultAction, FaultInjector, ReceivedMessage, SdkCall } from '@govflow/local/faults';
import { startLocalStack, type LocalStack } from '@govflow/local/stack';
import { mergeEvent, statusOf, type CaseRecord as ReportingRecord } from '../../services/reporting/src/domain/case-record';
import { archivedEvents, countsOf, storedRecordOf } from '../../services/reporting/src/adapters/repository';
import { addCounts, cellsOf, type Counts } from '../../services/reporting/src/domain/figures';
import { unpackedItem } from '@govflow/platform';
import { clientsFor, streetlightElsewhere, wageDispute } from './harness';

export const faultKinds = ['crash-after-write', 'crash-before-send', 'crash-before-delete', 'throttle', 'race', 'duplicate', 'reorder'] as const;
export type FaultKind = (typeof faultKinds)[number] | 'restart';

export interface ChaosOptions {
  /** Stop starting rounds once this many runs (fired faults) are counted. */
  runs: number;
  casesPerRound: number;
  /** At most this many rounds (each a system start, a load and one restart). */
  maxRounds?: number;
  /** Submissions in flight at once. */
  concurrency?: number;
  /** How long a round may take to settle once its load is in. */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface Tally {
  rounds: number;
  runs: number;
  faults: Record<FaultKind, number>;
  /** Where the faults fired: `<function>:<operation>` (or `<queue> delivery`) → count. */
  points: Record<string, number>;
  accepted: number;
  lost: number;
  lostCases: string[];
  /** Effects applied twice, by what doubled. */
  duplicates: Record<string, number>;
  duplicated: number;
  /** Counter cells whose figures differ from the sum of what the final case records contribute (lost or doubled counts). */
  wrongFigures: number;
  /** Reporting's case records that merging the archived events of their case does not rebuild (an event missing from the archive). */
  recordsNotInArchive: number;
  everyCaseReachedReporting: boolean;
  seconds: number;
  cores: number;
}

interface Plan {
  kind: (typeof faultKinds)[number];
  /** The n-th eligible call (or delivery) of the case it fires at. */
  at: number;
  fired: boolean;
}

const dynamoWrites = new Set(['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const queueSends = new Set(['SendMessage', 'SendMessageBatch']);

function eligible(kind: Plan['kind'], call: SdkCall): boolean {
  const poller = call.functionId.startsWith('poller:');
  switch (kind) {
    case 'crash-after-write':
      return !poller && dynamoWrites.has(call.operation);
    case 'crash-before-send':
      return !poller && queueSends.has(call.operation);
    case 'crash-before-delete':
      // The event-source mapping deleting what was handled.
      return poller && call.operation.startsWith('DeleteMessage');
    case 'throttle':
      return poller ? call.operation.startsWith('DeleteMessage') : queueSends.has(call.operation);
    case 'race':
      return !poller && (call.operation === 'TransactWriteItems' || call.operation === 'PutItem');
    default:
      return false;
  }
}

const actionOf: Record<string, FaultAction> = {
  'crash-after-write': 'crash-after',
  'crash-before-send': 'crash-before',
  'crash-before-delete': 'crash-before',
  throttle: 'throttle',
  race: 'race',
};

/** Holds every case's plan and counts what fired; one per suite, shared by the rounds' stacks. */
export class FaultPlan implements FaultInjector {
  readonly faults = Object.fromEntries([...faultKinds, 'restart'].map((k) => [k, 0])) as Record<FaultKind, number>;
  readonly points: Record<string, number> = {};
  private readonly plans = new Map<string, Plan>();
  private readonly seen = new Map<string, Map<string, number>>();
  /** Per kind, the most eligible calls one case has made so far: where plans may aim. */
  private readonly reach = new Map<string, number>();
  /** Crashes injected into API invocations: each answers 500, and no other 500 is expected. */
  apiCrashes = 0;
  private nextKind = 0;
  private calibrated = false;
  /** Unattributed writes (a case-number sequence) get a crash now and then. */
  private readonly unattributedRate = 0.02;
  /** The fold's counter writes name no case: one in this many dies, after its write or before it, at random. */
  private readonly foldFaultRate = 0.004;
  /** Its archive writes (one a batch, ADR 0026) are far fewer: one in this many dies. */
  private readonly foldArchiveFaultRate = 0.05;

  get runs(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0);
  }

  private planFor(caseId: string): Plan {
    let plan = this.plans.get(caseId);
    if (!plan) {
      const kind = faultKinds[this.nextKind++ % faultKinds.length]!;
      plan = { kind, at: 1 + Math.floor(Math.random() * (this.reach.get(kind) ?? 1)), fired: false };
      this.plans.set(caseId, plan);
    }
    return plan;
  }

  /** Counts one eligible call of `kind` for the case; true if its plan fires here. */
  private step(caseId: string, kind: Plan['kind'], point: string): boolean {
    const counts = this.seen.get(caseId) ?? new Map<string, number>();
    this.seen.set(caseId, counts);
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (!this.calibrated) this.reach.set(kind, Math.max(this.reach.get(kind) ?? 1, n));
    const plan = this.planFor(caseId);
    if (plan.fired || plan.kind !== kind || plan.at !== n) return false;
    plan.fired = true;
    this.faults[kind]++;
    this.points[point] = (this.points[point] ?? 0) + 1;
    return true;
  }

  decide(call: SdkCall): FaultAction | undefined {
    const action = this.choose(call);
    if (call.functionId.endsWith('-api') && (action === 'crash-before' || action === 'crash-after')) this.apiCrashes++;
    return action;
  }

  private choose(call: SdkCall): FaultAction | undefined {
    const point = `${call.functionId}:${call.operation}`;
    if (call.caseIds.length === 0) {
      // The fold (ADR 0022): a batch cut short is handed over again, and each cell's mark must keep every change counted once.
      const foldRate = call.operation === 'BatchWriteItem' ? this.foldArchiveFaultRate : this.foldFaultRate;
      if (call.functionId === 'reporting-fold' && dynamoWrites.has(call.operation) && Math.random() < foldRate) {
        const after = Math.random() < 0.5;
        this.faults[after ? 'crash-after-write' : 'crash-before-send']++;
        this.points[`${point} (fold)`] = (this.points[`${point} (fold)`] ?? 0) + 1;
        return after ? 'crash-after' : 'crash-before';
      }
      if (call.functionId.endsWith('-api') && dynamoWrites.has(call.operation) && Math.random() < this.unattributedRate) {
        this.faults['crash-after-write']++;
        this.points[`${point} (no case)`] = (this.points[`${point} (no case)`] ?? 0) + 1;
        return 'crash-after';
      }
      return undefined;
    }
    let action: FaultAction | undefined;
    for (const kind of faultKinds) {
      if (!eligible(kind, call)) continue;
      for (const caseId of call.caseIds) {
        // Every case in the call counts the call; the first whose plan fires decides.
        if (this.step(caseId, kind, point) && !action) action = actionOf[kind];
      }
    }
    return action;
  }

  received(stage: string, messages: readonly ReceivedMessage[]) {
    const duplicate: string[] = [];
    const holdBack: string[] = [];
    for (const m of messages) {
      if (!m.caseId) continue;
      if (this.step(m.caseId, 'duplicate', `${stage} delivery`)) duplicate.push(m.messageId);
      else if (this.step(m.caseId, 'reorder', `${stage} delivery`)) holdBack.push(m.messageId);
    }
    return { duplicate, holdBack };
  }

  /**
   * After a round: aim later plans at the calls a typical case makes (the median count per
   * kind), not the most any case made, so that most plans fire.
   */
  recalibrate(): void {
    for (const kind of faultKinds) {
      const counts = [...this.seen.values()].map((c) => c.get(kind) ?? 0).filter((n) => n > 0).sort((a, b) => a - b);
      if (counts.length > 0) this.reach.set(kind, Math.max(1, counts[Math.floor(counts.length / 2)]!));
    }
    this.seen.clear();
    this.calibrated = true;
  }

  restarted(): void {
    this.faults.restart++;
  }
}

const settledStatuses = new Set(['dispatched', 'mediation-opened', 'triage', 'linked']);

type Item = Record<string, unknown>;

const clients = new WeakMap<LocalStack, ReturnType<typeof clientsFor>>();

/** What each stage holds of a case whose history shows a step twice: the events reporting archived (ids and times), and dispatch's record. */
async function whyTwice(stack: LocalStack, caseId: string): Promise<string> {
  const archived = (await scanAll(stack, 'reporting', 'ARCHIVE#'))
    .flatMap((item) => archivedEvents(item) as Item[])
    .filter((event) => event.caseId === caseId)
    .map((event) => `${String(event.type)} ${String(event.eventId)} ${String(event.occurredAt)}`);
  const dispatch = (await scanAll(stack, 'dispatch', `CASE#${caseId}`)).find((item) => item.sk === 'DISPATCH');
  return `archive: ${archived.join(', ')} | dispatch: version ${String(dispatch?.version)}, decidedAt ${String(dispatch?.decidedAt)}, history ${JSON.stringify(dispatch?.history)}`;
}

/** Where a case's events are when it did not settle: reporting's archive, each dead-letter queue. */
async function whereAreItsEvents(stack: LocalStack, caseId: string): Promise<string> {
  const parts: string[] = [];
  const archived = (await scanAll(stack, 'reporting', 'ARCHIVE#')).flatMap((item) => archivedEvents(item) as Item[]).filter((event) => event.caseId === caseId);
  parts.push(`reporting archive: ${archived.map((event) => String(event.type)).join(', ') || 'nothing'}`);
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  for (const [queue, url] of Object.entries(stack.dlqUrls)) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
    const mine = (got.Messages ?? []).filter((m) => (m.Body ?? '').includes(caseId));
    if (mine.length > 0) parts.push(`${queue} DLQ: ${mine.map((m) => `${(JSON.parse(m.Body!) as { type?: string }).type} (${Object.values(m.MessageAttributes ?? {}).map((a) => a.StringValue).join('; ')})`).join(', ')}`);
  }
  return parts.join(' | ');
}

async function scanAll(stack: LocalStack, stage: (typeof stages)[number], prefix: string): Promise<Item[]> {
  const { doc } = clients.get(stack) ?? clients.set(stack, clientsFor(stack)).get(stack)!;
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await doc.send(
      new ScanCommand({ TableName: stack.tableNames[stage], FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix }, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    // Large items' gzipped bodies unpacked (ADR 0018).
    items.push(...(page.Items ?? []).map(unpackedItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function releaseClients(stack: LocalStack): void {
  const c = clients.get(stack);
  c?.dynamo.destroy();
  c?.sqs.destroy();
  clients.delete(stack);
}

/** Entries that occur more than once in a list (by their JSON). */
function repeats(list: readonly unknown[]): number {
  const seen = new Set<string>();
  let twice = 0;
  for (const entry of list) {
    const key = JSON.stringify(entry);
    if (seen.has(key)) twice++;
    seen.add(key);
  }
  return twice;
}

/** Reporting agrees with intake when its record of the case gives the same status. */
function reportingAgrees(status: string, record: Item): boolean {
  return statusOf(record as unknown as ReportingRecord) === status;
}

interface RoundResult {
  accepted: string[];
  lost: string[];
  duplicates: Record<string, number>;
  wrongFigures: number;
  recordsNotInArchive: number;
  reachedReporting: boolean;
}

const noDelay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function round(plan: FaultPlan, options: Required<Omit<ChaosOptions, 'log' | 'runs' | 'maxRounds'>>, log: (line: string) => void): Promise<RoundResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govflow-chaos-'));
  const start = () =>
    startLocalStack({ dataDir, port: 0, sweepIntervalMs: 250, visibilityTimeoutSeconds: 1, maxIdleMs: 50, faults: plan, logLevel: process.env.CHAOS_LOG_LEVEL ?? 'SILENT' });
  const t0 = Date.now();
  const apiCrashesBefore = plan.apiCrashes;
  let stack = await start();
  const t1 = Date.now();
  const statuses: Record<string, number> = {};
  let restarting: Promise<void> | undefined;
  // Disputes come from grid workers' app, complaints from the hotline: each partner submits on its own channel.
  const key = (partnerId: string) => stack.partnerKeys[partnerId]!;
  const accepted: string[] = [];
  let gaveUp = 0;

  let sameKeyTwice = 0;
  let differentAnswers = 0;
  const submit = async (i: number) => {
    const dispute = i % 5 === 4;
    const body = dispute ? { ...wageDispute, location: streetlightElsewhere().location } : streetlightElsewhere();
    const idempotencyKey = randomUUID();
    const post = async (): Promise<string | undefined> => {
      const res = await fetch(`${stack.apiUrl}/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key(dispute ? 'grid-app' : 'hotline-12345')}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      }).catch(() => undefined);
      if (res?.status === 202) return ((await res.json()) as { caseId: string }).caseId;
      statuses[String(res?.status ?? 'no answer')] = (statuses[String(res?.status ?? 'no answer')] ?? 0) + 1;
      await res?.text();
      return undefined;
    };
    for (let attempt = 0; attempt < 60; attempt++) {
      await restarting;
      // One submission in ten is sent twice at once with the same key, as an impatient partner would.
      const twice = attempt === 0 && i % 10 === 7;
      if (twice) sameKeyTwice++;
      const answers = (await Promise.all(twice ? [post(), post()] : [post()])).filter((c): c is string => c !== undefined);
      if (new Set(answers).size > 1) differentAnswers++;
      if (answers.length > 0) {
        accepted.push(answers[0]!);
        return;
      }
      // A 5xx (the invocation crashed) or a dropped connection (the system restarting): try again, same key.
      await noDelay(50 * Math.min(attempt + 1, 10));
    }
    gaveUp++;
  };

  let next = 0;
  const restartAt = Math.floor(options.casesPerRound / 2);
  const worker = async () => {
    for (let i = next++; i < options.casesPerRound; i = next++) {
      if (i === restartAt && !restarting) {
        // A restart of the whole local system mid-load, on the same data (tables and queue journal).
        restarting = (async () => {
          plan.restarted();
          await stack.stop();
          stack = await start();
        })();
        await restarting;
        restarting = undefined;
      }
      await submit(i);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (gaveUp > 0) log(`  ${gaveUp} submission(s) never got a 202 (not counted as accepted)`);
  const t2 = Date.now();

  // Settle: every accepted case routed in intake, reporting agreeing, nothing left in any queue or stream.
  const deadline = Date.now() + options.settleMs;
  let lost: string[] = [...accepted];
  let reachedReporting = false;
  for (;;) {
    const cases = new Map((await scanAll(stack, 'intake', 'CASE#')).filter((c) => c.sk === 'CASE').map((c) => [String(c.caseId), c]));
    const records = new Map((await scanAll(stack, 'reporting', 'CASE#')).filter((r) => r.sk === 'RECORD').map((r) => [String(r.pk).slice(5), storedRecordOf(r).record as unknown as Item]));
    lost = accepted.filter((id) => {
      const status = String(cases.get(id)?.status ?? '');
      const record = records.get(id);
      return !settledStatuses.has(status) || !record || !reportingAgrees(status, record);
    });
    reachedReporting = accepted.every((id) => records.has(id));
    if (lost.length === 0 && (await stack.drain(2_000))) break;
    if (Date.now() > deadline) {
      if (lost.length === 0) log(`  never drained: ${JSON.stringify(await stack.pendingWork())}; last errors: ${stack.errors.slice(-3).map(String).join(' | ') || 'none'}`);
      for (const id of lost.slice(0, 5)) {
        const record = records.get(id);
        log(`  not settled: ${id} intake status ${String(cases.get(id)?.status)}, reporting ${record ? statusOf(record as unknown as ReportingRecord) : 'none'}`);
        log(`    ${await whereAreItsEvents(stack, id)}`);
      }
      break;
    }
    await noDelay(250);
  }

  log(`  start ${t1 - t0} ms, load ${t2 - t1} ms (${sameKeyTwice} sent twice at once; answers other than 202: ${JSON.stringify(statuses)} for ${plan.apiCrashes - apiCrashesBefore} API crashes injected), settle ${Date.now() - t2} ms`);
  // Count what was applied twice.
  const duplicates: Record<string, number> = {};
  const add = (what: string, n: number) => {
    if (n > 0) duplicates[what] = (duplicates[what] ?? 0) + n;
  };
  // A case's sealed words and contact sit beside it (sk `SEALED`): count the cases.
  const cases = (await scanAll(stack, 'intake', 'CASE#')).filter((c) => c.sk === 'CASE');
  add('cases stored for one submission', cases.length - accepted.length - gaveUp);
  add('different cases answered for one Idempotency-Key', differentAnswers);
  for (const c of cases) {
    const twice = repeats(((c.history ?? []) as Item[]).map((h) => ({ status: h.status, note: h.note })));
    add('intake history steps', twice);
    if (twice > 0) log(`  history twice in ${String(c.caseId)}: ${JSON.stringify(c.history)}\n    ${await whyTwice(stack, String(c.caseId))}`);
  }
  const dispatchRecords = await scanAll(stack, 'dispatch', 'CASE#');
  add('dispatch records for one case', dispatchRecords.filter((r) => r.sk === 'DISPATCH').length - cases.length);
  const disputes = (await scanAll(stack, 'mediation', 'DISPUTE#')).filter((d) => d.sk === 'DISPUTE');
  add('disputes opened for one case', disputes.length - new Set(disputes.map((d) => d.caseId)).size);
  const records = (await scanAll(stack, 'reporting', 'CASE#')).filter((r) => r.sk === 'RECORD').map((r) => storedRecordOf(r).record as unknown as Item);
  for (const r of records) {
    add('reporting work steps', repeats((r.workSteps ?? []) as unknown[]));
    add('reporting dispute steps', repeats((r.disputeSteps ?? []) as unknown[]));
  }
  // Reporting's figures against the cases themselves: one 'received' per case, per handling (department × channel × kind), per day.
  const counters = await scanAll(stack, 'reporting', 'K#handling#');
  const counted = counters
    .filter((c) => !String(c.pk).includes('#M#') && /^\d{4}-\d{2}-\d{2}#/.test(String(c.sk)))
    .reduce((sum, c) => sum + Number(c.received ?? 0), 0);
  add('cases counted twice in reporting', counted - cases.length);
  if (counted < cases.length) log(`  reporting counts ${counted} received of ${cases.length} cases`);
  // Every counter cell against the sum of the contributions the final records hold: a change folded twice, or never, shows here.
  const wrong = wrongCells(await scanAll(stack, 'reporting', 'K#'), (await scanAll(stack, 'reporting', 'CASE#')).filter((r) => r.sk === 'RECORD'));
  for (const line of wrong.slice(0, 5)) log(`  counter cell off: ${line}`);
  // Every record against a replay of its case's archived events: an event the archive missed shows here.
  const notRebuilt = unarchived(await scanAll(stack, 'reporting', 'ARCHIVE#'), records);
  for (const line of notRebuilt.slice(0, 5)) log(`  record the archive does not rebuild: ${line}`);

  releaseClients(stack);
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { accepted, lost, duplicates, wrongFigures: wrong.length, recordsNotInArchive: notRebuilt.length, reachedReporting };
}

/** The cases whose record differs from its archived events merged (in any order: merging is order-free), as `caseId: what differs`. */
function unarchived(archiveItems: Item[], records: Item[]): string[] {
  const events = new Map<string, AnyEvent[]>();
  for (const event of archiveItems.flatMap((item) => archivedEvents(item) as AnyEvent[])) events.set(event.caseId, [...(events.get(event.caseId) ?? []), event]);
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)])) : value;
  return records.flatMap((record) => {
    const caseId = String(record.caseId);
    const rebuilt = (events.get(caseId) ?? []).reduce<ReportingRecord | undefined>((r, event) => mergeEvent(r, event), undefined);
    const [want, got] = [JSON.stringify(canonical(record)), JSON.stringify(canonical(rebuilt))];
    return want === got ? [] : [`${caseId}: ${(events.get(caseId) ?? []).map((e) => e.type).join(', ') || 'no event archived'}`];
  });
}

/** Cells whose counted figures differ from the sum of the records' contributions, as `cell: counted vs expected`. */
function wrongCells(counterItems: Item[], recordItems: Item[]): string[] {
  const expected = new Map<string, Counts>();
  for (const item of recordItems) {
    const applied = storedRecordOf(item).applied;
    if (applied) for (const [id, counts] of cellsOf(applied)) expected.set(id, addCounts(expected.get(id) ?? {}, counts));
  }
  const counted = new Map<string, Counts>();
  for (const item of counterItems) {
    const [bucket, ...value] = String(item.sk).split('#');
    counted.set(`${String(item.pk).split('#')[1]}#${bucket}#${value.join('#')}`, countsOf(item));
  }
  const nonZero = (c: Counts | undefined) => JSON.stringify(Object.fromEntries(Object.entries(c ?? {}).filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b))));
  return [...new Set([...expected.keys(), ...counted.keys()])].filter((id) => nonZero(expected.get(id)) !== nonZero(counted.get(id))).map((id) => `${id}: ${nonZero(counted.get(id))} vs ${nonZero(expected.get(id))}`);
}

export async function runChaos(options: ChaosOptions): Promise<Tally> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const plan = new FaultPlan();
  const tally: Tally = {
    rounds: 0,
    runs: 0,
    faults: plan.faults,
    points: plan.points,
    accepted: 0,
    lost: 0,
    lostCases: [],
    duplicates: {},
    duplicated: 0,
    wrongFigures: 0,
    recordsNotInArchive: 0,
    everyCaseReachedReporting: true,
    seconds: 0,
    cores: availableParallelism(),
  };
  while (plan.runs < options.runs && tally.rounds < (options.maxRounds ?? Infinity)) {
    const result = await round(plan, { casesPerRound: options.casesPerRound, concurrency: options.concurrency ?? 8, settleMs: options.settleMs ?? 90_000 }, log);
    tally.rounds++;
    plan.recalibrate();
    tally.accepted += result.accepted.length;
    tally.lost += result.lost.length;
    tally.lostCases.push(...result.lost);
    for (const [what, n] of Object.entries(result.duplicates)) tally.duplicates[what] = (tally.duplicates[what] ?? 0) + n;
    tally.wrongFigures += result.wrongFigures;
    tally.recordsNotInArchive += result.recordsNotInArchive;
    tally.everyCaseReachedReporting &&= result.reachedReporting;
    log(`round ${tally.rounds}: ${result.accepted.length} accepted, ${result.lost.length} lost, duplicates ${JSON.stringify(result.duplicates)}; ${plan.runs} runs so far`);
  }
  tally.runs = plan.runs;
  tally.duplicated = Object.values(tally.duplicates).reduce((a, b) => a + b, 0);
  tally.seconds = Math.round((Date.now() - started) / 1000);
  return tally;
}

export function formatTally(t: Tally): string {
  const width = Math.max(...Object.keys(t.points).map((p) => p.length), 24);
  return [
    `chaos: ${t.runs} injected runs in ${t.rounds} round(s), ${t.seconds} s on ${t.cores} core(s)`,
    `faults injected by kind:`,
    ...Object.entries(t.faults).map(([k, n]) => `  ${k.padEnd(22)} ${n}`),
    `where they fired:`,
    ...Object.entries(t.points)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([p, n]) => `  ${p.padEnd(width)} ${n}`),
    `cases accepted:            ${t.accepted}`,
    `cases lost:                ${t.lost}${t.lost > 0 ? ` (${t.lostCases.slice(0, 10).join(', ')})` : ''}`,
    `duplicated effects:        ${t.duplicated}${t.duplicated > 0 ? ` ${JSON.stringify(t.duplicates)}` : ''}`,
    `counter cells off:         ${t.wrongFigures}`,
    `records not in the archive: ${t.recordsNotInArchive}`,
    `every case reached reporting: ${t.everyCaseReachedReporting ? 'yes' : 'no'}`,
  ].join('\n');
}
