import type { AssessmentReport, WarningView } from '@govflow/contracts';
import type { Topic } from './assessment';
import { toCsv } from './csv';
import type { KpiFigures, KpiGroup, Rate } from './kpis';

/** The KPI columns, in the order a 12345 centre's monthly table shows them, with their Chinese headings. */
const figureColumns: [keyof KpiFigures, string][] = [
  ['received', '受理量'],
  ['open', '未办结'],
  ['overdue', '超期未办结'],
  ['signedOnTimeRate', '签收及时率'],
  ['resolvedOnTimeRate', '按期办结率'],
  ['resolutionRate', '解决率'],
  ['satisfactionRate', '满意率'],
  ['followUpRate', '回访率'],
  ['returnRate', '退单率'],
  ['reopenRate', '重办率'],
  ['repeatRate', '重复诉求率'],
  ['avgHoursToSign', '平均签收时长(工作小时)'],
  ['p90HoursToResolve', '90%办结时长(工作小时)'],
  ['mediationSuccessRate', '调解成功率'],
  ['resolvedAtOrBelowTownRate', '矛盾不上交率'],
  ['judicialConfirmationRate', '司法确认率'],
  ['notices', '通报次数'],
  ['unjustifiedReturns', '不当退单'],
];

const isRate = (v: unknown): v is Rate => typeof v === 'object' && v !== null && 'denominator' in v;

export function kpiCsv(groups: readonly KpiGroup[]): string {
  const header = ['分组编码', '名称'];
  for (const [key, label] of figureColumns) {
    if (['received', 'open', 'overdue', 'avgHoursToSign', 'p90HoursToResolve', 'notices', 'unjustifiedReturns'].includes(key)) header.push(label);
    else header.push(label, `${label}分子`, `${label}分母`);
  }
  const rows = groups.map((g) => [
    g.key,
    g.name,
    ...figureColumns.flatMap(([key]) => {
      const v = g[key];
      return isRate(v) ? [v.value, v.numerator, v.denominator] : [v as number | null];
    }),
  ]);
  return toCsv(header, rows);
}

export function assessmentCsv(report: AssessmentReport): string {
  const figures = Object.keys(report.weights);
  const header = ['类别', '排名', '编码', '名称', '得分', ...figures.flatMap((f) => [`${f}权重`, `${f}比率`, `${f}得分`]), '通报次数', '通报扣分', '不当退单', '退单扣分'];
  const rows = [...report.departments, ...report.towns].map((u) => {
    const component = (f: string) => u.components.find((c) => c.figure === f);
    const deduction = (reason: string) => u.deductions.find((d) => d.reason === reason)!;
    return [
      u.unitType === 'department' ? '部门' : '镇街',
      u.rank,
      u.key,
      u.name,
      u.score,
      ...figures.flatMap((f) => [report.weights[f], component(f)?.rate.value ?? null, component(f)?.points ?? null]),
      deduction('notice').count,
      deduction('notice').points,
      deduction('unjustified-return').count,
      deduction('unjustified-return').points,
    ];
  });
  return toCsv(header, rows);
}

export function warningsCsv(items: readonly WarningView[]): string {
  return toCsv(
    ['编号', '类型', '时间', '说明', '观测值', '期望值', '阈值', '窗口', '已确认', '确认人', '确认时间'],
    items.map((w) => [w.warningId, w.kind, w.raisedAt, w.summary, w.why.observed, w.why.expected, w.why.threshold, w.why.window, w.acknowledged ? '是' : '否', w.acknowledged?.by, w.acknowledged?.at]),
  );
}

export function topicsCsv(items: readonly Topic[]): string {
  return toCsv(
    ['镇街编码', '镇街', '大类编码', '大类', '受理量', '满意率', '满意数', '评价数', '选题得分'],
    items.map((t) => [t.townId, t.townName, t.major, t.majorName, t.received, t.satisfactionRate.value, t.satisfactionRate.numerator, t.satisfactionRate.denominator, t.score]),
  );
}
