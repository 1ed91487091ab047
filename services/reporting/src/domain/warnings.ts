import { createHash } from 'node:crypto';
import type { AnyEvent, RegionConfig, ReportingSettings, WarningFields, WarningKind } from '@govflow/contracts';
import { majorCategories } from '@govflow/contracts';
import type { CaseRecord } from './case-record';
import { localDay } from './time';

/**
 * 预警: signals in the figures. Each warning says why in numbers: what was observed,
 * what was expected, and the threshold it crossed. Ids are derived from what the warning
 * is about, so the same signal is raised once.
 */

export type WarningSettings = ReportingSettings['warnings'];

const kindTag: Record<WarningKind, string> = { 'volume-surge': 'surge', cluster: 'cluster', 'dispute-risk': 'risk', 'repeat-calls': 'repeat' };

/** `YYYYMMDD-<kind>-<hash>`: the day comes first so the id names the month it is filed under. */
export function warningId(kind: WarningKind, day: string, about: string): string {
  return `${day.replaceAll('-', '')}-${kindTag[kind]}-${createHash('sha256').update(`${kind}|${about}`).digest('hex').slice(0, 10)}`;
}

export function monthOfWarning(id: string): string | undefined {
  const match = /^(\d{4})(\d{2})\d{2}-[a-z]+-[0-9a-f]{10}$/.exec(id);
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    below += term;
  }
  return Math.max(0, 1 - below);
}

/** The smallest count that is surprising under the expectation: ratio, minimum and significance all met. */
export function surgeThreshold(expected: number, settings: WarningSettings): number {
  let k = Math.max(settings.surgeMinCount, Math.ceil(settings.surgeRatio * expected));
  while (poissonTail(k, expected) >= settings.surgeSignificance) k++;
  return k;
}

export interface SurgeWindow {
  /** Hours the window spans, the current (partial) one included. */
  hours: number;
  observed: number;
  expected: number;
}

export interface SurgeFinding extends SurgeWindow {
  threshold: number;
}

/**
 * Judges the last 1, 2 and 3 hours of a cell against its own baseline (the mean of the
 * same weekday and hours over the trailing weeks, the current hour pro rata). A surge in
 * any of the windows is a finding; the one furthest over its threshold is reported.
 *
 * @param recent counts of the hours H−2, H−1 and H (the current one, `elapsed` of it gone)
 * @param history for each trailing week, the counts of the same three hours
 */
export function judgeSurge(recent: readonly number[], history: readonly (readonly number[])[], elapsed: number, settings: WarningSettings): SurgeFinding | undefined {
  if (history.length < settings.minBaselineWeeks) return undefined;
  const mean = (i: number) => history.reduce((sum, week) => sum + (week[i] ?? 0), 0) / history.length;
  let best: SurgeFinding | undefined;
  for (let hours = 1; hours <= 3; hours++) {
    const indexes = [2, 1, 0].slice(0, hours);
    const observed = indexes.reduce((sum, i) => sum + (recent[i] ?? 0), 0);
    const expected = indexes.reduce((sum, i) => sum + mean(i) * (i === 2 ? elapsed : 1), 0);
    // The baseline is itself an estimate from a few weeks: judge against its upper error bar.
    const threshold = surgeThreshold(expected + Math.sqrt(expected / history.length), settings);
    if (observed >= threshold && (!best || observed / threshold > best.observed / best.threshold)) best = { hours, observed, expected: Math.round(expected * 100) / 100, threshold };
  }
  return best;
}

