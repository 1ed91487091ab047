import type { Logger } from '@aws-lambda-powertools/logger';
import {
  AcknowledgeBody,
  KpiQuery,
  MonthQuery,
  SummaryQuery,
  WarningQuery,
  type KpiReport,
  type RegionConfig,
  type WarningView,
} from '@govflow/contracts';
import { callerOf, HttpProblem, json, parseJsonBody, requireRole, routeApi, zodIssues, type ApiEvent, type ApiResult, type Caller, type Role } from '@govflow/platform';
import type { z } from 'zod';
import { assessment, topics } from '../domain/assessment';
import type { GroupDimension } from '../domain/figures';
import { kpiGroups, timeGroupings, type CounterRow, type GroupBy } from '../domain/kpis';
import { daysBetween, SummaryTally, type SummaryRow } from '../domain/summary';
import { assessmentCsv, kpiCsv, topicsCsv, warningsCsv } from '../domain/tables';
import { addDays, daysFrom, localDay, monthDays } from '../domain/time';
import { describeWarning, monthOfWarning } from '../domain/warnings';
import type { ReportingRepository } from '../adapters/repository';

const defaultRangeDays = 30;
const maxRangeDays = 366;
/** How many days of the legacy summary are read at once (a year's are not all asked of DynamoDB together). */
const summaryDaysAtOnce = 8;
/**
 * The most cases the legacy summary reads before it answers 422: it reads every case of its range
 * (100,000 in 3.8 s measured by `npm run bench:kpis`, on two cores with the local DynamoDB),
 * and a range that would outlast the function's 10 s gets a clear answer, not a timeout.
 */
export const summaryMaxCases = 100_000;

export interface ReportingApiDeps {
  region: RegionConfig;
  repository: ReportingRepository;
  logger: Logger;
  now: () => Date;
  /** Overrides `summaryMaxCases` (tests). */
  summaryMaxCases?: number;
}


/** What a caller may see: the whole region, or one dimension's values (a department itself, a partner its channels). */
interface Scope {
  dimension?: 'department' | 'channel';
  values?: string[];
}

const regionWide: readonly Role[] = ['operator', 'supervisor', 'analyst', 'dispatcher'];

function scopeOf(caller: Caller, region: RegionConfig): Scope {
  if (regionWide.includes(caller.role)) return {};
  if (caller.role === 'department' && caller.departmentId) return { dimension: 'department', values: [caller.departmentId] };
  if (caller.role === 'partner') {
    const partner = region.partners.find((p) => p.id === caller.partnerId);
    if (partner) return { dimension: 'channel', values: [...partner.channels] };
  }
  throw new HttpProblem(403, 'forbidden', 'Not allowed to see reports', 'Reports are for supervisors, analysts, dispatchers and operators; a department sees itself, a partner its channels.');
}

function requireRegionWide(caller: Caller): void {
  requireRole(caller, regionWide, 'Region-wide report');
}

function parseQuery<S extends z.ZodType>(event: ApiEvent, schema: S): z.infer<S> {
  const query = schema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new HttpProblem(422, 'validation-failed', 'Bad query', 'See errors.', zodIssues(query.error));
  return query.data;
}

function csv(body: string, filename: string): ApiResult {
  return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }, body };
}

