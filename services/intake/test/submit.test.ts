import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Envelope, SubmitRequestBody } from '@govflow/contracts';
import { eventsEmitted, fingerprint, LocalKeyWrapper, PersonalDataSealer, type Caller } from '@govflow/platform';
import type { ObjectStore } from '@govflow/platform/object-store';
import { loadRegion } from '@govflow/regions';
import { ensureTables } from '@govflow/local/resources';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { Logger } from '@aws-lambda-powertools/logger';
import { IntakeRepository } from '../src/adapters/repository';
import { submitRequest, type SubmitDeps } from '../src/app/submit';
import { keyedCaseId } from '../src/domain/case';

/*
 * 受理 with an Idempotency-Key, against the local DynamoDB: the key names the case, a retry is
 * answered from it, a key reused for another body is refused, and neither stores a second case.
 * What a submission announces is read from the table's stream, as the intake relay sends it
 * (ADR 0023): the events each committed change's new image holds and its old one did not.
 */

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let deps: SubmitDeps;
const hotline: Caller = { partnerId: 'hotline-12345', role: 'partner' };
const miniProgram: Caller = { partnerId: 'mini-program-minyi', role: 'partner' };

const body = (title = '路灯不亮', channel: SubmitRequestBody['channel'] = 'hotline-12345'): SubmitRequestBody => ({
  channel,
  kind: 'complaint',
  title,
  description: '新华街道路灯坏了三天',
  location: { address: '海勃湾区新华街道' },
  attachments: [],
});

let tableName: string;
/** Every event the intake table's changes have emitted so far, in commit order: what its relay sends. */
const emitted = (): Envelope[] => servers.streams.read(tableName, undefined, 100_000).flatMap(eventsEmitted);
const cases = async () => ((await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).filter((i) => String(i.pk).startsWith('CASE#') && i.sk === 'CASE');

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  tableName = (await ensureTables(client, 'submit-test')).intake;
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const logger = new Logger({ logLevel: 'SILENT' });
  deps = {
    region: loadRegion('wuhai'),
    repository: new IntakeRepository(doc, tableName),
    sealer: new PersonalDataSealer(new LocalKeyWrapper('a'.repeat(64)), 'a'.repeat(64)),
    // No attachments are uploaded here: the store is never reached.
    store: {} as ObjectStore,
    now: () => new Date('2026-11-26T02:00:00Z'),
    logger,
  };
});

afterAll(async () => {
  await servers?.close();
});

