import type { AnyEvent, RegionConfig, WarningFields } from '@govflow/contracts';
import { emptyRecord, mergeEvent, type CaseRecord } from './case-record';
import { addCounts, cellsOf, contribution, counterDelta, type Contribution, type Counts } from './figures';
import { warningsFromEvent } from './warnings';

/** What reporting holds for a case: its facts and what its counters hold. */
export interface Projection {
  record: CaseRecord;
  applied?: Contribution;
  /** Set only while a change too big for one transaction is applied in parts. */
  appliedCells?: Record<string, Counts>;
}

export interface Step {
  /** The projection to store. */
  next: Projection;
  /** Counter changes, by cell id. */
  delta: Map<string, Counts>;
  warnings: WarningFields[];
  /** False when only part of the counter change fits; apply this step and project the event again. */
  complete: boolean;
}

/**
 * One event's effect on reporting: merge it into the case's facts, and move the counters
 * from what they hold for the case to what its facts now say. At most `maxCells` counter
 * items change per step; a bigger change (a late classification moving every figure of a
 * long-running case) goes in parts, each part recorded as `appliedCells`, so a crash
 * between parts leaves nothing counted twice or lost.
 */
export function project(current: Projection | undefined, event: AnyEvent, region: RegionConfig, maxCells: number): Step {
  return projectEvents(current, [event], region, maxCells);
}

/**
 * Several events of one case at once (one batch's, in order): merged one after the other,
 * each judged for warnings against the facts before it, and the counters moved once, from
 * what they hold to what all of them together say. A figure the first event sets and the
 * next moves (a case received, then classified) is never written in between.
 */
export function projectEvents(current: Projection | undefined, events: readonly AnyEvent[], region: RegionConfig, maxCells: number): Step {
  let record = current?.record;
  const warnings: WarningFields[] = [];
  for (const event of events) {
    const merged = mergeEvent(record, event);
    warnings.push(...warningsFromEvent(record, merged, event, region));
    record = merged;
  }
  if (!record) throw new Error('projectEvents needs at least one event');
  const target = contribution(record, { calendar: region.calendar, timeZone: region.timeZone });
  const before = current?.appliedCells ? new Map(Object.entries(current.appliedCells)) : current?.applied ? cellsOf(current.applied) : new Map<string, Counts>();
  const delta = counterDelta(before, cellsOf(target));
  if (delta.size <= maxCells) return { next: { record, applied: target }, delta, warnings, complete: true };

  const part = new Map([...delta].slice(0, maxCells));
  const cells = Object.fromEntries(counterDelta(new Map(), addCells(before, part)));
  // The facts stay as they were until the last part, so the warnings are judged once, then.
  return { next: { record: current?.record ?? emptyRecord(record.caseId), appliedCells: cells }, delta: part, warnings: [], complete: false };
}

function addCells(base: ReadonlyMap<string, Counts>, more: ReadonlyMap<string, Counts>): Map<string, Counts> {
  const sum = new Map<string, Counts>();
  for (const [id, counts] of base) sum.set(id, { ...counts });
  for (const [id, counts] of more) sum.set(id, addCounts(sum.get(id) ?? {}, counts));
  return sum;
}
