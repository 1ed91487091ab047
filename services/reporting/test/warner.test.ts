import { describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { eventsEmitted } from '@govflow/platform';
import { ensureTables } from '@govflow/local/resources';
import type { EmbeddedServers } from '@govflow/local/servers';
import { loadRegion } from '@govflow/regions';
import { createProjector } from '../src/app/consumer';
import { sweepWarnings } from '../src/app/warner';
import { ReportingRepository } from '../src/adapters/repository';
import { bj, CaseStory, withEmbeddedDynamo } from './fixtures';

/*
 * 预警: a warning carries its `warning.raised` event to reporting's relay on the table's stream
 * (ADR 0023), once; acknowledging it sends nothing again, and nobody reading warnings sees the event.
 */

const region = loadRegion('wuhai');
let dynamo: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let servers: EmbeddedServers;

withEmbeddedDynamo((local) => ({ dynamo, doc, servers } = local));

describe('the warner', () => {
  it('raises a cluster warning once, its event on the stream once, and an acknowledgement sends nothing', async () => {
    const table = (await ensureTables(dynamo, 'warner')).reporting;
    const project = createProjector({ doc, tableName: table, region });
    // Three requests about the same streetlight category in one grid today: a cluster (clusterMinCases 3).
    const at = (hour: number, minute: number) => bj(`2026-11-26T${String(hour).padStart(2, '0')}:0${minute}:00`).toISOString();
    const stories = ['W1', 'W2', 'W3'].map((id, i) => new CaseStory(id, at(8 + i, 0)).received().classified(at(8 + i, 1)));
    for (const event of stories.flatMap((s) => s.events)) {
      const effect = await project(event, { archive: false, reserved: 0 });
      if (effect.writes.length > 0) await doc.send(new TransactWriteCommand({ TransactItems: effect.writes }));
    }
    const repository = new ReportingRepository(doc, table);
    const deps = { region, repository, doc, logger: new Logger({ logLevel: 'SILENT' }) };
    const now = bj('2026-11-26T12:00:00');
    const emitted = () => servers.streams.read(table, undefined, 100_000).flatMap(eventsEmitted);

    expect((await sweepWarnings(deps, now)).raised).toBe(1);
    expect((await sweepWarnings(deps, now)).raised).toBe(0);
    const [warning] = await repository.warnings('2026-11');
    expect(warning).toMatchObject({ kind: 'cluster' });
    expect(warning).not.toHaveProperty('outbox');
    expect(emitted().map((e) => [e.type, e.caseId])).toEqual([['warning.raised', warning!.warningId]]);

    const records = servers.streams.read(table, undefined, 100_000).length;
    expect(await repository.acknowledge('2026-11', warning!.warningId, 'supervisor', now.toISOString())).toBe('done');
    expect(servers.streams.read(table, undefined, 100_000).length).toBe(records + 1);
    expect(emitted()).toHaveLength(1);
  });
});
