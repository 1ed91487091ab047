import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { erasureMarkerPut, erasureShards } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { ensureTables } from '@govflow/local/resources';
import { DispatchRepository } from '../src/adapters/repository';
import { supervisionSettings } from '../src/adapters/runtime';
import { eraseDuePersonalData } from '../src/app/erasure';
import type { DispatchRecord } from '../src/domain/routing/decide';
import { lifeToClose, photo, recordWith } from './workorder/fixtures';

const region = loadRegion('wuhai');
let TableName: string;
let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let repository: DispatchRepository;

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  // Dispatch's table as the manifest declares it, indexes and all.
  TableName = (await ensureTables(client, 'erasure')).dispatch;
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // Retention 0: an order closed on a day is due that same region day.
  repository = new DispatchRepository(doc, TableName, supervisionSettings(region), { days: 0, timeZone: region.timeZone });
});

afterAll(async () => {
  await servers?.close();
});

async function markers(): Promise<string[]> {
  const found: string[] = [];
  for (let shard = 0; shard < erasureShards; shard++) {
    const out = await doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ERASE#${shard}` } }));
    found.push(...(out.Items ?? []).map((item) => item.sk as string));
  }
  return found.sort();
}

/** Stores the case as it was before its last step, then takes that step through `saveStep`. */
async function closeThroughSteps(caseId: string, files = [photo]): Promise<DispatchRecord> {
  const closed = { ...recordWith(lifeToClose, files), caseId };
  const beforeRating = { ...recordWith(lifeToClose.slice(0, 3), files), caseId, version: closed.version - 1 };
  await doc.send(new PutCommand({ TableName, Item: { pk: `CASE#${caseId}`, sk: 'DISPATCH', ...beforeRating } }));
  await repository.saveStep(closed, beforeRating.version, []);
  return closed;
}

describe('erasing work orders’ photos when their retention ends', () => {
  it('marks the closing step of an order with photos, and only that one', async () => {
    await closeThroughSteps('case-with-photos');
    await closeThroughSteps('case-without-photos', []);
    // Closed at 16:30 UTC on the 25th: the 26th in Wuhai.
    expect(await markers()).toEqual(['2026-11-26#case-with-photos']);
  });

  it('deletes the photos, then forgets them; a second run finds nothing to do', async () => {
    const deleted: string[] = [];
    const store = { delete: async (key: string) => void deleted.push(key) };
    const logs: unknown[] = [];
    const deps = { repository, store, region, logger: { info: (...args: unknown[]) => void logs.push(args) } };
    // 2026-11-26 in Wuhai.
    const now = new Date('2026-11-26T04:00:00.000Z');
    const first = await eraseDuePersonalData(deps, now);
    expect(first).toMatchObject({ erased: 1, finished: true });
    expect(deleted).toEqual([photo.key]);
    const erased = await repository.get('case-with-photos');
    expect(erased?.workOrderFiles).toBeUndefined();
    expect(erased).toMatchObject({ personalDataErasedAt: now.toISOString(), workOrder: { status: 'closed' } });
    expect(JSON.stringify(logs)).not.toContain('维修后');
    expect(await eraseDuePersonalData(deps, now)).toMatchObject({ erased: 0, stale: 0, retried: 0 });
    expect(await markers()).not.toContain('2026-11-26#case-with-photos');
  });

  it('waits for its day, and leaves a case that changed meanwhile for the next run', async () => {
    await closeThroughSteps('case-changing');
    const deps = (store: { delete(key: string): Promise<void> }) => ({ repository, store, region, logger: { info: () => {} } });
    // The day before it falls due: nothing.
    expect(await eraseDuePersonalData(deps({ delete: async () => {} }), new Date('2026-11-25T04:00:00.000Z'))).toMatchObject({ erased: 0, stale: 0 });
    // A step lands between the read and the write (here while the photo is deleted): the write is refused, the marker kept.
    const bumping = {
      delete: async () => {
        const now = (await repository.get('case-changing'))!;
        await repository.putIfUnchanged({ ...now, version: now.version + 1 }, now.version);
      },
    };
    expect(await eraseDuePersonalData(deps(bumping), new Date('2026-11-26T04:00:00.000Z'))).toMatchObject({ erased: 0, retried: 1 });
    expect((await repository.get('case-changing'))?.workOrderFiles).toHaveLength(1);
    expect(await eraseDuePersonalData(deps({ delete: async () => {} }), new Date('2026-11-26T04:00:00.000Z'))).toMatchObject({ erased: 1 });
    expect((await repository.get('case-changing'))?.workOrderFiles).toBeUndefined();
  });

  it('marks a close before writing it, so a close that is refused leaves only a stale hint', async () => {
    const closed = { ...recordWith(lifeToClose, [photo]), caseId: 'case-refused' };
    const before = { ...recordWith(lifeToClose.slice(0, 3), [photo]), caseId: 'case-refused', version: closed.version - 1 };
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#case-refused', sk: 'DISPATCH', ...before } }));
    // Someone else moved the order: the close is refused, its marker stays.
    await expect(repository.saveStep(closed, before.version - 1, [])).rejects.toThrow(/changed meanwhile/);
    expect(await markers()).toContain('2026-11-26#case-refused');
    const deps = { repository, store: { delete: async () => expect.unreachable('nothing to delete') }, region, logger: { info: () => {} } };
    expect(await eraseDuePersonalData(deps, new Date('2026-11-26T04:00:00.000Z'))).toMatchObject({ erased: 0, stale: 1 });
    expect(await markers()).not.toContain('2026-11-26#case-refused');
  });

  it('drops a marker whose order is not closed (a stale hint)', async () => {
    const open = { ...recordWith(lifeToClose.slice(0, 2), [photo]), caseId: 'case-open' };
    await doc.send(new PutCommand({ TableName, Item: { pk: 'CASE#case-open', sk: 'DISPATCH', ...open } }));
    await doc.send(new PutCommand(erasureMarkerPut(TableName, 'case-open', '2026-11-20').Put!));
    const deps = { repository, store: { delete: async () => expect.unreachable('nothing to delete') }, region, logger: { info: () => {} } };
    expect(await eraseDuePersonalData(deps, new Date('2026-11-26T04:00:00.000Z'))).toMatchObject({ erased: 0, stale: 1 });
    expect(await markers()).not.toContain('2026-11-20#case-open');
    expect((await repository.get('case-open'))?.workOrderFiles).toHaveLength(1);
  });
});