describe('submitting with an Idempotency-Key', () => {
  it('answers a retry with the first answer, storing and announcing one case, and spends no case number on it', async () => {
    const before = (await cases()).length;
    const first = await submitRequest(deps, hotline, body(), 'retry-1', 'trace-1');
    const again = await submitRequest(deps, hotline, { ...body(), location: { address: '海勃湾区新华街道' } }, 'retry-1', 'trace-2');

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect((await cases()).length).toBe(before + 1);
    expect(emitted().filter((e) => e.caseId === first.answer.caseId).map((e) => e.type)).toEqual(['case.received']);

    const next = await submitRequest(deps, hotline, body('另一件事'), undefined, 'trace-3');
    const number = (caseNumber: string) => Number(caseNumber.slice(-6));
    expect(number(next.answer.caseNumber)).toBe(number(first.answer.caseNumber) + 1);
  });

  it('names the case by the key (a version-5 UUID of partner and key), keeping no record beside it', async () => {
    const { answer } = await submitRequest(deps, hotline, body('以键命名'), 'named-1', 't');
    expect(answer.caseId).toBe(keyedCaseId('hotline-12345', 'named-1'));
    expect(answer.caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keyedCaseId('mini-program-minyi', 'named-1')).not.toBe(answer.caseId);
    const all = (await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
    expect(all.filter((i) => String(i.pk).startsWith('IDEMPOTENCY#'))).toEqual([]);
  });

  it('answers a retry from an idempotency record stored before cases were named by their key', async () => {
    const answer = { caseId: 'c-from-before', caseNumber: 'WH-20261125-000001', status: 'received', receivedAt: '2026-11-25T02:00:00.000Z' };
    // As written then: the whole fingerprint, beside the answer.
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'IDEMPOTENCY#hotline-12345#before-1', sk: 'IDEMPOTENCY', fingerprint: fingerprint(body('升级以前')), answer } }));
    const stored = (await cases()).length;
    expect(await submitRequest(deps, hotline, body('升级以前'), 'before-1', 't')).toEqual({ answer, replayed: true });
    await expect(submitRequest(deps, hotline, body('另一件'), 'before-1', 't')).rejects.toMatchObject({ status: 409, kind: 'idempotency-key-reused' });
    expect((await cases()).length).toBe(stored);
  });

  it('refuses a key reused with a different body (409), changing nothing', async () => {
    await submitRequest(deps, hotline, body(), 'reuse-1', 't');
    const stored = (await cases()).length;
    const announced = emitted().length;
    await expect(submitRequest(deps, hotline, body('不同的诉求'), 'reuse-1', 't')).rejects.toMatchObject({ status: 409, kind: 'idempotency-key-reused' });
    expect((await cases()).length).toBe(stored);
    expect(emitted().length).toBe(announced);
  });

  it('keeps each partner’s keys apart', async () => {
    const a = await submitRequest(deps, hotline, body('同一个键', 'hotline-12345'), 'shared-key', 't');
    const b = await submitRequest(deps, miniProgram, body('同一个键', 'mini-program'), 'shared-key', 't');
    expect(b.replayed).toBe(false);
    expect(b.answer.caseId).not.toBe(a.answer.caseId);
  });

  it('gives two racing requests with one key one case, and the loser the winner’s answer', async () => {
    const stored = (await cases()).length;
    const [one, two] = await Promise.all([submitRequest(deps, hotline, body('同时提交'), 'race-1', 't'), submitRequest(deps, hotline, body('同时提交'), 'race-1', 't')]);
    expect(one.answer).toEqual(two.answer);
    expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
    expect((await cases()).length).toBe(stored + 1);
    // The loser's write was refused whole: the case is announced once.
    expect(emitted().filter((e) => e.caseId === one.answer.caseId).map((e) => e.type)).toEqual(['case.received']);
  });

  it('refuses the loser of a race that reused the key for another body', async () => {
    const stored = (await cases()).length;
    const results = await Promise.allSettled([submitRequest(deps, hotline, body('甲'), 'race-2', 't'), submitRequest(deps, hotline, body('乙'), 'race-2', 't')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409, kind: 'idempotency-key-reused' } });
    expect((await cases()).length).toBe(stored + 1);
  });
});

describe('telling the callbacks queue of a received case', () => {
  it('marks the event for a partner without a callback endpoint, so the callbacks queue is not sent a copy', async () => {
    const asked: string[] = [];
    const listening = new Set(['hotline-12345']);
    const listens = async (partnerId: string) => (asked.push(partnerId), listening.has(partnerId));
    const before = emitted().length;
    await submitRequest({ ...deps, listens }, hotline, body('有回调的伙伴'), undefined, 't');
    await submitRequest({ ...deps, listens }, miniProgram, body('没有回调的伙伴', 'mini-program'), undefined, 't');
    expect(asked).toEqual(['hotline-12345', 'mini-program-minyi']);
    const sent = emitted().slice(before);
    expect(sent.map((e) => (e.payload as { partnerListens?: boolean }).partnerListens)).toEqual([true, false]);
  });

  it('leaves the event unmarked (sent to callbacks) when nobody can say', async () => {
    const before = emitted().length;
    await submitRequest(deps, hotline, body('不知道'), undefined, 't');
    const sent = emitted().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).not.toHaveProperty('partnerListens');
  });
});
