import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRegion } from '@govflow/regions';
import type { AnyEvent } from '@govflow/contracts';
import { emptyRecord, mergeEvent, type CaseRecord } from '../src/domain/case-record';
import { addCounts, cellsOf, contribution, counterDelta, readAs, topicMetrics, type Counts } from '../src/domain/figures';
import { kpiGroups, rowsFromRecords } from '../src/domain/kpis';
import { project, type Projection } from '../src/domain/projector';
import { bj, CaseStory } from './fixtures';

const region = loadRegion('wuhai');
const ctx = { calendar: region.calendar, timeZone: region.timeZone };
const iso = (local: string) => bj(local).toISOString();

/** Six cases whose figures are worked out by hand below. */
function stories(): CaseStory[] {
  const a = new CaseStory('A', iso('2026-11-23T09:00:00'))
    .received().classified(iso('2026-11-23T09:01:00')).dispatched(iso('2026-11-23T09:02:00'))
    .signed(iso('2026-11-23T10:02:00')).resolved(iso('2026-11-25T10:00:00')).verified(iso('2026-11-25T11:00:00')).rated(iso('2026-11-25T12:00:00'), 'satisfied');
  const b = new CaseStory('B', iso('2026-11-23T10:00:00'))
    .received().classified(iso('2026-11-23T10:01:00')).dispatched(iso('2026-11-23T10:05:00'))
    .returned(iso('2026-11-23T11:00:00')).transferred(iso('2026-11-23T11:30:00'), 'same')
    .signed(iso('2026-11-25T09:30:00'))
    .extensionRequested(iso('2026-11-26T09:00:00')).extensionApproved(iso('2026-11-26T10:00:00'), iso('2026-12-04T10:00:00'))
    .resolved(iso('2026-11-30T10:00:00')).verified(iso('2026-11-30T11:00:00')).rated(iso('2026-11-30T12:00:00'), 'unsatisfied', iso('2026-12-07T12:00:00'))
    .resolved(iso('2026-12-01T10:00:00')).verified(iso('2026-12-01T11:00:00')).rated(iso('2026-12-01T12:00:00'), 'basically-satisfied');
  const c = new CaseStory('C', iso('2026-11-24T09:00:00'))
    .received().classified(iso('2026-11-24T09:01:00')).dispatched(iso('2026-11-24T09:05:00'))
    .signed(iso('2026-11-24T09:35:00')).supervised(iso('2026-11-29T09:01:00'), 'overdue').supervised(iso('2026-12-04T10:00:00'), 'notice');
  const d = new CaseStory('D', iso('2026-11-24T14:00:00')).received().linkedAsRepeat(iso('2026-11-24T14:01:00'), 'A');
  const e = new CaseStory('E', iso('2026-11-25T09:00:00'), 'dispute')
    .received().classified(iso('2026-11-25T09:01:00'), 'dispute-neighbour', 'dispute')
    .disputeOpened(iso('2026-11-25T09:02:00'), 'village').disputeAccepted(iso('2026-11-25T09:30:00'), 'village')
    .disputeEscalated(iso('2026-11-26T10:00:00'), 'village', 'town').disputeAgreed(iso('2026-11-27T15:00:00'), 'town')
    .judicialConfirmed(iso('2026-12-02T10:00:00'), 'town').disputeClosed(iso('2026-12-03T10:00:00'), 'town');
  // Registered directly at a centre: no citizen case, so no case.received.
  const f = new CaseStory('F', iso('2026-11-26T09:00:00'), 'dispute')
    .disputeOpened(iso('2026-11-26T09:00:00'), 'village').disputeAccepted(iso('2026-11-26T09:30:00'), 'village')
    .riskAlerted(iso('2026-11-26T10:00:00'), 'village').referredToCourt(iso('2026-11-30T10:00:00'), 'village');
  return [a, b, c, d, e, f];
}

const fold = (events: readonly AnyEvent[]) => events.reduce<CaseRecord | undefined>((r, e) => mergeEvent(r, e), undefined)!;
const records = () => stories().map((s) => fold(s.events));
const kpis = (from: string, to: string, groupBy: 'district' | 'department' = 'district') =>
  kpiGroups(region, rowsFromRecords(records().map((r) => contribution(r, ctx)), groupBy, from, to), groupBy);

