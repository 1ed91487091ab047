import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, makeEvent } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { loadTrainingRegion } from '@govflow/regions/training';
import { jiebaSegmenter } from '../src/adapters/segmenter';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { regionClassifier } from '../src/domain/classification/classify';
import { decideDispatch } from '../src/domain/routing/decide';
import { ConcurrentChange, DispatchRepository } from '../src/adapters/repository';
import { supervisionSettings } from '../src/adapters/runtime';
import { superviseDue } from '../src/app/supervisor';
import { supervisionShardOf } from '../src/domain/workorder/supervision';
import { eventsEmitted } from '@govflow/platform';
import { Logger } from '@aws-lambda-powertools/logger';

let servers: EmbeddedServers;
let repository: DispatchRepository;
let doc: DynamoDBDocumentClient;
const TableName = 'dispatch-test';

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const keys = ['pk', 'sk', 'triageKey', 'inboxKey', 'receivedAt', 'deadlineKey', 'nextCheckAt', 'matterKey'];
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      // As the manifest has it: the table's stream is its outbox (ADR 0023).
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [
        ['triage', 'triageKey', 'receivedAt'],
        ['inbox', 'inboxKey', 'receivedAt'],
        ['deadlines', 'deadlineKey', 'nextCheckAt'],
        ['matters', 'matterKey', 'receivedAt'],
      ].map(([IndexName, h, r]) => ({ IndexName, KeySchema: [{ AttributeName: h, KeyType: 'HASH' }, { AttributeName: r, KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } })),
    }),
  );
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  repository = new DispatchRepository(doc, TableName, supervisionSettings(loadRegion('wuhai')));
});

afterAll(async () => {
  await servers?.close();
});

/** Every event the table's changes have emitted so far, in commit order: what the dispatch relay sends. */
const emitted = () => servers.streams.read(TableName, undefined, 100_000).flatMap(eventsEmitted);

/** A hotline complaint received at `at` in 新华街道, as dispatch hears of it. */
const receivedEvent = (caseId: string, at: Date, text: { title: string; description: string }) =>
  makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId,
    traceId: 't',
    occurredAt: at,
    payload: { caseNumber: `WH-${caseId}`, partnerId: 'hotline-12345', channel: 'hotline-12345', kind: 'complaint', ...text, location: { address: '海勃湾区新华街道' }, receivedAt: at.toISOString(), attachmentCount: 0 },
  });

