import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRegion } from '@govflow/regions';
import type { AnyEvent } from '@govflow/contracts';
import { addCounts, type Counts } from '../src/domain/figures';
import { project, projectEvents, type Projection } from '../src/domain/projector';
import { bj, CaseStory } from './fixtures';

const region = loadRegion('wuhai');
const iso = (local: string) => bj(local).toISOString();

/** Three cases: one closed with a rating, one repeated, one still open and supervised. */
function stories(): CaseStory[] {
  return [
    new CaseStory('A', iso('2026-11-23T09:00:00'))
      .received().classified(iso('2026-11-23T09:01:00')).dispatched(iso('2026-11-23T09:02:00'))
      .signed(iso('2026-11-23T10:02:00')).resolved(iso('2026-11-25T10:00:00')).verified(iso('2026-11-25T11:00:00')).rated(iso('2026-11-25T12:00:00'), 'satisfied'),
    new CaseStory('B', iso('2026-11-24T09:00:00')).received().linkedAsRepeat(iso('2026-11-24T09:01:00'), 'A', 3),
    new CaseStory('C', iso('2026-11-24T10:00:00'))
      .received().classified(iso('2026-11-24T10:01:00')).dispatched(iso('2026-11-24T10:05:00'))
      .supervised(iso('2026-11-25T09:00:00'), 'due-soon', 'sign').supervised(iso('2026-11-25T10:05:00'), 'overdue', 'sign'),
  ];
}

/** Consumes deliveries (each a run of one case's events, as a batch hands them over), parts and all. */
function consume(deliveries: readonly AnyEvent[][], maxCells: number) {
  const projections = new Map<string, Projection>();
  const counters = new Map<string, Counts>();
  const warnings: string[] = [];
  let writes = 0;
  for (const events of deliveries) {
    for (;;) {
      const step = projectEvents(projections.get(events[0]!.caseId), events, region, maxCells);
      for (const [id, counts] of step.delta) counters.set(id, addCounts(counters.get(id) ?? {}, counts));
      writes += step.delta.size;
      warnings.push(...step.warnings.map((w) => `${w.kind} ${JSON.stringify(w.subject)}`));
      projections.set(events[0]!.caseId, step.next);
      if (step.complete) break;
    }
  }
  for (const [id, counts] of counters) {
    for (const m of Object.keys(counts)) if (counts[m] === 0) delete counts[m];
    if (Object.keys(counts).length === 0) counters.delete(id);
  }
  return { counters, warnings: warnings.sort(), writes, records: new Map([...projections].map(([id, p]) => [id, p.record])) };
}

/** The deliveries cut into runs of one case's consecutive events, at most `sizes[i]` long. */
function runs(events: readonly AnyEvent[], sizes: readonly number[]): AnyEvent[][] {
  const out: AnyEvent[][] = [];
  let i = 0;
  for (const event of events) {
    const last = out.at(-1);
    if (last && last[0]!.caseId === event.caseId && last.length < (sizes[i % sizes.length] ?? 1)) last.push(event);
    else {
      out.push([event]);
      i++;
    }
  }
  return out;
}

describe('several events of one case projected as one change', () => {
  const inOrder = stories().flatMap((s) => s.events);
  const oneByOne = consume(
    inOrder.map((e) => [e]),
    100,
  );

  it('end with the same facts, counters and warnings as one event at a time, whatever the runs, order, duplicates and part size', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(inOrder, { minLength: inOrder.length, maxLength: inOrder.length }),
        fc.array(fc.nat({ max: inOrder.length - 1 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 3, max: 40 }),
        (shuffled, duplicates, sizes, maxCells) => {
          const delivered = [...shuffled];
          for (const i of duplicates) delivered.splice(i % delivered.length, 0, inOrder[i]!);
          const grouped = consume(runs(delivered, sizes), maxCells);
          expect(grouped.counters).toEqual(oneByOne.counters);
          expect(grouped.records).toEqual(oneByOne.records);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('raise each warning once, judged against the facts before each event', () => {
    expect(oneByOne.warnings.length).toBeGreaterThan(0);
    expect(consume(runs(inOrder, [10]), 100).warnings).toEqual(oneByOne.warnings);
  });

  it('never write what the next event in the run takes back: a case received, classified and dispatched together writes fewer counter items', () => {
    const [received, classified, dispatched] = stories()[0]!.events;
    const together = consume([[received!, classified!, dispatched!]], 100);
    const apart = consume([[received!], [classified!], [dispatched!]], 100);
    expect(together.counters).toEqual(apart.counters);
    expect(together.writes).toBeLessThan(apart.writes);
    // The unknown category and place the received case counts under are never touched.
    const step = projectEvents(undefined, [received!, classified!, dispatched!], region, 100);
    expect([...step.delta.keys()].filter((id) => id.includes('unknown|unknown'))).toEqual([]);
    expect(project(undefined, received!, region, 100).delta.size).toBeGreaterThan(0);
  });

  it('refuse to project nothing', () => {
    expect(() => projectEvents(undefined, [], region, 100)).toThrow(/at least one event/);
  });
});
