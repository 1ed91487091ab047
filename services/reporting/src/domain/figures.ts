import type { Calendar } from '@govflow/contracts';
import { workingMinutesBetween } from '@govflow/regions';
import { currentDepartment, isFinished, workOrderStatus, type CaseRecord, type WorkStepFact } from './case-record';
import { localDay, localHour } from './time';

/**
 * What one case adds to the region's counters. Every counter is a sum over cases of
 * `contribution(record)`, so when an event changes a record, the counters change by
 * contribution(after) − contribution(before): exact under any delivery order, and a
 * redelivered event (which changes nothing in the record) changes no counter.
 */

/** The dimensions a KPI query can group by (besides time). */
export const groupDimensions = ['district', 'town', 'community', 'grid', 'department', 'major', 'minor', 'channel', 'kind'] as const;
export type GroupDimension = (typeof groupDimensions)[number];
/** Kept for early warning and topics: category × area. */
export const signalDimensions = ['topic', 'hotspot', 'cluster'] as const;
export type SignalDimension = (typeof signalDimensions)[number];

/**
 * The dimensions counters are kept in. A kept value names a case's whole path
 * (`district|town|community|grid`, `major|minor`, `department|channel|kind`), so each of the
 * nine groupings is read from one of them and rolled up as it is read, and an event writes
 * four counter items instead of ten (ADR 0004, "Five kept dimensions", "Four kept dimensions").
 */
export const keptDimensions = ['place', 'category', 'handling', 'topic'] as const;
export type KeptDimension = (typeof keptDimensions)[number];
export type Dimension = GroupDimension | SignalDimension | KeptDimension;

/** Where a grouping's counters are kept, and which part of the kept value is the group's. */
const keptAs: Record<GroupDimension, { dimension: KeptDimension; part?: number }> = {
  district: { dimension: 'place', part: 0 },
  town: { dimension: 'place', part: 1 },
  community: { dimension: 'place', part: 2 },
  grid: { dimension: 'place', part: 3 },
  department: { dimension: 'handling', part: 0 },
  major: { dimension: 'category', part: 0 },
  minor: { dimension: 'category', part: 1 },
  channel: { dimension: 'handling', part: 1 },
  kind: { dimension: 'handling', part: 2 },
};

/** The dimension a query of `dimension` reads, and how a value read there becomes the asked one's. */
export function readAs(dimension: Dimension): { dimension: Dimension; valueOf: (kept: string) => string } {
  const kept = (keptAs as Partial<Record<Dimension, { dimension: KeptDimension; part?: number }>>)[dimension];
  if (kept?.part === undefined) return { dimension: kept?.dimension ?? dimension, valueOf: (value) => value };
  const part = kept.part;
  return { dimension: kept.dimension, valueOf: (value) => value.split('|')[part] ?? unknown };
}

/** Buckets of working hours from receipt to 办结, for the p90; the last bucket is open-ended. */
export const resolveHourBounds = [1, 2, 4, 8, 16, 24, 40, 80, 160, 320] as const;
export const resolveHistogram = resolveHourBounds.map((_, i) => `resolvedIn${i}`).concat(`resolvedIn${resolveHourBounds.length}`);

export type Metric = string;
export type Counts = Record<Metric, number>;

export interface Entry {
  metric: Metric;
  /** `YYYY-MM-DD` (or `YYYY-MM-DDTHH` for hotspot entries) in the region's time zone. */
  bucket: string;
  value: number;
  /** Charged to this department rather than the one handling the case now (a return, a notice). */
  department?: string;
  /** Counted only in this signal dimension (hotspot and cluster entries). */
  signal?: 'hotspot' | 'cluster';
}

export interface Contribution {
  dims: Record<KeptDimension, string>;
  /** Signal cells this case counts in: `hotspot` (community × major, community × all) and `cluster` (grid × minor). */
  signals: { hotspot: string[]; cluster?: string };
  entries: Entry[];
}

export interface FigureContext {
  calendar: Calendar;
  timeZone: string;
}

export const unknown = 'unknown';
/** The department value of cases no department has (not yet dispatched, disputes). */
export const noDepartment = 'none';

const reopening = (s: WorkStepFact) => s.to === 'signed' && (s.from === 'resolved' || s.from === 'verified');

export function dimensionsOf(r: CaseRecord): Contribution['dims'] {
  const place = r.place?.value ?? {};
  const major = r.category?.value.major ?? unknown;
  const path = (...parts: (string | undefined)[]) => parts.map((p) => p ?? unknown).join('|');
  return {
    place: path(place.districtId, place.townId, place.villageId, place.gridId),
    category: path(major, r.category?.value.minor),
    handling: path(currentDepartment(r) ?? noDepartment, r.channel, r.kind?.value),
    topic: path(place.townId, major),
  };
}

