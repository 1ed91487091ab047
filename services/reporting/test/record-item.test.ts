import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { ensureTables } from '@govflow/local/resources';
import { loadRegion } from '@govflow/regions';
import { ReportingRepository } from '../src/adapters/repository';
import { contribution } from '../src/domain/figures';
import { mergeEvent, type CaseRecord } from '../src/domain/case-record';
import type { AnyEvent } from '@govflow/contracts';
import { bj, CaseStory } from './fixtures';

const region = loadRegion('wuhai');
const foldAll = (events: readonly AnyEvent[]) => events.reduce<CaseRecord | undefined>((r, e) => mergeEvent(r, e), undefined)!;
let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let table: string;

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const dynamo = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  table = (await ensureTables(dynamo, 'record-item')).reporting;
});

afterAll(async () => {
  await servers?.close();
});

describe('the stored case record', () => {
  it('keeps the record and what its counters hold gzipped in one attribute, the summary fields plain, and reads it back whole', async () => {
    const repository = new ReportingRepository(doc, table);
    const iso = (local: string) => bj(local).toISOString();
    const story = new CaseStory('B1', iso('2026-11-23T09:00:00')).received().classified(iso('2026-11-23T09:01:00')).dispatched(iso('2026-11-23T09:02:00'));
    const record = foldAll(story.events);
    const stored = { record, applied: contribution(record, region) };
    await doc.send(new TransactWriteCommand({ TransactItems: [repository.saveRecord(stored, undefined)] }));
    const item = (await doc.send(new GetCommand({ TableName: table, Key: { pk: `CASE#${record.caseId}`, sk: 'RECORD' } }))).Item!;
    expect(item.body).toBeInstanceOf(Uint8Array);
    expect(item).not.toHaveProperty('record');
    expect(item).toMatchObject({ status: 'dispatched', version: 1, dayKey: `DAY#${record.receivedAt!.slice(0, 10)}` });
    // Smaller than the record as attributes would be.
    expect((item.body as Uint8Array).length).toBeLessThan(JSON.stringify(stored).length / 2);
    expect(await repository.getRecord(record.caseId)).toEqual({ ...JSON.parse(JSON.stringify(stored)), appliedCells: undefined, version: 1 });
  });

  it('still reads a record written before the body, as separate attributes', async () => {
    const repository = new ReportingRepository(doc, table);
    const record = foldAll(new CaseStory('B2', bj('2026-11-23T09:00:00').toISOString()).received().events);
    const applied = contribution(record, region);
    await doc.send(new PutCommand({ TableName: table, Item: { pk: `CASE#${record.caseId}`, sk: 'RECORD', record, applied, version: 3 } }));
    expect(await repository.getRecord(record.caseId)).toEqual({ record: JSON.parse(JSON.stringify(record)), applied: JSON.parse(JSON.stringify(applied)), appliedCells: undefined, version: 3 });
  });
});