describe('KPIs on hand-computed cases', () => {
  it('counts volumes, rates with their numerators and denominators, and working-hour durations', () => {
    const { total, groups } = kpis('2026-11-01', '2026-12-31');
    expect(groups.map((g) => [g.key, g.name, g.received])).toEqual([['hbw', '海勃湾区', 6]]);
    expect(total).toMatchObject({
      received: 6,
      open: 1, // C; A and B closed, D linked, E closed, F referred to court
      overdue: 1,
      signedOnTimeRate: { numerator: 2, denominator: 3, value: 0.6667 }, // B signed after its (re-dispatched) deadline
      returnRate: { numerator: 1, denominator: 3 },
      resolvedOnTimeRate: { numerator: 2, denominator: 3 }, // A; B by its extended-then-reset deadline; C past it
      resolutionRate: { numerator: 2, denominator: 2 },
      followUpRate: { numerator: 2, denominator: 2 },
      reopenRate: { numerator: 1, denominator: 2 },
      satisfactionRate: { numerator: 2, denominator: 3 }, // satisfied, unsatisfied, basically satisfied
      repeatRate: { numerator: 1, denominator: 6 },
      // Sign: A 60 min, B 985 min (Mon 10:05 → Wed 09:30 in office hours), C 30 min.
      avgHoursToSign: 5.97,
      // Resolve: A 18 h (≤ 24), B 51 h (≤ 80): 90% of two cases needs both.
      p90HoursToResolve: 80,
      mediationSuccessRate: { numerator: 1, denominator: 2 }, // E agreed; F referred to court
      resolvedAtOrBelowTownRate: { numerator: 1, denominator: 1 }, // agreed at town after escalation
      judicialConfirmationRate: { numerator: 1, denominator: 1 },
      notices: 1,
      unjustifiedReturns: 1,
    });
  });

  it('attributes each figure to the day of its own moment', () => {
    const { total } = kpis('2026-11-01', '2026-11-30');
    expect(total).toMatchObject({
      received: 6,
      resolvedOnTimeRate: { numerator: 1, denominator: 2 }, // B falls due on 7 Dec
      resolutionRate: { numerator: 1, denominator: 1 }, // B closed on 1 Dec
      satisfactionRate: { numerator: 1, denominator: 2 },
      notices: 0, // C's notice came on 4 Dec
    });
  });

  it('charges a return and a notice to the department that held the order, and groups by name', () => {
    const { groups } = kpis('2026-11-01', '2026-12-31', 'department');
    const city = groups.find((g) => g.key === 'hbw-city-management-bureau')!;
    expect(city).toMatchObject({ name: '海勃湾区城市管理综合执法局', received: 3, notices: 1, unjustifiedReturns: 1 });
    expect(groups.find((g) => g.key === 'none')).toMatchObject({ received: 3, name: '未派遣（含矛盾纠纷）' });
  });
});

/** Applies events one by one as the consumer does, parts and all, into an in-memory counter table. */
function consume(events: readonly AnyEvent[], maxCells: number) {
  const projections = new Map<string, Projection>();
  const counters = new Map<string, Counts>();
  for (const event of events) {
    for (;;) {
      const step = project(projections.get(event.caseId), event, region, maxCells);
      for (const [id, counts] of step.delta) counters.set(id, addCounts(counters.get(id) ?? {}, counts));
      projections.set(event.caseId, step.next);
      if (step.complete) break;
    }
  }
  for (const [id, counts] of counters) {
    for (const m of Object.keys(counts)) if (counts[m] === 0) delete counts[m];
    if (Object.keys(counts).length === 0) counters.delete(id);
  }
  return counters;
}

function expectedCounters(): Map<string, Counts> {
  const expected = new Map<string, Counts>();
  for (const r of records()) for (const [id, counts] of cellsOf(contribution(r, ctx))) expected.set(id, addCounts(expected.get(id) ?? {}, counts));
  return expected;
}