/** Open now and past the deadline that is running now (签收 while dispatched, 办结 while handled). */
function overdueNow(r: CaseRecord): boolean {
  const status = workOrderStatus(r);
  // Read only once a status says there is a step or a dispatch: the last step's deadlines, else the dispatch's.
  const inForce = (r.workSteps.at(-1) ?? r.dispatch)!;
  const running =
    status === 'dispatched'
      ? { kind: 'sign', deadline: inForce.signDeadline }
      : status === 'signed' || status === 'extension-requested'
        ? { kind: 'resolve', deadline: inForce.resolveDeadline }
        : undefined;
  if (!running) return false;
  return r.supervisions.some((s) => s.level !== 'due-soon' && s.deadlineKind === running.kind && s.deadline === running.deadline);
}

export function contribution(r: CaseRecord, ctx: FigureContext): Contribution {
  const dims = dimensionsOf(r);
  const place = r.place?.value ?? {};
  const signals: Contribution['signals'] = { hotspot: [] };
  const entries: Entry[] = [];
  if (!r.receivedAt) return { dims, signals, entries };
  const day = (at: string) => localDay(at, ctx.timeZone);
  const add = (metric: Metric, at: string, value = 1, department?: string) => {
    if (value !== 0) entries.push({ metric, bucket: day(at), value, ...(department ? { department } : {}) });
  };
  const hours = (from: string, to: string) => workingMinutesBetween(ctx.calendar, ctx.timeZone, new Date(from), new Date(to)) / 60;

  add('received', r.receivedAt);
  if (!isFinished(r)) {
    add('open', r.receivedAt);
    if (overdueNow(r)) add('overdue', r.receivedAt);
  }
  if (r.repeatOf) add('repeats', r.receivedAt);

  if (place.villageId) {
    signals.hotspot.push(`${place.villageId}|*`);
    if (r.category) signals.hotspot.push(`${place.villageId}|${r.category.value.major}`);
    entries.push({ metric: 'received', bucket: localHour(r.receivedAt, ctx.timeZone), value: 1, signal: 'hotspot' });
  }
  if (place.gridId && r.category?.value.minor) {
    signals.cluster = `${place.gridId}|${r.category.value.minor}`;
    entries.push({ metric: 'received', bucket: day(r.receivedAt), value: 1, signal: 'cluster' });
  }

  const steps = r.workSteps;
  if (r.dispatch) {
    const at = r.dispatch.at;
    add('dispatched', at);
    const firstSign = steps.find((s) => s.type === 'workorder.signed');
    if (firstSign) {
      add('signed', at);
      add('signMinutes', at, Math.round(hours(at, firstSign.at) * 60));
      if (firstSign.at <= firstSign.signDeadline) add('signedOnTime', at);
    }
    if (steps.some((s) => s.type === 'workorder.returned')) add('returned', at);
  }
  for (const s of steps.filter((s) => s.type === 'workorder.returned')) {
    add('returns', s.at, 1, s.departmentId);
    // Sent straight back to the department that returned it: the return did not hold.
    const next = steps.find((n) => n.sequence === s.sequence + 1);
    if (next?.type === 'workorder.transferred' && next.departmentId === s.departmentId) add('unjustifiedReturns', s.at, 1, s.departmentId);
  }
  for (const s of r.supervisions.filter((s) => s.level === 'notice')) add('notices', s.at, 1, s.departmentId);

  const lastReopening = steps.filter(reopening).at(-1)?.sequence ?? 0;
  // Stryker disable next-line EqualityOperator: a resolution is never itself a reopening, so no resolution has the reopening's sequence
  const resolveStep = steps.filter((s) => s.type === 'workorder.resolved' && s.sequence > lastReopening).at(-1);
  if (resolveStep) {
    add('due', resolveStep.resolveDeadline);
    if (resolveStep.at <= resolveStep.resolveDeadline) add('resolvedOnTime', resolveStep.resolveDeadline);
  } else if (r.dispatch) {
    const deadline = steps.at(-1)?.resolveDeadline ?? r.dispatch.resolveDeadline;
    if (r.supervisions.some((s) => s.deadlineKind === 'resolve' && s.deadline === deadline && s.level !== 'due-soon')) add('due', deadline);
  }

  const closing = steps.find((s) => s.to === 'closed');
  if (closing) {
    const ratings = steps.filter((s) => s.type === 'workorder.rated');
    add('closed', closing.at);
    if (!steps.some((s) => s.type === 'workorder.verified' && s.to === 'signed')) add('resolvedVerified', closing.at);
    if (ratings.length > 0) add('followedUp', closing.at);
    if (ratings.some((s) => s.rating === 'unsatisfied')) add('reopened', closing.at);
    const resolvedAt = resolveStep?.at ?? closing.at;
    const h = hours(r.receivedAt, resolvedAt);
    const bucket = resolveHourBounds.findIndex((bound) => h <= bound);
    add(resolveHistogram[bucket === -1 ? resolveHourBounds.length : bucket]!, closing.at);
  }
  for (const s of steps.filter((s) => s.type === 'workorder.rated')) {
    add('rated', s.at);
    if (s.rating === 'satisfied' || s.rating === 'basically-satisfied') add('satisfied', s.at);
  }

  const disputeSteps = r.disputeSteps;
  const accepted = disputeSteps.find((s) => s.to === 'accepted');
  // Stryker disable next-line EqualityOperator: the acceptance itself goes to `accepted`, never to a conclusion
  const conclusion = accepted && disputeSteps.find((s) => s.sequence > accepted.sequence && ['agreed', 'closed', 'referred-to-court', 'withdrawn'].includes(s.to));
  if (conclusion) add('concluded', conclusion.at);
  const agreement = disputeSteps.find((s) => s.to === 'agreed');
  if (agreement) {
    add('agreements', agreement.at);
    if (agreement.tier === 'village' || agreement.tier === 'town') add('settledAtOrBelowTown', agreement.at);
    const judicial = disputeSteps.filter((s) => s.judicial).at(-1)?.judicial;
    if (judicial === 'confirmed') add('judicialConfirmed', agreement.at);
  }
  for (const s of disputeSteps.filter((s) => s.escalated && s.type === 'mediation.escalated')) add('escalations', s.at);
  return { dims, signals, entries };
}

