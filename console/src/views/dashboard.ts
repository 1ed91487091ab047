import { ApiError, type KpiQuery, type KpiReport } from '../api';
import { rankingChart, ratesChart, volumeChart } from '../charts';
import { addDays, localDate, percent, rateText } from '../format';
import { html } from '../html';
import { render, type Context } from '../ui';

const unitChoices: { value: NonNullable<KpiQuery['groupBy']>; label: string }[] = [
  { value: 'department', label: '部门' },
  { value: 'district', label: '区县' },
  { value: 'town', label: '镇街' },
];

/**
 * KPI 看板: headline figures, volume over time, the three rates (签收及时率, 按期办结率,
 * 满意率) by unit and the month's 考核 ranking, all drawn as inline SVG.
 */
export async function dashboardView(ctx: Context): Promise<void> {
  const today = localDate(ctx.now(), ctx.region.timeZone);
  const days = [7, 30, 90].includes(Number(ctx.params.get('days'))) ? Number(ctx.params.get('days')) : 30;
  const unit = unitChoices.find((u) => u.value === ctx.params.get('unit'))?.value ?? 'department';
  const from = addDays(today, -(days - 1));
  // A department sees itself only, by department or by time.
  const unitGrouping = ctx.claims.role === 'department' ? 'department' : unit;
  const [byDay, byUnit, assessment] = await Promise.all([
    ctx.api.kpis({ from, to: today, groupBy: 'day' }),
    ctx.api.kpis({ from, to: today, groupBy: unitGrouping }),
    ctx.api.assessment(today.slice(0, 7)).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 403) return undefined;
      throw error;
    }),
  ]);
  const t = byDay.total;
  const card = (key: string, label: string, value: string) => html`<div class="card" data-kpi="${key}"><span class="label">${label}</span><strong>${value}</strong></div>`;
  const units = topUnits(byUnit, 12);
  render(
    ctx.main,
    html`<section class="pane">
      <h2>KPI 看板 <span class="meta">${from} 至 ${today}</span></h2>
      <form class="inline-form" id="range">
        <label for="days">范围</label><select id="days" name="days">${[7, 30, 90].map((d) => html`<option value="${d}" ${d === days ? 'selected' : ''}>近${d}天</option>`)}</select>
        ${ctx.claims.role === 'department' ? '' : html`<label for="unit">单位</label><select id="unit" name="unit">${unitChoices.map((u) => html`<option value="${u.value}" ${u.value === unit ? 'selected' : ''}>${u.label}</option>`)}</select>`}
        <button>刷新</button>
      </form>
      <div class="cards" data-testid="kpi-cards">
        ${card('received', '受理', String(t.received))}
        ${card('open', '在办', String(t.open))}
        ${card('overdue', '超期', String(t.overdue))}
        ${card('signedOnTimeRate', '签收及时率', rateText(t.signedOnTimeRate))}
        ${card('resolvedOnTimeRate', '按期办结率', rateText(t.resolvedOnTimeRate))}
        ${card('satisfactionRate', '满意率', rateText(t.satisfactionRate))}
      </div>
      <div class="charts">
        <figure><figcaption>受理量（按日）</figcaption>${volumeChart('受理量按日', everyDay(from, days, byDay))}</figure>
        <figure><figcaption>三率（按${unitChoices.find((u) => u.value === unitGrouping)?.label}，受理量前 ${units.length} 位）</figcaption>
          ${
            units.length
              ? ratesChart(
                  '三率按单位',
                  units.map((g) => g.name),
                  [
                    { name: '签收及时率', values: units.map((g) => g.signedOnTimeRate.value) },
                    { name: '按期办结率', values: units.map((g) => g.resolvedOnTimeRate.value) },
                    { name: '满意率', values: units.map((g) => g.satisfactionRate.value) },
                  ],
                )
              : html`<p class="empty">范围内没有数据。</p>`
          }</figure>
        ${
          assessment
            ? html`<figure><figcaption>${assessment.month} 考核排名（部门，前10）</figcaption>
                ${assessment.departments.length ? rankingChart('部门考核排名', [...assessment.departments].sort((a, b) => a.rank - b.rank).slice(0, 10).map((d) => ({ name: d.name, score: d.score }))) : html`<p class="empty">本月尚无考核数据。</p>`}</figure>
              <figure><figcaption>${assessment.month} 考核排名（镇街，前10）</figcaption>
                ${assessment.towns.length ? rankingChart('镇街考核排名', [...assessment.towns].sort((a, b) => a.rank - b.rank).slice(0, 10).map((d) => ({ name: d.name, score: d.score }))) : html`<p class="empty">本月尚无考核数据。</p>`}</figure>`
            : ''
        }
      </div>
      <details><summary>数据表</summary><div class="table-wrap"><table><thead><tr><th scope="col">单位</th><th scope="col">受理</th><th scope="col">签收及时率</th><th scope="col">按期办结率</th><th scope="col">满意率</th></tr></thead>
        <tbody>${byUnit.groups.map((g) => html`<tr><td>${g.name}</td><td>${g.received}</td><td>${percent(g.signedOnTimeRate.value)}</td><td>${percent(g.resolvedOnTimeRate.value)}</td><td>${percent(g.satisfactionRate.value)}</td></tr>`)}</tbody></table></div></details>
    </section>`,
  );
  ctx.main.querySelector('#range')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    location.hash = `#/dashboard?${new URLSearchParams({ days: String(form.get('days')), unit: String(form.get('unit') ?? unit) }).toString()}`;
  });
}

/** One bar per day of the range, days without cases at 0 (the report lists only days with figures). */
function everyDay(from: string, days: number, report: KpiReport): { label: string; value: number }[] {
  const received = new Map(report.groups.map((g) => [g.key, g.received]));
  return Array.from({ length: days }, (_, i) => addDays(from, i)).map((day) => ({ label: day, value: received.get(day) ?? 0 }));
}

function topUnits(report: KpiReport, count: number) {
  return [...report.groups]
    .filter((g) => g.key !== 'unknown')
    .sort((a, b) => b.received - a.received)
    .slice(0, count);
}