describe('dispatch repository', () => {
  it('refuses a step saved against a version someone else already changed', async () => {
    const region = loadTrainingRegion('wuhai');
    const received = receivedEvent('case-r1', new Date(), { title: '路灯不亮', description: '路灯坏了' });
    const { record } = decideDispatch(region, regionClassifier(region, { segment: jiebaSegmenter(region) }), received, new Date());
    await doc.send(new TransactWriteCommand({ TransactItems: [repository.createOnce(record)] }));
    const read = (await repository.get('case-r1'))!;
    const signed = { ...read, workOrder: { ...read.workOrder!, status: 'signed' as const }, version: read.version + 1 };
    const returned = { ...read, workOrder: { ...read.workOrder!, status: 'returned' as const }, version: read.version + 1 };
    await repository.saveStep(signed, read.version, []);
    await expect(repository.saveStep(returned, read.version, [])).rejects.toBeInstanceOf(ConcurrentChange);
    expect((await repository.get('case-r1'))!.workOrder!.status).toBe('signed');
    const inbox = await repository.inbox(read.workOrder!.departmentId, 10, 'signed');
    expect(inbox.items.map((i) => i.caseId)).toEqual(['case-r1']);
  });

  it('joins a burst of repeats to one open case without a conflict: each gets its own count, a second join changes nothing, a closed case refuses', async () => {
    const region = loadTrainingRegion('wuhai');
    const at = new Date();
    const received = receivedEvent('case-burst', at, { title: '停水了', description: '小区停水了' });
    const { record } = decideDispatch(region, regionClassifier(region, { segment: jiebaSegmenter(region) }), received, at);
    await doc.send(new TransactWriteCommand({ TransactItems: [repository.createOnce(record)] }));
    const before = (await repository.get('case-burst'))!;
    const entry = (n: number) => ({ at: at.toISOString(), status: before.status, by: 'classifier', note: `repeat: WH-R${n}` });

    const counts = await Promise.all(Array.from({ length: 20 }, (_, n) => repository.joinRepeat('case-burst', { caseId: `repeat-${n}`, caseNumber: `WH-R${n}` }, entry(n))));
    expect(counts.map((c) => (c === 'closed' ? 0 : c.repeatCount)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    const after = (await repository.get('case-burst'))!;
    expect(after.workOrder!.repeatCount).toBe(20);
    expect(after.version).toBe(before.version + 20);
    expect(after.history.filter((h) => h.note?.startsWith('repeat:'))).toHaveLength(20);

    // A redelivery of one of them: nothing changes, the count now is answered.
    expect(await repository.joinRepeat('case-burst', { caseId: 'repeat-3', caseNumber: 'WH-R3' }, entry(3))).toEqual({ repeatCount: 20 });
    expect((await repository.get('case-burst'))!.version).toBe(after.version);

    // A step saved against the version read before the joins is refused, so no join is lost.
    await expect(repository.saveStep({ ...before, version: before.version + 1 }, before.version, [])).rejects.toBeInstanceOf(ConcurrentChange);
    const closed = { ...after, workOrder: { ...after.workOrder!, status: 'closed' as const }, version: after.version + 1 };
    await repository.saveStep(closed, after.version, []);
    // The joins' history lines, kept beside the body until the case's next write, are folded into it once.
    const saved = (await repository.get('case-burst'))!;
    expect(saved.history.filter((h) => h.note?.startsWith('repeat:'))).toHaveLength(20);
    expect(saved.workOrder!.repeatCount).toBe(20);
    expect(await repository.joinRepeat('case-burst', { caseId: 'repeat-late', caseNumber: 'WH-RL' }, entry(99))).toBe('closed');
    expect(await repository.joinRepeat('no-such-case', { caseId: 'repeat-x', caseNumber: 'WH-RX' }, entry(98))).toBe('closed');
  });

  it('works through a 督办 backlog spread over every shard in one sweep, paging past orders with nothing due', async () => {
    const region = loadTrainingRegion('wuhai');
    const classifier = regionClassifier(region, { segment: jiebaSegmenter(region) });
    const at = new Date('2026-11-02T02:00:00Z');
    const received = (caseId: string) => receivedEvent(caseId, at, { title: '路灯不亮', description: '小区路灯坏了' });
    const backlog = 240;
    const ids = Array.from({ length: backlog }, (_, i) => `backlog-${i}`);
    for (let i = 0; i < ids.length; i += 25) {
      const items = ids.slice(i, i + 25).map((id) => repository.createOnce(decideDispatch(region, classifier, received(id), at).record));
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
    }
    expect(new Set(ids.map(supervisionShardOf)).size).toBe(16);
    const deps = {
      region,
      repository,
      settings: supervisionSettings(region),
      logger: new Logger({ logLevel: 'SILENT' }),
    };
    const later = new Date('2026-12-20T02:00:00Z');
    const before = emitted().length;
    // A run out of time starts no page and says it did not finish.
    expect(await superviseDue(deps, later, { deadline: Date.now() - 1 })).toEqual({ raised: 0, skipped: 0, finished: false });
    expect(emitted()).toHaveLength(before);
    const first = await superviseDue(deps, later, { pageSize: 7 });
    expect(first.finished).toBe(true);
    expect(first.raised).toBeGreaterThanOrEqual(backlog);
    // Each level raised committed its 督办 event with the order, once.
    const sent = emitted().slice(before);
    expect(sent).toHaveLength(first.raised);
    expect(new Set(sent.map((e) => e.type))).toEqual(new Set(['workorder.supervised']));
    expect(new Set(sent.map((e) => e.caseId).filter((id) => id.startsWith('backlog-'))).size).toBe(backlog);
    // Each order has had its highest level: the next sweep has nothing left to raise, nor to announce.
    expect((await superviseDue(deps, later, { pageSize: 7 })).raised).toBe(0);
    expect(emitted()).toHaveLength(before + first.raised);
  }, 60_000);
});