/** The reporting API: KPIs, 考核, 预警, 每月一题 and the daily report, all read from counters and stored reports. */
export function createReportingApi(deps: ReportingApiDeps) {
  const { region, repository } = deps;
  const today = () => localDay(deps.now(), region.timeZone);

  async function rowsFor(groupBy: GroupBy, scope: Scope, from: string, to: string): Promise<CounterRow[]> {
    const isTime = (timeGroupings as readonly string[]).includes(groupBy);
    if (scope.dimension && !isTime && groupBy !== scope.dimension) {
      throw new HttpProblem(403, 'forbidden', 'Grouping outside your scope', `You see figures by ${scope.dimension} or by time only.`);
    }
    // Each case counts once per dimension, so time groupings sum one dimension's rows: the scope's, or district.
    const dimension: GroupDimension = scope.dimension ?? (isTime ? 'district' : (groupBy as GroupDimension));
    // Day and week groupings need every day; any other grouping reads whole months as months.
    const rows = await repository.counters(dimension, from, to, { months: groupBy !== 'day' && groupBy !== 'week' });
    return scope.values ? rows.filter((r) => scope.values!.includes(r.value)) : rows;
  }

  function monthOf(event: ApiEvent, schema: typeof MonthQuery = MonthQuery) {
    const query = parseQuery(event, schema);
    if (query.month > today().slice(0, 7)) throw new HttpProblem(422, 'validation-failed', 'Month in the future', 'Ask for this month or an earlier one.');
    return query;
  }

  return routeApi(
    {
      'GET /v1/reports/kpis': async (event) => {
        const caller = callerOf(event);
        const scope = scopeOf(caller, region);
        const query = parseQuery(event, KpiQuery);
        const to = query.to ?? today();
        const from = query.from ?? addDays(to, -(defaultRangeDays - 1));
        if (from > to) throw new HttpProblem(422, 'validation-failed', 'Bad range', 'from must not be after to.');
        if (daysFrom(from, to).length > maxRangeDays) throw new HttpProblem(422, 'range-too-long', 'Time range too long', `At most ${maxRangeDays} days per query.`);
        const { groups, total } = kpiGroups(region, await rowsFor(query.groupBy, scope, from, to), query.groupBy);
        if (query.format === 'csv') return csv(kpiCsv(groups), `kpis-${query.groupBy}-${from}-${to}.csv`);
        const report: KpiReport = { region: region.id, from, to, groupBy: query.groupBy, scope, groups, total, generatedAt: deps.now().toISOString() };
        return json(200, report);
      },

      'GET /v1/reports/assessment': async (event) => {
        requireRegionWide(callerOf(event));
        const query = monthOf(event);
        const { from, to } = monthDays(query.month);
        const [byDepartment, byTown] = await Promise.all([repository.counters('department', from, to, { months: true }), repository.counters('town', from, to, { months: true })]);
        const report = assessment(region, query.month, sumByValue(byDepartment), sumByValue(byTown), deps.now().toISOString());
        return query.format === 'csv' ? csv(assessmentCsv(report), `assessment-${query.month}.csv`) : json(200, report);
      },

      'GET /v1/reports/topics': async (event) => {
        requireRegionWide(callerOf(event));
        const query = monthOf(event);
        const { from, to } = monthDays(query.month);
        const items = topics(region, sumByValue(await repository.counters('topic', from, to, { months: true })));
        return query.format === 'csv' ? csv(topicsCsv(items), `topics-${query.month}.csv`) : json(200, { region: region.id, month: query.month, items });
      },

      'GET /v1/reports/warnings': async (event) => {
        requireRegionWide(callerOf(event));
        const query = parseQuery(event, WarningQuery);
        const month = query.month ?? today().slice(0, 7);
        const items: WarningView[] = (await repository.warnings(month))
          .filter((w) => (!query.kind || w.kind === query.kind) && (query.acknowledged === undefined || Boolean(w.acknowledged) === (query.acknowledged === 'true')))
          .sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0))
          .map((w) => ({ ...w, summary: describeWarning(region, w) }));
        return query.format === 'csv' ? csv(warningsCsv(items), `warnings-${month}.csv`) : json(200, { items });
      },

      'POST /v1/reports/warnings/{warningId}/acknowledgement': async (event) => {
        const caller = callerOf(event);
        requireRole(caller, ['supervisor', 'operator'], 'Only supervisors acknowledge warnings');
        const warningId = event.pathParameters?.warningId ?? '';
        const month = monthOfWarning(warningId);
        if (!month) throw new HttpProblem(404, 'not-found', 'No such warning');
        const body = parseJsonBody(event, AcknowledgeBody, { maxBytes: 4096 });
        const outcome = await repository.acknowledge(month, warningId, caller.partnerId, deps.now().toISOString(), body.note);
        if (outcome === 'missing') throw new HttpProblem(404, 'not-found', 'No such warning');
        if (outcome === 'already') throw new HttpProblem(409, 'already-acknowledged', 'Warning already acknowledged');
        return json(200, { warningId, acknowledged: true });
      },

      'GET /v1/reports/daily/{date}': async (event) => {
        requireRegionWide(callerOf(event));
        const date = event.pathParameters?.date ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpProblem(422, 'validation-failed', 'Bad date', 'The date is YYYY-MM-DD.');
        const report = await repository.dailyReport(date);
        if (!report) throw new HttpProblem(404, 'not-found', 'No daily report for that date', 'Reports are made after the day ends, within the hour.');
        return {
          statusCode: 200,
          headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `inline; filename="daily-${date}.md"` },
          body: report.text,
        };
      },

      'GET /v1/reports/summary': async (event) => {
        const caller = callerOf(event);
        requireRole(caller, ['partner', 'department', ...regionWide], 'Reports are for partners, departments, dispatchers, supervisors, analysts and operators');
        const query = parseQuery(event, SummaryQuery);
        const now = deps.now();
        const to = query.to ? new Date(query.to) : now;
        const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultRangeDays * 86_400_000);
        const days = daysBetween(from, to);
        if (days.length > maxRangeDays) throw new HttpProblem(422, 'range-too-long', 'Time range too long', `At most ${maxRangeDays} days per summary.`);
        const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
        const counted = new SummaryTally({
          region: region.id,
          from: fromIso,
          to: toIso,
          partnerId: caller.role === 'partner' ? caller.partnerId : undefined,
          departmentId: caller.role === 'department' ? (caller.departmentId ?? '(none)') : undefined,
          generatedAt: now.toISOString(),
        });
        // Days read side by side, a few at a time, each page counted as it comes: memory holds pages, never the range's cases.
        const maxCases = deps.summaryMaxCases ?? summaryMaxCases;
        const queue = [...days];
        let read = 0;
        const readDays = async () => {
          for (let day = queue.shift(); day !== undefined && read <= maxCases; day = queue.shift()) {
            for await (const page of repository.receivedOn(day, fromIso, toIso)) {
              read += page.length;
              if (read > maxCases) break;
              counted.add(page as unknown as SummaryRow[]);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(summaryDaysAtOnce, days.length) }, readDays));
        if (read > maxCases) {
          throw new HttpProblem(
            422,
            'range-too-large',
            'Too many cases in the range',
            `More than ${maxCases} cases were received in this range; the summary reads each of them. Ask a shorter range, or GET /v1/reports/kpis, which answers any range from counters.`,
          );
        }
        return json(200, counted.result());
      },
    },
    deps.logger,
  );
}

function sumByValue(rows: readonly CounterRow[]) {
  const sums = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const total = sums.get(row.value) ?? {};
    for (const [m, v] of Object.entries(row.counts)) total[m] = (total[m] ?? 0) + v;
    sums.set(row.value, total);
  }
  return sums;
}
