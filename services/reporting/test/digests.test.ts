import { describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient} from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AnyEvent } from '@govflow/contracts';
import { ensureTables } from '@govflow/local/resources';
import { loadRegion } from '@govflow/regions';
import { createProjector } from '../src/app/consumer';
import { sealDigests } from '../src/app/digests';
import { ReportingRepository } from '../src/adapters/repository';
import { decodeDigest, encodeDigest, isClosed, isSealable, pendingChanges } from '../src/domain/digests';
import type { Counts, Dimension } from '../src/domain/figures';
import type { CounterRow } from '../src/domain/kpis';
import { bj, CaseStory, withEmbeddedDynamo } from './fixtures';

const region = loadRegion('wuhai');

describe('digest encoding and rules', () => {
  it('round-trips rows, dropping zeros', () => {
    const rows = new Map<string, Counts>([
      ['a', { received: 3, open: 0, resolvedIn2: 1 }],
      ['b|urban', { received: 1 }],
      ['c', { open: 0 }],
    ]);
    expect(decodeDigest(encodeDigest(rows))).toEqual(new Map([['a', { received: 3, resolvedIn2: 1 }], ['b|urban', { received: 1 }]]));
  });

  it('closes a day when it ends and seals it twenty minutes into the next; a month likewise after its last day', () => {
    expect(isClosed('2026-11-25', '2026-11-26')).toBe(true);
    expect(isClosed('2026-11-26', '2026-11-26')).toBe(false);
    expect(isSealable('2026-11-25', '2026-11-26', 5)).toBe(false);
    expect(isSealable('2026-11-25', '2026-11-26', 25)).toBe(true);
    expect(isSealable('2026-11-26', '2026-11-26', 1000)).toBe(false);
    expect(isSealable('2026-11-24', '2026-11-26', 0)).toBe(true);
    expect(isClosed('2026-10', '2026-11-01')).toBe(true);
    expect(isSealable('2026-10', '2026-11-01', 10)).toBe(false);
    expect(isSealable('2026-10', '2026-11-01', 30)).toBe(true);
  });

  it('sends changes of closed days of digested dimensions to pending items, and to their month once it is closed too', () => {
    const delta = new Map<string, Counts>([
      ['handling#2026-11-20#d1', { open: -1 }],
      ['handling#2026-11-26#d1', { closed: 1 }],
      ['handling#2026-10-30#d1', { open: -1 }],
      ['handling#2026-10-31#d2', { open: -1 }],
      ['hotspot#2026-11-20T09#v|*', { received: 1 }],
      ['topic#2026-11-20#t|urban', { open: -1, overdue: -1 }],
    ]);
    expect(pendingChanges(delta, '2026-11-26')).toEqual(
      new Map([
        ['handling#2026-11-20', { 'd1|open': -1 }],
        ['handling#2026-10-30', { 'd1|open': -1 }],
        ['handling#2026-10', { 'd1|open': -1, 'd2|open': -1 }],
        ['handling#2026-10-31', { 'd2|open': -1 }],
        ['topic#2026-11-20', { 't|urban|open': -1, 't|urban|overdue': -1 }],
      ]),
    );
  });
});

