import type { ReportSummary } from '@govflow/contracts';

/** The fields of a case record the legacy summary counts by. */
export interface SummaryRow {
  partnerId: string;
  status: string;
  receivedAt: string;
  major?: string;
  districtId?: string;
  departmentId?: string;
  channel?: string;
  supervision?: string;
}

export interface SummaryScope {
  region: string;
  from: string;
  to: string;
  /** Only this partner's cases, when the caller is a partner. */
  partnerId?: string;
  /** Only cases this department handles, when the caller is its staff. */
  departmentId?: string;
  generatedAt: string;
}

/** The UTC days a time range touches, for querying the by-day index. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (cursor <= to) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

/**
 * Counts cases by status and dimension, a page of rows at a time: the legacy summary reads every
 * case in its range (the KPIs read counters instead), and a year of a big city's cases (Beijing's
 * 12345: some 21 million) would not fit in a function's memory at once; a page is counted and let go.
 */
export class SummaryTally {
  private readonly summary: ReportSummary;

  constructor(private readonly scope: SummaryScope) {
    this.summary = {
      region: scope.region,
      from: scope.from,
      to: scope.to,
      total: 0,
      byStatus: {},
      byMajor: {},
      byDistrict: {},
      byDepartment: {},
      byChannel: {},
      bySupervision: {},
      generatedAt: scope.generatedAt,
    };
  }

  add(rows: Iterable<SummaryRow>): void {
    const { scope, summary } = this;
    for (const p of rows) {
      if (p.receivedAt < scope.from || p.receivedAt > scope.to) continue;
      if (scope.partnerId && p.partnerId !== scope.partnerId) continue;
      if (scope.departmentId && p.departmentId !== scope.departmentId) continue;
      summary.total++;
      tally(summary.byStatus, p.status);
      tally(summary.byMajor, p.major);
      tally(summary.byDistrict, p.districtId);
      if (p.departmentId && p.departmentId !== 'none') tally(summary.byDepartment, p.departmentId);
      tally(summary.byChannel, p.channel);
      if (p.supervision) tally(summary.bySupervision!, p.supervision);
    }
  }

  result(): ReportSummary {
    return this.summary;
  }
}

function tally(counts: Record<string, number>, key: string | undefined): void {
  const k = key ?? 'unknown';
  counts[k] = (counts[k] ?? 0) + 1;
}
