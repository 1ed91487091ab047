import type { KpiFigures, KpiGroup, Rate } from './kpis';

export interface DailyReportInput {
  regionName: string;
  day: string;
  total: KpiFigures;
  byDistrict: readonly KpiGroup[];
  /** Departments with cases past their deadline now, most first. */
  overdueUnits: readonly { name: string; overdue: number; notices: number }[];
  /** One sentence per warning raised on the day. */
  warnings: readonly string[];
  generatedAt: string;
}

const percent = (r: Rate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%（${r.numerator}/${r.denominator}）`);

/** The daily report (日报), in Chinese, as Markdown: volume, rates, overdue units, new warnings, mediation. */
export function dailyReport(input: DailyReportInput): string {
  const t = input.total;
  const lines = [
    `# ${input.regionName}社会治理日报（${input.day}）`,
    '',
    '## 一、受理情况',
    `当日受理诉求 ${t.received} 件，其中重复诉求 ${t.repeatRate.numerator} 件；截至发布时仍未办结 ${t.open} 件，超期 ${t.overdue} 件。`,
    '',
    '| 区县 | 受理 | 未办结 | 超期 |',
    '|---|---|---|---|',
    ...input.byDistrict.map((g) => `| ${g.name} | ${g.received} | ${g.open} | ${g.overdue} |`),
    '',
    '## 二、办理质效',
    `- 签收及时率：${percent(t.signedOnTimeRate)}`,
    `- 按期办结率：${percent(t.resolvedOnTimeRate)}`,
    `- 解决率：${percent(t.resolutionRate)}`,
    `- 满意率：${percent(t.satisfactionRate)}`,
    `- 退单率：${percent(t.returnRate)}`,
    `- 平均签收时长：${t.avgHoursToSign === null ? '—' : `${t.avgHoursToSign} 工作小时`}`,
    '',
    '## 三、超期单位',
    ...(input.overdueUnits.length === 0 ? ['无超期单位。'] : input.overdueUnits.map((u, i) => `${i + 1}. ${u.name}：超期 ${u.overdue} 件，当日通报 ${u.notices} 次`)),
    '',
    '## 四、新增预警',
    ...(input.warnings.length === 0 ? ['当日无新增预警。'] : input.warnings.map((w, i) => `${i + 1}. ${w}`)),
    '',
    '## 五、矛盾纠纷调解',
    `- 调解成功率：${percent(t.mediationSuccessRate)}`,
    `- 矛盾不上交率（村、镇两级化解）：${percent(t.resolvedAtOrBelowTownRate)}`,
    `- 司法确认率：${percent(t.judicialConfirmationRate)}`,
    '',
    `（生成时间：${input.generatedAt}；口径见 /v1/openapi.json 中 KpiReport 各指标说明。）`,
    '',
  ];
  return lines.join('\n');
}
