import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { recorded } from './openapi-examples';
import { operation } from './openapi-operation';
import { AcknowledgeBody, AssessmentReport, KpiQuery, KpiReport, MonthQuery, TopicList, WarningList, WarningQuery } from './reports';

const regionWide = ['supervisor', 'analyst', 'dispatcher', 'operator'] as const;

/** JSON, or with `format=csv` the same table as CSV. */
const csvToo = (schema: z.ZodType, description: string, example: unknown) => [
  { description, schema, example },
  {
    description: 'With format=csv: the same table as CSV (UTF-8 with BOM, CRLF), Chinese headings, each rate as value, numerator, denominator.',
    schema: z.string(),
    mediaType: 'text/csv',
  },
];

const badMonth = { why: 'Bad or future month, or a bad parameter.', type: 'validation-failed' };

/** The reporting routes: KPIs, 考核, 预警, 每月一题, the daily report. */
export function registerReportPaths(registry: OpenAPIRegistry): void {
  operation(registry, {
    operationId: 'getKpis',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/kpis',
    summary: 'KPIs per group for a range of days',
    description:
      'Read from counters kept per dimension value and day as events arrive; never from cases. Days are the region’s (Asia/Shanghai for wuhai). Every figure is defined in the KpiReport schema. Region-wide roles see the region; a department itself, grouped by department or time only; a partner its channels, grouped by channel or time only.',
    roles: ['supervisor', 'analyst', 'dispatcher', 'operator', 'department', 'partner'],
    request: { query: KpiQuery },
    responses: { 200: csvToo(KpiReport, 'Figures per group and in total.', recorded.kpis) },
    errors: {
      403: 'Role may not see reports, or a grouping outside its scope.',
      422: 'Bad query: unknown grouping, bad dates, range over 366 days.',
    },
  });
  operation(registry, {
    operationId: 'getAssessment',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/assessment',
    summary: '考核: scores per department and per town/street for a month',
    description: 'Units ranked by score, each with the rates and deductions it is computed from; the month’s best and worst.',
    roles: regionWide,
    request: { query: MonthQuery },
    responses: { 200: csvToo(AssessmentReport, 'Units ranked by score.', recorded.assessment) },
    errors: { 403: 'Not a region-wide role.', 422: badMonth },
  });
  operation(registry, {
    operationId: 'listTopics',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/topics',
    summary: '每月一题: category × town pairs with the most volume and the lowest satisfaction',
    description: 'Candidates for the month’s topic, heaviest first.',
    roles: regionWide,
    request: { query: MonthQuery },
    responses: { 200: csvToo(TopicList, 'Candidate topics.', recorded.topics) },
    errors: { 403: 'Not a region-wide role.', 422: badMonth },
  });
  operation(registry, {
    operationId: 'listWarnings',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/warnings',
    summary: '预警: the month’s warnings, newest first',
    description: 'Volume surges, clusters, dispute risks and repeat calls, each with observed, expected and threshold.',
    roles: regionWide,
    request: { query: WarningQuery },
    responses: { 200: csvToo(WarningList, 'Warnings, each with why in numbers.', recorded.warnings) },
    errors: { 403: 'Not a region-wide role.', 422: badMonth },
  });
  operation(registry, {
    operationId: 'acknowledgeWarning',
    service: 'reporting',
    method: 'post',
    path: '/v1/reports/warnings/{warningId}/acknowledgement',
    summary: 'Acknowledge a warning',
    description: 'Marks the warning as seen, with an optional note.',
    roles: ['supervisor', 'operator'],
    request: { params: z.object({ warningId: z.string() }), body: { content: { 'application/json': { schema: AcknowledgeBody, example: { note: '已安排城管局核查' } } } } },
    responses: {
      200: { description: 'Acknowledged.', schema: z.object({ warningId: z.string(), acknowledged: z.literal(true) }), example: { warningId: 'W-20261127-surge-hbw', acknowledged: true } },
    },
    errors: {
      403: 'Not a supervisor or operator.',
      404: { why: 'No such warning.', type: 'not-found' },
      409: { why: 'Already acknowledged.', type: 'already-acknowledged' },
      413: 'Body too large.',
      415: 'Not application/json.',
      422: 'Bad body.',
    },
  });
  operation(registry, {
    operationId: 'getDailyReport',
    service: 'reporting',
    method: 'get',
    path: '/v1/reports/daily/{date}',
    summary: 'The daily report (日报) for a day, in Chinese Markdown',
    description: 'Volume, rates, overdue units, new warnings, mediation; made within the hour after the region’s day ends.',
    roles: regionWide,
    request: { params: z.object({ date: z.iso.date() }) },
    responses: { 200: { description: 'The stored report.', schema: z.string(), mediaType: 'text/markdown', example: '# 乌海市 12345 日报 2026-11-26\n\n…' } },
    errors: {
      403: 'Not a region-wide role.',
      404: { why: 'No report for that day (made within the hour after the day ends).', type: 'not-found' },
      422: 'Bad date.',
    },
  });
}
