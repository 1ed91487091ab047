import { describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient} from '@aws-sdk/lib-dynamodb';
import { ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '@govflow/local/resources';
import { loadRegion } from '@govflow/regions';
import { createProjector } from '../src/app/consumer';
import { replayArchive } from '../src/app/replay';
import { ReportingRepository } from '../src/adapters/repository';
import { kpiGroups } from '../src/domain/kpis';
import { bj, CaseStory, withEmbeddedDynamo } from './fixtures';

const region = loadRegion('wuhai');
let dynamo: DynamoDBClient;
let doc: DynamoDBDocumentClient;

withEmbeddedDynamo((local) => ({ dynamo, doc } = local));

async function counterItems(table: string): Promise<Record<string, Record<string, unknown>>> {
  const items: Record<string, Record<string, unknown>> = {};
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    for (const { pk, sk, ...rest } of page.Items ?? []) {
      if (!String(pk).startsWith('K#')) continue;
      const nonZero = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== 0));
      if (Object.keys(nonZero).length > 0) items[`${pk}|${sk}`] = nonZero;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

describe('the event archive', () => {
  it('replays into a fresh table, in two resumed runs, to exactly the same figures', async () => {
    const live = (await ensureTables(dynamo, 'replay-live')).reporting;
    const rebuilt = (await ensureTables(dynamo, 'replay-rebuilt')).reporting;
    const iso = (local: string) => bj(local).toISOString();
    const stories = [
      new CaseStory('R1', iso('2026-11-23T09:00:00')).received().classified(iso('2026-11-23T09:01:00')).dispatched(iso('2026-11-23T09:02:00'))
        .signed(iso('2026-11-23T10:00:00')).resolved(iso('2026-11-24T10:00:00')).verified(iso('2026-11-24T11:00:00')).rated(iso('2026-11-24T12:00:00'), 'satisfied'),
      new CaseStory('R2', iso('2026-11-24T09:00:00')).received().classified(iso('2026-11-24T09:01:00')).dispatched(iso('2026-11-24T09:02:00'))
        .returned(iso('2026-11-24T10:00:00')).transferred(iso('2026-11-24T10:30:00'), 'water').signed(iso('2026-11-25T10:00:00')),
      new CaseStory('R3', iso('2026-11-25T09:00:00'), 'dispute').received().disputeOpened(iso('2026-11-25T09:05:00'), 'village')
        .disputeAccepted(iso('2026-11-25T10:00:00'), 'village').riskAlerted(iso('2026-11-25T11:00:00'), 'village').disputeAgreed(iso('2026-11-26T10:00:00'), 'village'),
    ];
    // Live: each event projected as the consumer does, newest first (the worst order), one delivered twice;
    // archived as the consumer does, a batch of four at a time, so the redelivered one is archived twice.
    const project = createProjector({ doc, tableName: live, region });
    const events = stories.flatMap((s) => s.events).reverse();
    const delivered = [...events, events[3]!];
    for (const event of delivered) {
      const effect = await project(event, { archive: false, reserved: 0 });
      if (effect.writes.length > 0) await doc.send(new TransactWriteCommand({ TransactItems: effect.writes }));
    }
    for (let i = 0; i < delivered.length; i += 4) await new ReportingRepository(doc, live).archive(delivered.slice(i, i + 4));
    const options = { doc, region, sourceTable: live, targetTable: rebuilt, from: '2026-11-23', to: '2026-11-27', name: 'test' };
    // A run stops at the end of the archive item that reaches its limit; the next resumes after it.
    const first = await replayArchive({ ...options, maxEvents: 10 });
    expect(first.done).toBe(false);
    expect(first.events).toBeGreaterThanOrEqual(10);
    expect(first.events).toBeLessThan(delivered.length);
    const rest = await replayArchive(options);
    expect(rest).toEqual({ events: delivered.length - first.events, done: true });
    expect(await counterItems(rebuilt)).toEqual(await counterItems(live));

    const figures = async (table: string) => kpiGroups(region, await new ReportingRepository(doc, table).counters('district', '2026-11-01', '2026-11-30', { months: true }), 'district').total;
    expect(await figures(rebuilt)).toMatchObject({ received: 3, returnRate: { numerator: 1, denominator: 2 }, mediationSuccessRate: { numerator: 1, denominator: 1 } });
    const warnings = await new ReportingRepository(doc, rebuilt).warnings('2026-11');
    expect(warnings.map((w) => w.kind)).toEqual(['dispute-risk']);
  });
});
