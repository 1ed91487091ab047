import * as z from 'zod';
import { defineEvent, type EventOf } from './envelope';
import { IsoDateTime } from './vocabulary';

/**
 * The reporting context: KPIs, 考核 assessment, 预警 early warning, topics of the month,
 * daily reports. Figures are pre-aggregated per day in the region's time zone.
 */

export const kpiGroupings = ['district', 'town', 'community', 'grid', 'department', 'major', 'minor', 'channel', 'kind', 'day', 'week', 'month'] as const;
export const KpiGrouping = z.enum(kpiGroupings);
export type KpiGrouping = z.infer<typeof KpiGrouping>;

const LocalDate = z.iso.date();
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month is YYYY-MM');
const Format = z.enum(['json', 'csv']).default('json');

export const KpiQuery = z
  .object({
    from: LocalDate.meta({ description: 'First day (region time zone), inclusive. Default: 29 days before `to`.' }).optional(),
    to: LocalDate.meta({ description: 'Last day (region time zone), inclusive. Default: today.' }).optional(),
    groupBy: KpiGrouping.default('district'),
    format: Format,
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type KpiQuery = z.infer<typeof KpiQuery>;

export const Rate = z
  .object({
    value: z.number().min(0).max(1).nullable().meta({ description: 'numerator ÷ denominator, 4 decimal places; null when the denominator is 0.' }),
    numerator: z.number().int(),
    denominator: z.number().int(),
  })
  .meta({ id: 'Rate' });

const rate = (description: string) => Rate.meta({ description });

/**
 * Each figure, defined once. "In the range" means: the day the named moment falls on, in
 * the region's time zone, is between `from` and `to`. Working hours count the region's
 * office hours on working days (weekends and statutory holidays off, 调休 days on).
 */
export const KpiFigures = z.object({
  received: z.number().int().meta({ description: 'Cases received in the range (every channel, and disputes registered directly at a centre).' }),
  open: z.number().int().meta({ description: 'Of the cases received in the range, those not finished now (finished: closed after rating, linked as a repeat, or a dispute that ended).' }),
  overdue: z.number().int().meta({ description: 'Of the open ones, those whose running deadline (签收 while dispatched, 办结 while handled) has passed now, as the 督办 sweep reported.' }),
  signedOnTimeRate: rate('签收及时率: cases signed (first 签收) by the signing deadline ÷ cases first dispatched in the range.'),
  resolvedOnTimeRate: rate('按期办结率: cases whose last 办结 (after any 重办) came by the deadline in force then (approved extensions included) ÷ cases due in the range — resolved, or past the deadline unresolved — counted on the deadline’s day.'),
  resolutionRate: rate('解决率: cases closed in the range whose resolution passed verification (验) at the first attempt ÷ cases closed in the range.'),
  satisfactionRate: rate('满意率: ratings given in the range that were satisfied or basically satisfied ÷ ratings given in the range.'),
  followUpRate: rate('回访率: cases closed in the range that were rated (the 回访 call) ÷ cases closed in the range.'),
  returnRate: rate('退单率: cases first dispatched in the range that a department returned at least once ÷ cases first dispatched in the range.'),
  reopenRate: rate('重办率: cases closed in the range that had been reopened after an unsatisfied rating ÷ cases closed in the range.'),
  repeatRate: rate('重复诉求率: cases received in the range linked as repeats of an open case ÷ cases received in the range.'),
  avgHoursToSign: z.number().nullable().meta({ description: 'Mean working hours from first dispatch to first 签收, over cases first dispatched in the range and signed; null if none.' }),
  p90HoursToResolve: z
    .number()
    .nullable()
    .meta({
      description:
        'Working hours from receipt to the last 办结 within which 90% of the cases closed in the range were resolved, rounded up to the histogram bound (1, 2, 4, 8, 16, 24, 40, 80, 160, 320 h); null if none closed or beyond 320 h.',
    }),
  mediationSuccessRate: rate('调解成功率: disputes whose first agreement came in the range ÷ disputes concluded in the range (accepted for mediation, then agreed, closed, referred to court or withdrawn; counted on the first such step).'),
  resolvedAtOrBelowTownRate: rate('矛盾不上交率: of the disputes agreed in the range, those agreed at village or town tier ÷ disputes agreed in the range.'),
  judicialConfirmationRate: rate('司法确认率: disputes agreed in the range whose latest judicial outcome is confirmed ÷ disputes agreed in the range.'),
  notices: z.number().int().meta({ description: '通报: notices the 督办 sweep issued in the range, charged to the department that held the order.' }),
  unjustifiedReturns: z.number().int().meta({ description: 'Returns in the range after which the order went straight back to the returning department, charged to it.' }),
});

export const KpiGroup = KpiFigures.extend({
  key: z.string().meta({ description: 'The group’s id (area, department, category, channel, kind code) or time bucket (YYYY-MM-DD, YYYY-Www, YYYY-MM); `unknown` when not yet known.' }),
  name: z.string().meta({ description: 'The group’s name, in Chinese.' }),
});

export const KpiReport = z
  .object({
    region: z.string(),
    from: LocalDate,
    to: LocalDate,
    groupBy: KpiGrouping,
    /** The caller's scope: the whole region, one department, or a partner's channels. */
    scope: z.object({ dimension: z.string().optional(), values: z.array(z.string()).optional() }),
    groups: z.array(KpiGroup),
    total: KpiFigures,
    generatedAt: IsoDateTime,
  })
  .meta({ id: 'KpiReport', description: 'Figures per group for a range of days, read from pre-aggregated counters.' });
export type KpiReport = z.infer<typeof KpiReport>;

export const MonthQuery = z.object({ month: Month, format: Format }).strict();
export type MonthQuery = z.infer<typeof MonthQuery>;

export const AssessmentComponent = z.object({
  figure: z.string(),
  weight: z.number(),
  rate: Rate,
  points: z.number().meta({ description: '100 × weight × rate ÷ (sum of the weights of the figures the unit has a denominator for).' }),
});

export const AssessedUnit = z.object({
  unitType: z.enum(['department', 'town']),
  key: z.string(),
  name: z.string(),
  components: z.array(AssessmentComponent),
  deductions: z.array(z.object({ reason: z.enum(['notice', 'unjustified-return']), count: z.number().int(), pointsEach: z.number(), points: z.number() })),
  score: z.number().meta({ description: 'Sum of the components’ points minus the deductions, at least 0, 2 decimal places.' }),
  rank: z.number().int(),
});

export const AssessmentReport = z
  .object({
    region: z.string(),
    month: Month,
    weights: z.record(z.string(), z.number()),
    departments: z.array(AssessedUnit),
    towns: z.array(AssessedUnit),
    /** 四类排名: the best and worst departments and towns/streets of the month. */
    rankings: z.object({ bestDepartments: z.array(z.string()), worstDepartments: z.array(z.string()), bestTowns: z.array(z.string()), worstTowns: z.array(z.string()) }),
    generatedAt: IsoDateTime,
  })
  .meta({ id: 'AssessmentReport', description: '考核: a score per department and town/street for the month, reproducible from the KPIs it lists.' });
export type AssessmentReport = z.infer<typeof AssessmentReport>;

export const warningKinds = ['volume-surge', 'cluster', 'dispute-risk', 'repeat-calls'] as const;
export const WarningKind = z.enum(warningKinds);
export type WarningKind = z.infer<typeof WarningKind>;

export const WarningFields = z.object({
  warningId: z.string(),
  kind: WarningKind,
  raisedAt: IsoDateTime,
  subject: z.object({
    areaId: z.string().optional(),
    gridId: z.string().optional(),
    major: z.string().optional(),
    minor: z.string().optional(),
    caseId: z.string().optional(),
    disputeId: z.string().optional(),
  }),
  /** Why, in numbers: what was seen, what was expected, and the bar it crossed. */
  why: z.object({ observed: z.number(), expected: z.number(), threshold: z.number(), window: z.string(), note: z.string() }),
});
export type WarningFields = z.infer<typeof WarningFields>;

/** reporting: an early warning (预警) was raised. */
export const warningRaisedV1 = defineEvent('warning.raised', 1, WarningFields);
export type WarningRaised = EventOf<typeof warningRaisedV1>;

export const WarningView = WarningFields.extend({
  summary: z.string().meta({ description: 'The warning in one Chinese sentence.' }),
  acknowledged: z.object({ by: z.string(), at: IsoDateTime, note: z.string().optional() }).optional(),
}).meta({ id: 'Warning' });
export type WarningView = z.infer<typeof WarningView>;

export const WarningList = z.object({ items: z.array(WarningView) }).meta({ id: 'WarningList', description: 'The month’s warnings, newest first.' });

export const WarningQuery = z
  .object({ month: Month.optional(), kind: WarningKind.optional(), acknowledged: z.enum(['true', 'false']).optional(), format: Format })
  .strict();
export type WarningQuery = z.infer<typeof WarningQuery>;

export const AcknowledgeBody = z.object({ note: z.string().trim().min(1).max(500).optional() }).strict().meta({ id: 'Acknowledge' });

export const TopicList = z
  .object({
    region: z.string(),
    month: Month,
    items: z.array(
      z.object({
        townId: z.string(),
        townName: z.string(),
        major: z.string(),
        majorName: z.string(),
        received: z.number().int(),
        satisfactionRate: Rate,
        score: z.number().meta({ description: 'received × (1 − satisfaction) where rated, else received × 0.5: volume weighed by dissatisfaction.' }),
      }),
    ),
  })
  .meta({ id: 'TopicList', description: '每月一题: category × town/street pairs with the most volume and the lowest satisfaction.' });
