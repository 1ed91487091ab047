import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '@govflow/contracts';
import { Logger } from '@aws-lambda-powertools/logger';
import { eventsEmitted, sealerFor } from '@govflow/platform';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import { ensureTables } from '@govflow/local/resources';
import { MediationRepository } from '../src/adapters/repository';
import { MediationService } from '../src/app/service';
import { heldBy } from '../src/domain/dispute';
import type { DisputeAction } from '../src/domain/lifecycle';
import { region } from './world';

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let tableName: string;
const logger = new Logger({ serviceName: 'mediation-test', logLevel: 'ERROR' });
const clock = new Date('2026-11-26T02:00:00.000Z');
const piiKey = '0'.repeat(64);
const sealer = sealerFor({}, { piiKey });

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  tableName = (await ensureTables(client, 'mediationtest')).mediation;
  await sealer.ready();
});

afterAll(async () => {
  await servers?.close();
});

/** Every event the mediation table's changes have emitted so far, in commit order: what its relay sends (ADR 0023). */
const emitted = (): Envelope[] => servers.streams.read(tableName, undefined, 100_000).flatMap(eventsEmitted);

function service() {
  const repository = new MediationRepository(doc, tableName, region.mediation.settings, { days: region.personalDataRetentionDays, timeZone: region.timeZone });
  return { repository, service: new MediationService({ region, repository, piiKey, sealer, logger, now: () => clock }) };
}

let serial = 0;
async function register(svc: MediationService, village: string, people = [`甲${serial}`, `乙${serial}`]) {
  serial++;
  return svc.register({
    disputeId: svc.newDisputeId(),
    partnerId: 'petition',
    traceId: 't',
    source: 'counter',
    type: 'neighbour',
    title: svc.seal('邻里纠纷'),
    narrative: svc.seal('楼上漏水'),
    narrativeText: '楼上漏水',
    riskFlags: [],
    consentToMediate: true,
    parties: svc.parties([
      { role: 'applicant', kind: 'person', name: people[0]!, channel: 'counter' },
      { role: 'respondent', kind: 'person', name: people[1]!, channel: 'counter' },
    ]),
    jurisdiction: { villageId: village, townId: village.replace(/-\d+$/, ''), districtId: village.split('-')[0], resolvedBy: 'address' },
    receivedAt: clock.toISOString(),
    by: { id: 'petition', role: 'partner' },
  });
}

const op = { id: 'op', role: 'operator' };

