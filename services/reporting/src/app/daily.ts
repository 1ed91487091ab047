import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import { dailyReport } from '../domain/daily-report';
import { figuresOf, kpiGroups } from '../domain/kpis';
import { addDays, localDay } from '../domain/time';
import { describeWarning } from '../domain/warnings';
import type { ReportingRepository } from '../adapters/repository';

export interface DailyDeps {
  region: RegionConfig;
  repository: ReportingRepository;
  logger: Logger;
}

/** How far back open and overdue cases are looked for when naming overdue units. */
const overdueLookbackDays = 365;

/**
 * The scheduled daily report: once the region's day is over, yesterday's report is made
 * and stored (once; a later run finds it there and does nothing).
 */
export async function makeDailyReport(deps: DailyDeps, now: Date): Promise<{ day: string; stored: boolean }> {
  const { region, repository } = deps;
  const day = addDays(localDay(now, region.timeZone), -1);
  if (await repository.dailyReport(day)) return { day, stored: false };
  const [districtRows, departmentRows, warnings] = await Promise.all([
    repository.counters('district', day, day),
    repository.counters('department', addDays(day, -overdueLookbackDays), day, { months: true }),
    repository.warnings(day.slice(0, 7)),
  ]);
  const { groups, total } = kpiGroups(region, districtRows, 'district');
  const { groups: departments } = kpiGroups(region, departmentRows, 'department');
  const noticesThatDay = kpiGroups(region, departmentRows.filter((r) => r.day === day), 'department').groups;
  const overdueUnits = departments
    .filter((d) => d.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue)
    .slice(0, 10)
    .map((d) => ({ name: d.name, overdue: d.overdue, notices: noticesThatDay.find((n) => n.key === d.key)?.notices ?? 0 }));
  const text = dailyReport({
    regionName: region.name,
    day,
    total: groups.length > 0 ? total : figuresOf({}),
    byDistrict: groups,
    overdueUnits,
    warnings: warnings.filter((w) => localDay(w.raisedAt, region.timeZone) === day).map((w) => describeWarning(region, w)),
    generatedAt: now.toISOString(),
  });
  const stored = await repository.putDailyReport(day, text, now.toISOString());
  if (stored) deps.logger.info('daily report stored', { day });
  return { day, stored };
}