describe('kept dimensions', () => {
  const at = '2026-11-23T01:00:00.000Z';
  const placedAtTown: CaseRecord = {
    ...emptyRecord('T'),
    receivedAt: at,
    channel: 'hotline-12345',
    kind: { value: 'complaint', at },
    category: { value: { major: 'urban', minor: 'urban-streetlight' }, at },
    place: { value: { districtId: 'hbw', townId: 'xh' }, at },
  };

  it('write one counter item per kept dimension for a figure, four in all, whatever the nine groupings', () => {
    const dayCells = [...cellsOf(contribution(placedAtTown, ctx)).keys()].filter((id) => id.split('#')[1] === '2026-11-23');
    expect(dayCells.map((id) => id.split('#')[0]).sort()).toEqual(['category', 'handling', 'place', 'topic']);
    expect(dayCells).toContain('place#2026-11-23#hbw|xh|unknown|unknown');
    expect(dayCells).toContain('category#2026-11-23#urban|urban-streetlight');
    expect(dayCells).toContain('handling#2026-11-23#none|hotline-12345|complaint');
  });

  it('keep in a topic cell only the figures topics read: a signature, a resolution or a closure writes no topic item', () => {
    const story = stories()[0]!; // A: received, classified, dispatched, signed, resolved, verified (closed), rated satisfied
    const topicCells = story.events.map((event, i) => {
      const before = i === 0 ? new Map<string, Counts>() : cellsOf(contribution(fold(story.events.slice(0, i)), ctx));
      const after = cellsOf(contribution(fold(story.events.slice(0, i + 1)), ctx));
      const moved = [...counterDelta(before, after)].filter(([id]) => id.startsWith('topic#'));
      return [event.type, moved.map(([, counts]) => counts)];
    });
    expect(topicCells.filter(([type]) => ['workorder.signed', 'workorder.resolved', 'workorder.verified'].includes(type as string))).toEqual([
      ['workorder.signed', []],
      ['workorder.resolved', []],
      ['workorder.verified', []],
    ]);
    expect(topicCells.find(([type]) => type === 'workorder.rated')).toEqual(['workorder.rated', [{ rated: 1, satisfied: 1 }]]);
    // Every cell of every story keeps in its topic dimension nothing topics does not read.
    for (const record of records()) {
      for (const [id, counts] of cellsOf(contribution(record, ctx))) if (id.startsWith('topic#')) expect(Object.keys(counts).every((m) => topicMetrics.has(m))).toBe(true);
    }
  });

  it('roll a kept value up to each grouping inside it; a level the case was not placed at is unknown', () => {
    const rows = (groupBy: Parameters<typeof rowsFromRecords>[1]) => rowsFromRecords([contribution(placedAtTown, ctx)], groupBy, '2026-11-23', '2026-11-23').map((r) => [r.value, r.counts.received]);
    expect(rows('district')).toEqual([['hbw', 1]]);
    expect(rows('town')).toEqual([['xh', 1]]);
    expect(rows('community')).toEqual([['unknown', 1]]);
    expect(rows('grid')).toEqual([['unknown', 1]]);
    expect(rows('major')).toEqual([['urban', 1]]);
    expect(rows('minor')).toEqual([['urban-streetlight', 1]]);
    expect(rows('channel')).toEqual([['hotline-12345', 1]]);
    expect(rows('kind')).toEqual([['complaint', 1]]);
    expect(rows('topic')).toEqual([['xh|urban', 1]]);
    expect(rows('department')).toEqual([['none', 1]]);
    expect(readAs('department')).toMatchObject({ dimension: 'handling' });
    expect(readAs('hotspot').valueOf('v|urban')).toBe('v|urban');
  });

  it('sum the kept values that roll up to one group', () => {
    const other: CaseRecord = { ...placedAtTown, caseId: 'U', place: { value: { districtId: 'hbw', townId: 'qx', villageId: 'v9', gridId: 'g9' }, at } };
    const rows = rowsFromRecords([contribution(placedAtTown, ctx), contribution(other, ctx)], 'district', '2026-11-23', '2026-11-23');
    expect(rows.map((r) => [r.value, r.counts.received, r.counts.open])).toEqual([['hbw', 2, 2]]);
  });
});

describe('counters', () => {
  it('stay exact under duplicate and out-of-order delivery, and when changes are applied in parts', () => {
    const all = stories().flatMap((s) => s.events);
    const expected = expectedCounters();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.array(fc.nat({ max: all.length - 1 }), { maxLength: 15 }),
        fc.integer({ min: 3, max: 40 }),
        (shuffled, duplicates, maxCells) => {
          const delivered = [...shuffled];
          for (const i of duplicates) delivered.splice(i % delivered.length, 0, all[i]!);
          expect(consume(delivered, maxCells)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rebuild exactly from a replay of the archived events', () => {
    const archive = stories().flatMap((s) => s.events).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
    expect(consume(archive, 22)).toEqual(consume([...archive].reverse(), 22));
    expect(consume(archive, 22)).toEqual(expectedCounters());
  });
});

describe('reading a range', () => {
  it('reads whole months as months and only the days at either end one by one', async () => {
    const { wholeMonths } = await import('../src/adapters/repository');
    expect(wholeMonths('2026-01-15', '2026-04-03')).toEqual({ months: ['2026-02', '2026-03'], dayRanges: [['2026-01-15', '2026-01-31'], ['2026-04-01', '2026-04-03']] });
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02'], dayRanges: [] });
    expect(wholeMonths('2026-02-02', '2026-02-27')).toEqual({ months: [], dayRanges: [['2026-02-02', '2026-02-27']] });
  });
});