describe('the mediation service against the local DynamoDB', () => {
  it('queues the disputes a one-mediator village cannot take, and assigns the oldest when one closes', async () => {
    const { service: svc, repository } = service();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await register(svc, 'hn-lasengmiao-2'));
    expect(answers.map((a) => a.status)).toEqual(['assigned', 'assigned', 'assigned', 'assigned', 'queued', 'queued']);
    const queue = await repository.list({ index: 'centre', key: 'CENTRE#hn-lasengmiao-2-committee', sortPrefix: 'queued#', oldestFirst: true, limit: 10 });
    expect(queue.items.map((d) => d.disputeId)).toEqual([answers[4]!.disputeId, answers[5]!.disputeId]);

    await svc.act(answers[0]!.disputeId, { type: 'withdraw' }, op);
    expect((await repository.get(answers[4]!.disputeId))?.status).toBe('assigned');
    expect((await repository.get(answers[5]!.disputeId))?.status).toBe('queued');
    const { loads } = await svc.roster('hn-lasengmiao-2-committee');
    expect(loads.get('hn-lasengmiao-2-committee-m1')).toBe(4);
  });

  it('links a second registration by the same parties to the open dispute, once', async () => {
    const { service: svc, repository } = service();
    const first = await register(svc, 'hn-lasengmiao-3', ['王同一', '李同一']);
    const again = await register(svc, 'hn-lasengmiao-3', ['李同一', '王同一']);
    expect(again).toMatchObject({ status: 'linked', linkedTo: { disputeId: first.disputeId, code: first.code } });
    expect((await repository.get(first.disputeId))?.linkedDisputes).toEqual([{ disputeId: again.disputeId, code: again.code }]);
  });

  it('escalates by the sweep when the time limit passes, reading only what is due', async () => {
    const { service: svc, repository } = service();
    const answer = await register(svc, 'hn-lasengmiao-4');
    const d = (await repository.get(answer.disputeId))!;
    const escalated = () => emitted().filter((e) => e.caseId === answer.disputeId && e.type === 'mediation.escalated');
    await svc.sweep(new Date(Date.parse(d.tierDeadline!) - 1000));
    expect((await repository.get(answer.disputeId))?.sequence).toBe(d.sequence);
    expect(escalated()).toHaveLength(0);
    const result = await svc.sweep(new Date(Date.parse(d.tierDeadline!) + 1000));
    expect(result.acted).toBeGreaterThanOrEqual(1);
    expect(await repository.get(answer.disputeId)).toMatchObject({ tier: 'town', centreId: 'hn-lasengmiao-centre' });
    expect(escalated()).toHaveLength(1);
  });

  it('keeps what the winner of two racing steps issued: the loser’s document and minutes, put first, never replace it', async () => {
    const { service: svc, repository } = service();
    const { disputeId } = await register(svc, 'hn-lasengmiao-3');
    await svc.act(disputeId, { type: 'accept' }, op);
    // Both attempts put what they issue before either writes the step.
    const putFirst = repository.beforeStep.bind(repository);
    let arrived = 0;
    let release = () => {};
    const both = new Promise<void>((resolve) => (release = resolve));
    repository.beforeStep = async (change) => {
      await putFirst(change);
      if (++arrived === 2) release();
      await both;
    };
    const agree = (terms: string, minutes: string) =>
      svc.act(disputeId, { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: false, terms: svc.seal(terms) }, op, { minutes });
    const results = await Promise.allSettled([agree('甲方赔偿三千元', '第一份笔录'), agree('乙方赔偿五千元', '第二份笔录')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { name: 'ActionRefused' } });

    const dispute = (await repository.get(disputeId))!;
    await svc.loadKeys(dispute);
    const terms = svc.reveal(dispute.agreement!.terms);
    const [won, lost] = terms === '甲方赔偿三千元' ? [['甲方赔偿三千元', '第一份笔录'], ['乙方赔偿五千元', '第二份笔录']] : [['乙方赔偿五千元', '第二份笔录'], ['甲方赔偿三千元', '第一份笔录']];
    const items = (await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DISPUTE#${disputeId}` } }))).Items ?? [];
    expect(items.filter((i) => String(i.sk).startsWith('DOC#agreement#'))).toHaveLength(2);
    expect(items.filter((i) => String(i.sk).startsWith('MINUTES#S1#'))).toHaveLength(2);
    const agreement = await svc.document(dispute, 'agreement', true);
    expect(agreement).toContain(won![0]);
    expect(agreement).not.toContain(lost![0]);
    const minutes = await repository.minutes(dispute);
    await svc.loadKeys([...minutes.values()]);
    expect(svc.reveal({ masked: '', sealed: minutes.get('S1') })).toBe(won![1]);
  });

  it('still reads documents and minutes stored before attempts were named', async () => {
    const { service: svc, repository } = service();
    const { disputeId } = await register(svc, 'hn-lasengmiao-4');
    const { issuedBy: _none, ...dispute } = { ...(await repository.get(disputeId))!, sessions: [{ sessionId: 'S1', at: clock.toISOString(), place: '调解室', held: true, attendance: [], evidence: [] }] };
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `DISPUTE#${disputeId}`, sk: 'DOC#acceptance-notice', name: 'acceptance-notice', title: '受理通知书', issuedAt: clock.toISOString(), bodyMasked: '旧的通知书' } }));
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `DISPUTE#${disputeId}`, sk: 'MINUTES#S1', sealed: 'v2.old' } }));
    expect(await repository.document(dispute, 'acceptance-notice')).toMatchObject({ bodyMasked: '旧的通知书' });
    expect(await repository.minutes(dispute)).toEqual(new Map([['S1', 'v2.old']]));
  });

  it('keeps each mediator’s stored load equal to the disputes they hold, under random concurrent steps', async () => {
    const villages = ['wd-sandaokan-1', 'wd-sandaokan-2'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            dispute: fc.nat(5),
            action: fc.constantFrom('withdraw', 'escalate', 'accept', 'reassign', 'decline', 'flag-risk'),
          }),
          { minLength: 4, maxLength: 12 },
        ),
        async (steps) => {
          const { service: svc, repository } = service();
          const ids: string[] = [];
          for (let i = 0; i < 6; i++) ids.push((await register(svc, villages[i % 2]!)).disputeId);
          // Steps run two at a time: conflicts are retried, loads must still add up.
          for (let i = 0; i < steps.length; i += 2) {
            await Promise.all(
              steps.slice(i, i + 2).map(async ({ dispute, action }) => {
                const id = ids[dispute]!;
                const body: DisputeAction =
                  action === 'escalate' ? { type: 'escalate', reason: '提级' }
                  : action === 'reassign' ? { type: 'reassign', reason: '回避' }
                  : action === 'decline' ? { type: 'decline', reason: 'other' }
                  : action === 'flag-risk' ? { type: 'flag-risk', flag: 'petition' }
                  : action === 'accept' ? { type: 'accept' }
                  : { type: 'withdraw' };
                await svc.act(id, body, op).catch((error: Error) => {
                  if (error.name !== 'ActionRefused' && error.name !== 'ConcurrentChange') throw error;
                });
              }),
            );
          }
          const all = (await Promise.all(ids.map((id) => repository.get(id)))).filter((d) => d !== undefined);
          const held = new Map<string, number>();
          for (const d of all) for (const id of heldBy(d)) held.set(id, (held.get(id) ?? 0) + 1);
          const { loads } = await svc.roster();
          // Every dispute of this run sits in these villages' chain; other tests' disputes are elsewhere.
          const chain = (id: string) => id.startsWith('wd-');
          for (const [id, load] of loads) if (chain(id)) expect({ id, load }).toEqual({ id, load: held.get(id) ?? 0 });
          for (const id of ids) await svc.act(id, { type: 'withdraw' }, op).catch(() => undefined);
          for (const d of (await Promise.all(ids.map((id) => repository.get(id)))).filter((x) => x?.status === 'agreed' || x?.status === 'accepted')) {
            await svc.act(d!.disputeId, { type: 'refer-to-court', reason: '清场' }, op);
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});
