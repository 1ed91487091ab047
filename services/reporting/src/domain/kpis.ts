import type { RegionConfig } from '@govflow/contracts';
import { majorCategories } from '@govflow/contracts';
import { addCounts, cellsOf, noDepartment, parseCellId, readAs, resolveHistogram, resolveHourBounds, unknown, type Contribution, type Counts, type GroupDimension } from './figures';
import { isoWeek } from './time';

export const timeGroupings = ['day', 'week', 'month'] as const;
export type TimeGrouping = (typeof timeGroupings)[number];
export type GroupBy = GroupDimension | TimeGrouping;

export interface Rate {
  /** numerator ÷ denominator, rounded to 4 places; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface KpiFigures {
  received: number;
  open: number;
  overdue: number;
  signedOnTimeRate: Rate;
  resolvedOnTimeRate: Rate;
  resolutionRate: Rate;
  satisfactionRate: Rate;
  followUpRate: Rate;
  returnRate: Rate;
  reopenRate: Rate;
  repeatRate: Rate;
  avgHoursToSign: number | null;
  p90HoursToResolve: number | null;
  mediationSuccessRate: Rate;
  resolvedAtOrBelowTownRate: Rate;
  judicialConfirmationRate: Rate;
  /** Counts used by the assessment: 通报 notices and unjustified returns charged to the unit. */
  notices: number;
  unjustifiedReturns: number;
}

export interface KpiGroup extends KpiFigures {
  key: string;
  name: string;
}

export function rate(numerator: number, denominator: number): Rate {
  return { value: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null, numerator, denominator };
}

/**
 * The smallest histogram bound (working hours) within which at least 90% of the closed
 * cases were resolved; null when none closed or when the 90th percentile lies beyond
 * the last bound.
 */
export function p90Hours(counts: Counts): number | null {
  const buckets = resolveHistogram.map((m) => counts[m] ?? 0);
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  // Stryker disable next-line EqualityOperator: the last bucket brings `seen` to the total, so the loop returns before i reaches the length
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= 0.9 * total) return resolveHourBounds[i] ?? null;
  }
  return null;
}

export function figuresOf(c: Counts): KpiFigures {
  const n = (m: string) => c[m] ?? 0;
  return {
    received: n('received'),
    open: n('open'),
    overdue: n('overdue'),
    signedOnTimeRate: rate(n('signedOnTime'), n('dispatched')),
    resolvedOnTimeRate: rate(n('resolvedOnTime'), n('due')),
    resolutionRate: rate(n('resolvedVerified'), n('closed')),
    satisfactionRate: rate(n('satisfied'), n('rated')),
    followUpRate: rate(n('followedUp'), n('closed')),
    returnRate: rate(n('returned'), n('dispatched')),
    reopenRate: rate(n('reopened'), n('closed')),
    repeatRate: rate(n('repeats'), n('received')),
    avgHoursToSign: n('signed') > 0 ? Math.round((n('signMinutes') / n('signed') / 60) * 100) / 100 : null,
    p90HoursToResolve: p90Hours(c),
    mediationSuccessRate: rate(n('agreements'), n('concluded')),
    resolvedAtOrBelowTownRate: rate(n('settledAtOrBelowTown'), n('agreements')),
    judicialConfirmationRate: rate(n('judicialConfirmed'), n('agreements')),
    notices: n('notices'),
    unjustifiedReturns: n('unjustifiedReturns'),
  };
}

/** One counter row as read back: a dimension value on a day. */
export interface CounterRow {
  value: string;
  day: string;
  counts: Counts;
}

const channelNames: Record<string, string> = {
  'hotline-12345': '12345热线',
  'mini-program': '小程序',
  'grid-worker-app': '网格员App',
  petition: '信访',
  'mayor-mailbox': '市长信箱',
  web: '网站',
  wechat: '微信公众号',
};
const kindNames: Record<string, string> = { inquiry: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', dispute: '纠纷' };

/** The name people know a group by (Chinese, from the region's data). */
export function groupName(region: RegionConfig, groupBy: GroupBy, key: string): string {
  if (key === unknown) return groupBy === 'channel' ? '未知渠道（含直接登记的纠纷）' : '未明确';
  switch (groupBy) {
    case 'district':
    case 'town':
    case 'community':
      return region.areas.find((a) => a.id === key)?.name ?? key;
    case 'grid':
      return region.grids.find((g) => g.id === key)?.name ?? key;
    case 'department':
      return key === noDepartment ? '未派遣（含矛盾纠纷）' : (region.departments.find((d) => d.id === key)?.name ?? key);
    case 'major':
      return majorCategories.find((m) => m.code === key)?.name ?? key;
    case 'minor':
      return region.taxonomy.minors.find((m) => m.code === key)?.name ?? key;
    case 'channel':
      return channelNames[key] ?? key;
    case 'kind':
      return kindNames[key] ?? key;
    case 'day':
      return key;
    case 'week':
      return `${key.slice(0, 4)}年第${Number(key.slice(6))}周`;
    case 'month':
      return `${key.slice(0, 4)}年${Number(key.slice(5))}月`;
  }
}

export function timeKey(groupBy: TimeGrouping, day: string): string {
  return groupBy === 'day' ? day : groupBy === 'week' ? isoWeek(day) : day.slice(0, 7);
}

/** Sums counter rows into groups: by the row's dimension value, or by its day's week or month. */
export function groupRows(rows: readonly CounterRow[], groupBy: GroupBy): Map<string, Counts> {
  const groups = new Map<string, Counts>();
  const isTime = (timeGroupings as readonly string[]).includes(groupBy);
  for (const row of rows) {
    const key = isTime ? timeKey(groupBy as TimeGrouping, row.day) : row.value;
    groups.set(key, addCounts(groups.get(key) ?? {}, row.counts));
  }
  return groups;
}

export function kpiGroups(region: RegionConfig, rows: readonly CounterRow[], groupBy: GroupBy): { groups: KpiGroup[]; total: KpiFigures } {
  const grouped = groupRows(rows, groupBy);
  const total: Counts = {};
  const groups = [...grouped.entries()]
    // A case that moved on (a new department, a place found) leaves zeros behind in its old cells.
    .filter(([, counts]) => Object.values(counts).some((v) => v !== 0))
    // Stryker disable next-line EqualityOperator,ConditionalExpression: group keys are distinct, and the sort only asks whether one is less
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => {
      addCounts(total, counts);
      return { key, name: groupName(region, groupBy, key), ...figuresOf(counts) };
    });
  return { groups, total: figuresOf(total) };
}

/**
 * The counter rows of one dimension computed straight from case records: what the
 * counters must equal, and the full scan the benchmark compares the counters with.
 */
export function rowsFromRecords(contributions: Iterable<Contribution>, asked: GroupDimension | 'topic', from: string, to: string): CounterRow[] {
  const { dimension, valueOf } = readAs(asked);
  const rows = new Map<string, CounterRow>();
  for (const c of contributions) {
    for (const [id, counts] of cellsOf(c)) {
      const cell = parseCellId(id);
      if (cell.dimension !== dimension || cell.bucket < from || cell.bucket > to) continue;
      const value = valueOf(cell.value);
      const key = `${cell.bucket}#${value}`;
      const row = rows.get(key) ?? { value, day: cell.bucket, counts: {} };
      addCounts(row.counts, counts);
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}
