import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AcknowledgeBody, AssessmentReport, KpiQuery, KpiReport, MonthQuery, TopicList, WarningList, WarningQuery } from './reports';

type Problem = (description: string) => object;

const csvToo = (schema: z.ZodType, description: string) => ({
  description: `${description} With format=csv: the same table as CSV (UTF-8 with BOM, CRLF), Chinese headings, each rate as value, numerator, denominator.`,
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

/** The reporting routes: KPIs, 考核, 预警, 每月一题, the daily report. */
export function registerReportPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[], problem: Problem): void {
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/kpis',
    summary: 'KPIs per group for a range of days (supervisor, analyst, dispatcher, operator: the region; department: itself; partner: its channels)',
    description:
      'Read from counters kept per dimension value and day as events arrive; never from cases. Days are the region’s (Asia/Shanghai for wuhai). Every figure is defined in the KpiReport schema. A department may group by department or time only, a partner by channel or time only.',
    security,
    request: { query: KpiQuery },
    responses: {
      200: csvToo(KpiReport, 'Figures per group and in total.'),
      401: problem('Missing, malformed, forged, expired or revoked partner key or staff token'),
      403: problem('Role may not see reports, or a grouping outside its scope'),
      422: problem('Bad query: unknown grouping, bad dates, range over 366 days'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/assessment',
    summary: '考核: scores per department and per town/street for a month, with the month’s best and worst (region-wide roles)',
    security,
    request: { query: MonthQuery },
    responses: {
      200: csvToo(AssessmentReport, 'Units ranked by score, each with the rates and deductions it is computed from.'),
      403: problem('Not a region-wide role'),
      422: problem('Bad or future month'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/topics',
    summary: '每月一题: category × town pairs with the most volume and the lowest satisfaction (region-wide roles)',
    security,
    request: { query: MonthQuery },
    responses: { 200: csvToo(TopicList, 'Candidate topics, heaviest first.'), 403: problem('Not a region-wide role'), 422: problem('Bad or future month') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/warnings',
    summary: '预警: the month’s warnings, newest first (region-wide roles)',
    security,
    request: { query: WarningQuery },
    responses: { 200: csvToo(WarningList, 'Warnings, each with why in numbers.'), 403: problem('Not a region-wide role'), 422: problem('Bad query') },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/reports/warnings/{warningId}/acknowledgement',
    summary: 'Acknowledge a warning (supervisor, operator)',
    security,
    request: { params: z.object({ warningId: z.string() }), body: { content: { 'application/json': { schema: AcknowledgeBody } } } },
    responses: {
      200: { description: 'Acknowledged' },
      403: problem('Not a supervisor'),
      404: problem('No such warning'),
      409: problem('Already acknowledged'),
      422: problem('Bad body'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reports/daily/{date}',
    summary: 'The daily report (日报) for a day, in Chinese Markdown: volume, rates, overdue units, new warnings, mediation (region-wide roles)',
    security,
    request: { params: z.object({ date: z.iso.date() }) },
    responses: {
      200: { description: 'The stored report', content: { 'text/markdown': { schema: z.string() } } },
      403: problem('Not a region-wide role'),
      404: problem('No report for that day (made within the hour after the day ends)'),
      422: problem('Bad date'),
    },
  });
}
