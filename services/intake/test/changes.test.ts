import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { SubmitRequestBody } from '@govflow/contracts';
import { BadCursor, LocalKeyWrapper, PersonalDataSealer, writeAtomically, type Caller } from '@govflow/platform';
import type { ObjectStore } from '@govflow/platform/object-store';
import { loadRegion } from '@govflow/regions';
import { ensureTables } from '@govflow/local/resources';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { Logger } from '@aws-lambda-powertools/logger';
import { IntakeRepository } from '../src/adapters/repository';
import { caseChangeOf, createChangeLog } from '../src/app/changes';
import { submitRequest } from '../src/app/submit';
import { changeLogItems, decodeEntries, encodeEntries, latestOnly } from '../src/domain/changes';

/*
 * The change log partners' `changedSince` lists read (ADR 0027): written from intake's table
 * stream a batch at a time, one item per partner, and read back each case once, at its latest
 * change, page by page.
 */

describe('the change log’s items', () => {
  const change = (partnerId: string, caseId: string, changedAt: string) => ({ partnerId, caseId, changedAt });

  it('are one per partner a batch, in time order, keyed by their last change and the batch, a change given twice kept once', () => {
    const items = changeLogItems(
      [change('a', 'c2', '2026-11-28T00:00:02.000Z'), change('b', 'c9', '2026-11-28T00:00:01.000Z'), change('a', 'c1', '2026-11-28T00:00:01.000Z'), change('a', 'c2', '2026-11-28T00:00:02.000Z')],
      '000123',
    );
    expect(items).toEqual([
      { partnerId: 'a', day: '2026-11-28', sk: '2026-11-28T00:00:02.000Z#000123', changes: [change('a', 'c1', '2026-11-28T00:00:01.000Z'), change('a', 'c2', '2026-11-28T00:00:02.000Z')] },
      { partnerId: 'b', day: '2026-11-28', sk: '2026-11-28T00:00:01.000Z#000123', changes: [change('b', 'c9', '2026-11-28T00:00:01.000Z')] },
    ]);
    expect(decodeEntries('a', encodeEntries(items[0]!.changes))).toEqual(items[0]!.changes);
    expect(decodeEntries('a', '')).toEqual([]);
  });

  it('name a case at its latest change only, of the entries read together', () => {
    const entries = [change('a', 'c1', 't1'), change('a', 'c2', 't2'), change('a', 'c1', 't3')];
    expect(latestOnly(entries)).toEqual([change('a', 'c2', 't2'), change('a', 'c1', 't3')]);
  });

  it('come from the stream records of cases whose changedAt moved, or new cases', () => {
    const image = (changedAt?: string) => ({ pk: { S: 'CASE#c1' }, partnerId: { S: 'a' }, ...(changedAt ? { changedAt: { S: changedAt } } : {}) });
    expect(caseChangeOf({ dynamodb: { NewImage: image('t1') } } as DynamoDBRecord)).toEqual(change('a', 'c1', 't1'));
    expect(caseChangeOf({ dynamodb: { NewImage: image('t2'), OldImage: image('t1') } } as DynamoDBRecord)).toEqual(change('a', 'c1', 't2'));
    expect(caseChangeOf({ dynamodb: { NewImage: image('t1'), OldImage: image('t1') } } as DynamoDBRecord)).toBeUndefined();
    expect(caseChangeOf({ dynamodb: { NewImage: image() } } as DynamoDBRecord)).toBeUndefined();
  });
});

describe('a partner’s changed cases, from the log', () => {
  let servers: EmbeddedServers;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let repository: IntakeRepository;
  const logger = new Logger({ logLevel: 'SILENT' });
  const hotline: Caller = { partnerId: 'hotline-12345', role: 'partner' };
  const body = (title: string): SubmitRequestBody => ({ channel: 'hotline-12345', kind: 'complaint', title, description: '新华街道路灯坏了三天', location: { address: '海勃湾区新华街道' }, attachments: [] });
  const now = new Date('2026-11-28T02:00:00Z');
  let read = 0;
  /** The stream records written since the last call, as the log's mapping would hand them over. */
  const newRecords = (): DynamoDBRecord[] => {
    const records = servers.streams.read(tableName, undefined, 100_000) as DynamoDBRecord[];
    const fresh = records.slice(read);
    read = records.length;
    return fresh;
  };
  const all = async (since: string, limit: number) => {
    const listed: { caseId: string; changedAt?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.changedSince('hotline-12345', since, limit, cursor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      listed.push(...page.items.map((r) => ({ caseId: r.caseId, changedAt: r.changedAt })));
      cursor = page.cursor;
    } while (cursor);
    return listed;
  };

  beforeAll(async () => {
    servers = await startEmbeddedServers({});
    const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    tableName = (await ensureTables(client, 'changes-test')).intake;
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    repository = new IntakeRepository(doc, tableName);
  });

  afterAll(async () => {
    await servers?.close();
  });

  it('lists each case once, at its latest change, page by page, however often the stream hands a batch over', async () => {
    const deps = { region: loadRegion('wuhai'), repository, sealer: new PersonalDataSealer(new LocalKeyWrapper('a'.repeat(64)), 'a'.repeat(64)), store: {} as ObjectStore, logger };
    const since = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submitRequest({ ...deps, now: () => new Date() }, hotline, body(`路灯${i}`), undefined, 't')).answer.caseId);
    // Two of them move on: the first twice.
    for (const caseId of [ids[0]!, ids[2]!, ids[0]!]) {
      const record = (await repository.getCase(caseId))!;
      await writeAtomically(doc, [repository.replaceCaseIfUnchanged({ ...record, changedAt: new Date().toISOString(), version: record.version + 1 }, record.version)]);
    }
    const records = newRecords();
    expect(records.length).toBeGreaterThanOrEqual(8);
    const log = createChangeLog({ repository, logger });
    // A first batch, handed over again longer; then the rest.
    await log({ Records: records.slice(0, 3) });
    await log({ Records: records.slice(0, 6) });
    await log({ Records: records.slice(6) });

    for (const limit of [1, 2, 100]) {
      const listed = await all(since, limit);
      expect(listed.map((c) => c.caseId).sort()).toEqual([...ids].sort());
      // Each at its latest change, in the order intake recorded them.
      for (const c of listed) expect(c.changedAt).toBe((await repository.getCase(c.caseId))!.changedAt);
      expect(listed.map((c) => c.changedAt)).toEqual(listed.map((c) => c.changedAt).sort());
      expect(listed.at(-1)!.caseId).toBe(ids[0]);
    }

    // From the last change seen: only what moved after it.
    const last = (await all(since, 100)).at(-1)!.changedAt!;
    const record = (await repository.getCase(ids[3]!))!;
    await writeAtomically(doc, [repository.replaceCaseIfUnchanged({ ...record, changedAt: new Date(Date.parse(last) + 5).toISOString(), version: record.version + 1 }, record.version)]);
    await log({ Records: newRecords() });
    expect((await all(last, 2)).map((c) => c.caseId)).toEqual([ids[3]]);
  });

  it('refuses a cursor it did not give out', async () => {
    const forged = Buffer.from(JSON.stringify({ day: '2026-11-28', at: 'x', skip: -1 })).toString('base64url');
    await expect(repository.changedSince('hotline-12345', now.toISOString(), 10, forged, now)).rejects.toThrow(BadCursor);
  });
});