/** A counter cell: one dimension value in one time bucket (a day `YYYY-MM-DD`, a month `YYYY-MM`, or an hour `YYYY-MM-DDTHH`). */
export interface CellKey {
  dimension: Dimension;
  value: string;
  bucket: string;
}

export const cellId = (c: CellKey) => `${c.dimension}#${c.bucket}#${c.value}`;

export function parseCellId(id: string): CellKey {
  const [dimension, bucket, ...rest] = id.split('#');
  return { dimension: dimension as Dimension, bucket: bucket!, value: rest.join('#') };
}

/**
 * The figures read by topic (每月一题 weighs a town × category by its volume and its
 * dissatisfaction: `topics` in assessment.ts). A topic cell keeps only these, so a change that
 * moves no other figure of it (a signature, a closure, a deadline) writes three counter items,
 * not four.
 */
export const topicMetrics: ReadonlySet<Metric> = new Set(['received', 'rated', 'satisfied']);

const cellCache = new WeakMap<Contribution, ReadonlyMap<string, Counts>>();

/** The counter cells a contribution adds to, with the amounts (remembered per contribution: it is asked twice per event). */
export function cellsOf(c: Contribution): ReadonlyMap<string, Counts> {
  const cached = cellCache.get(c);
  if (cached) return cached;
  const cells = new Map<string, Counts>();
  const bump = (key: CellKey, metric: Metric, value: number) => {
    const id = cellId(key);
    const counts = cells.get(id) ?? {};
    counts[metric] = (counts[metric] ?? 0) + value;
    cells.set(id, counts);
  };
  for (const e of c.entries) {
    if (e.signal === 'hotspot') {
      for (const value of c.signals.hotspot) bump({ dimension: 'hotspot', value, bucket: e.bucket }, e.metric, e.value);
      continue;
    }
    if (e.signal === 'cluster') {
      // Stryker disable next-line ConditionalExpression: a cluster entry is only made together with the cluster cell
      if (c.signals.cluster) bump({ dimension: 'cluster', value: c.signals.cluster, bucket: e.bucket }, e.metric, e.value);
      continue;
    }
    // Each figure counts in its day; months are summed from days' digests (see digests.ts).
    for (const dimension of keptDimensions) {
      if (dimension === 'topic' && !topicMetrics.has(e.metric)) continue;
      const value = dimension === 'handling' && e.department ? chargedTo(e.department, c.dims.handling) : c.dims[dimension];
      bump({ dimension, value, bucket: e.bucket }, e.metric, e.value);
    }
  }
  cellCache.set(c, cells);
  return cells;
}

/** A handling value with its department replaced by the one an entry is charged to (a return, a notice). */
function chargedTo(department: string, handling: string): string {
  return `${department}${handling.slice(handling.indexOf('|'))}`;
}

/** What the counters must change by when a case's cells go from `before` to `after`; zero changes left out. */
export function counterDelta(before: ReadonlyMap<string, Counts>, after: ReadonlyMap<string, Counts>): Map<string, Counts> {
  const delta = new Map<string, Counts>();
  for (const [id, counts] of after) delta.set(id, { ...counts });
  for (const [id, counts] of before) {
    const target = delta.get(id) ?? {};
    for (const [metric, value] of Object.entries(counts)) target[metric] = (target[metric] ?? 0) - value;
    delta.set(id, target);
  }
  for (const [id, counts] of delta) {
    for (const metric of Object.keys(counts)) if (counts[metric] === 0) delete counts[metric];
    if (Object.keys(counts).length === 0) delta.delete(id);
  }
  return delta;
}

/** Adds counts into a running total. */
export function addCounts(total: Counts, counts: Counts): Counts {
  for (const [metric, value] of Object.entries(counts)) total[metric] = (total[metric] ?? 0) + value;
  return total;
}
