import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import { emptyRecord } from '../src/domain/case-record';
import { project, type Projection } from '../src/domain/projector';
import { bj, CaseStory } from './fixtures';

const region = loadRegion('wuhai');
const iso = (local: string) => bj(local).toISOString();

describe('projecting one event', () => {
  // A received case counts in one cell per kept dimension: four.
  const received = new CaseStory('P', iso('2026-11-23T09:00:00')).received().events[0]!;

  it('changes up to maxCells counter items in one step', () => {
    const step = project(undefined, received, region, 4);
    expect(step.complete).toBe(true);
    expect(step.delta.size).toBe(4);
    expect(step.next.applied).toBeDefined();
    expect(step.next.appliedCells).toBeUndefined();
  });

  it('splits a bigger change into parts of maxCells, keeping the facts as they were until the last part', () => {
    const first = project(undefined, received, region, 3);
    expect(first.complete).toBe(false);
    expect(first.delta.size).toBe(3);
    expect(first.next.record).toEqual(emptyRecord('P'));
    expect(Object.keys(first.next.appliedCells!)).toHaveLength(3);
    const last = project(first.next, received, region, 3);
    expect(last.complete).toBe(true);
    expect(last.delta.size).toBe(1);
    expect(last.next.record.receivedAt).toBe(iso('2026-11-23T09:00:00'));
  });

  it('raises an event’s warnings once, with its last part', () => {
    const alert = new CaseStory('R', iso('2026-11-23T09:00:00'), 'dispute').riskAlerted(iso('2026-11-23T10:00:00'), 'village').events[0]!;
    let projection: Projection | undefined;
    const warningsByPart: string[][] = [];
    for (;;) {
      const step = project(projection, alert, region, 2);
      warningsByPart.push(step.warnings.map((w) => w.kind));
      projection = step.next;
      if (step.complete) break;
    }
    expect(warningsByPart.length).toBeGreaterThan(1);
    expect(warningsByPart.slice(0, -1).flat()).toEqual([]);
    expect(warningsByPart.at(-1)).toEqual(['dispute-risk']);
  });
});