/** Warnings an event raises as it is merged: new risk flags on a dispute, a matter called in again and again. */
export function warningsFromEvent(before: CaseRecord | undefined, after: CaseRecord, event: AnyEvent, region: RegionConfig): WarningFields[] {
  const warnings: WarningFields[] = [];
  const day = localDay(event.occurredAt, region.timeZone);
  const place = after.place?.value ?? {};
  // Stryker disable next-line ArrayDeclaration: no risk flag is named like the mutant's filler, so a filled set for no record knows no real flag
  const flagsOf = (r: CaseRecord | undefined) => new Set(r?.disputeSteps.flatMap((s) => s.riskFlags) ?? []);
  const known = flagsOf(before);
  for (const flag of flagsOf(after)) {
    if (known.has(flag)) continue;
    warnings.push({
      warningId: warningId('dispute-risk', day, `${after.caseId}|${flag}`),
      kind: 'dispute-risk',
      raisedAt: event.occurredAt,
      subject: { caseId: after.caseId, ...(after.disputeId ? { disputeId: after.disputeId } : {}), ...areaSubject(place) },
      why: { observed: 1, expected: 0, threshold: 1, window: 'dispute', note: flag },
    });
  }
  const repeats = region.reporting.warnings.repeatCalls;
  if (event.type === 'case.linked-as-repeat' && event.payload.repeatCount === repeats) {
    warnings.push({
      warningId: warningId('repeat-calls', day, event.payload.originalCaseId),
      kind: 'repeat-calls',
      raisedAt: event.occurredAt,
      subject: { caseId: event.payload.originalCaseId, major: event.payload.major, minor: event.payload.minor, ...areaSubject(place) },
      why: { observed: event.payload.repeatCount, expected: 0, threshold: repeats, window: 'open matter', note: event.payload.originalCaseNumber },
    });
  }
  return warnings;
}

function areaSubject(place: { villageId?: string; townId?: string; districtId?: string; gridId?: string }): { areaId?: string; gridId?: string } {
  const areaId = place.villageId ?? place.townId ?? place.districtId;
  return { ...(areaId ? { areaId } : {}), ...(place.gridId ? { gridId: place.gridId } : {}) };
}

const riskNames: Record<string, string> = { violence: '有暴力倾向', group: '群体性', petition: '扬言越级上访', vulnerable: '涉及弱势群体' };

/** The warning in one Chinese sentence. */
export function describeWarning(region: RegionConfig, w: WarningFields): string {
  const area = w.subject.areaId ? (region.areas.find((a) => a.id === w.subject.areaId)?.name ?? w.subject.areaId) : '未明确区域';
  const grid = w.subject.gridId ? (region.grids.find((g) => g.id === w.subject.gridId)?.name ?? w.subject.gridId) : area;
  const major = w.subject.major ? (majorCategories.find((m) => m.code === w.subject.major)?.name ?? w.subject.major) : '各类';
  const minor = w.subject.minor ? (region.taxonomy.minors.find((m) => m.code === w.subject.minor)?.name ?? w.subject.minor) : major;
  const { observed, expected, threshold } = w.why;
  switch (w.kind) {
    case 'volume-surge':
      return `${area}${major}诉求激增：${w.why.window}内${observed}件，同期基线${expected}件，预警阈值${threshold}件。`;
    case 'cluster':
      return `${grid}当日${minor}诉求聚集：${observed}件（阈值${threshold}件）。`;
    case 'dispute-risk':
      return `${area}矛盾纠纷出现风险标记：${riskNames[w.why.note] ?? w.why.note}。`;
    case 'repeat-calls':
      return `同一事项（${w.why.note}）重复来电${observed}次（阈值${threshold}次），${area}。`;
  }
}

/** A hotspot cell's surge as a warning, filed once per cell and day. */
export function surgeWarning(cell: string, finding: SurgeFinding, at: Date, timeZone: string): WarningFields {
  const [areaId, major] = cell.split('|') as [string, string];
  return {
    warningId: warningId('volume-surge', localDay(at, timeZone), `${cell}|${localDay(at, timeZone)}`),
    kind: 'volume-surge',
    raisedAt: at.toISOString(),
    subject: { areaId, ...(major !== '*' ? { major } : {}) },
    why: { observed: finding.observed, expected: finding.expected, threshold: finding.threshold, window: `${finding.hours}小时`, note: 'baseline: same weekday and hours, trailing weeks' },
  };
}

/** A cluster cell (grid × minor category) over the day's threshold, filed once per cell and day. */
export function clusterWarning(cell: string, day: string, observed: number, threshold: number, at: Date): WarningFields {
  const [gridId, minor] = cell.split('|') as [string, string];
  return {
    warningId: warningId('cluster', day, `${cell}|${day}`),
    kind: 'cluster',
    raisedAt: at.toISOString(),
    subject: { gridId, minor },
    why: { observed, expected: 0, threshold, window: day, note: 'same minor category, same grid, same day' },
  };
}