describe('digests against the live counters', () => {
  let doc: DynamoDBDocumentClient;
  let dynamo: DynamoDBClient;

  withEmbeddedDynamo((local) => ({ dynamo, doc } = local));

  const iso = (local: string) => bj(local).toISOString();
  const day = (n: number) => new Date(Date.UTC(2026, 9, 27 + n)).toISOString().slice(0, 10);

  /** Cases received each day from 28 October, most closed days later (across the month's end), some returned and transferred. */
  function stories(): CaseStory[] {
    const all: CaseStory[] = [];
    for (let d = 1; d <= 7; d++) {
      for (let n = 0; n < 3; n++) {
        const s = new CaseStory(`G${d}-${n}`, iso(`${day(d)}T0${n + 1}:00:00`)).received().classified(iso(`${day(d)}T0${n + 1}:05:00`)).dispatched(iso(`${day(d)}T0${n + 1}:10:00`));
        if (n === 1) s.returned(iso(`${day(d + 1)}T10:00:00`)).transferred(iso(`${day(d + 1)}T11:00:00`), 'water');
        if (n !== 2) s.signed(iso(`${day(d + 1)}T12:00:00`)).resolved(iso(`${day(d + 3)}T10:00:00`)).verified(iso(`${day(d + 3)}T11:00:00`)).rated(iso(`${day(d + 4)}T09:00:00`), 'satisfied');
        all.push(s);
      }
    }
    return all;
  }

  /** Rows summed by day and value, zeros dropped: the same figures whatever items they came from. */
  function normalised(rows: CounterRow[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const row of rows) {
      const key = `${row.day}|${row.value}`;
      const target = (out[key] ??= {});
      for (const [metric, amount] of Object.entries(row.counts)) target[metric] = (target[metric] ?? 0) + amount;
    }
    for (const [key, counts] of Object.entries(out)) {
      for (const metric of Object.keys(counts)) if (counts[metric] === 0) delete counts[metric];
      if (Object.keys(counts).length === 0) delete out[key];
    }
    return out;
  }

  async function expectSameAsLive(repository: ReportingRepository, dimensions: Dimension[]) {
    for (const dimension of dimensions) {
      for (const months of [false, true]) {
        const viaDigests = await repository.counters(dimension, day(1), day(12), { months });
        const live = await repository.counters(dimension, day(1), day(12), { months, digests: false });
        expect(normalised(viaDigests), `${dimension}, months ${months}`).toEqual(normalised(live));
      }
    }
  }

  it('give the live figures while late events keep changing closed days, in order or not, sealed as time passes', async () => {
    const tableName = (await ensureTables(dynamo, 'digests')).reporting;
    const repository = new ReportingRepository(doc, tableName);
    const events = stories()
      .flatMap((s) => s.events)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    // Every third event arrives a day late; one is delivered twice.
    const arrivals = events.map((event, i) => ({ event, at: Date.parse(event.occurredAt) + (i % 3 === 0 ? 86_400_000 : 60_000) }));
    arrivals.push({ event: events[10]!, at: Date.parse(events[10]!.occurredAt) + 2 * 86_400_000 });
    arrivals.sort((a, b) => a.at - b.at);

    let clock = new Date(arrivals[0]!.at);
    const project = createProjector({ doc, tableName, region, now: () => clock });
    const apply = async (event: AnyEvent) => {
      const effect = await project(event, { archive: false, reserved: 0 });
      if (effect.writes.length > 0) await doc.send(new TransactWriteCommand({ TransactItems: effect.writes }));
    };
    let lastSeal = '';
    for (const { event, at } of arrivals) {
      clock = new Date(at);
      const today = clock.toISOString().slice(0, 10);
      if (today !== lastSeal) {
        // The job runs as each day starts: seals the day before yesterday, folds what changed.
        await sealDigests({ region, repository }, { now: clock, ...(lastSeal ? {} : { from: day(1) }) });
        lastSeal = today;
      }
      await apply(event);
    }
    const sealedBefore = await repository.digestProgress();
    expect(sealedBefore).toBeDefined();
    const pendingNow = await repository.pendingBuckets('handling');
    expect(pendingNow.length, 'late events left pending changes on sealed days').toBeGreaterThan(0);
    await expectSameAsLive(repository, ['department', 'district', 'topic', 'grid']);

    // Time passes: everything is sealed and folded, and still the same figures.
    clock = bj(`${day(14)}T01:00:00`);
    const result = await sealDigests({ region, repository }, { now: clock });
    expect(result.folded).toBeGreaterThan(0);
    expect((await repository.pendingBuckets('handling')).filter((b) => isSealable(b, day(14), 60))).toEqual([]);
    await expectSameAsLive(repository, ['department', 'district', 'topic', 'grid', 'minor', 'channel', 'kind']);
    // Served from digests now: the October month reads one item, not one per value.
    const october = await repository.digestState('handling', '2026-10');
    expect(october.digest?.size).toBeGreaterThan(1);
  }, 120_000);

  it('refuses a seal when the pending item changed after it was read', async () => {
    const tableName = (await ensureTables(dynamo, 'digest-race')).reporting;
    const repository = new ReportingRepository(doc, tableName);
    await doc.send(new TransactWriteCommand({ TransactItems: [repository.pendingUpdate('handling#2026-11-01', { 'd1|open': -1 })] }));
    const state = await repository.digestState('handling', '2026-11-01');
    expect(state.pending?.seq).toBe(1);
    // A consumer changes the day between the read and the write.
    await doc.send(new TransactWriteCommand({ TransactItems: [repository.pendingUpdate('handling#2026-11-01', { 'd1|open': -1 })] }));
    expect(await repository.sealDigest('handling', '2026-11-01', new Map([['d1', { open: 5 }]]), { pendingSeq: state.pending!.seq })).toBe(false);
    const again = await repository.digestState('handling', '2026-11-01');
    expect(await repository.sealDigest('handling', '2026-11-01', new Map([['d1', { open: 5 }]]), { pendingSeq: again.pending!.seq })).toBe(true);
    expect(await repository.digestState('handling', '2026-11-01')).toEqual({ digest: new Map([['d1', { open: 5 }]]), digestVersion: 1 });
  });
});
