import type { Warning } from '../api';
import { gridMap, type MapGrid } from '../charts';
import { addDays, localDate, localTime } from '../format';
import { html } from '../html';
import { areaAndBelow } from '../region';
import { render, type Context } from '../ui';

const warningKindNames: Record<string, string> = { 'volume-surge': '量激增', cluster: '聚集', 'dispute-risk': '矛盾风险', 'repeat-calls': '重复来电' };

/**
 * 网格地图: every grid of the region drawn from its polygon, shaded by the cases received in
 * the last 30 days; a red mark where this month's warnings point (a grid, or every grid of
 * the area named).
 */
export async function mapView(ctx: Context): Promise<void> {
  const today = localDate(ctx.now(), ctx.region.timeZone);
  const [report, warnings] = await Promise.all([
    ctx.api.kpis({ from: addDays(today, -29), to: today, groupBy: 'grid' }),
    ctx.api.warnings(today.slice(0, 7)).then((w) => w.items.filter((x) => !x.acknowledged)),
  ]);
  const cases = new Map(report.groups.map((g) => [g.key, g.received]));
  const warned = new Map<string, number>();
  for (const w of warnings) for (const gridId of gridsOf(ctx, w)) warned.set(gridId, (warned.get(gridId) ?? 0) + 1);
  const grids: MapGrid[] = ctx.region.grids.map((g) => ({ ...g, value: cases.get(g.id) ?? 0, warnings: warned.get(g.id) ?? 0 }));
  render(
    ctx.main,
    html`<section class="split map-split">
      <div class="pane"><h2>网格地图 · ${ctx.region.name}</h2>
        <p class="meta">近30天受理 ${report.total.received} 件；颜色越深案件越多；红点为未处理预警。</p>
        <figure class="map" data-testid="map">${gridMap(`${ctx.region.name}网格案件分布`, grids, districtLabels(ctx))}</figure>
        <p id="grid-info" class="meta" aria-live="polite">选择一个网格查看详情。</p>
      </div>
      <div class="pane"><h2>预警 <span class="count">${warnings.length}</span></h2>
        ${
          warnings.length
            ? html`<ul class="warnings">${warnings.map((w) => html`<li><span class="badge level-notice">${warningKindNames[w.kind] ?? w.kind}</span> ${w.summary} <span class="meta">${localTime(w.raisedAt, ctx.region.timeZone)}</span></li>`)}</ul>`
            : html`<p class="empty">本月没有未处理的预警。</p>`
        }
      </div>
    </section>`,
  );
  const info = ctx.main.querySelector('#grid-info')!;
  const describe = (target: EventTarget | null) => {
    const id = (target as Element | null)?.getAttribute?.('data-grid');
    const grid = id && grids.find((g) => g.id === id);
    if (grid) info.textContent = `${grid.name}（${grid.id}）：近30天 ${grid.value} 件，预警 ${grid.warnings} 条`;
  };
  const svg = ctx.main.querySelector('figure.map')!;
  svg.addEventListener('click', (e) => describe(e.target));
  svg.addEventListener('focusin', (e) => describe(e.target));
}

/** Each district's name at the middle of its grids. */
function districtLabels(ctx: Context): { text: string; at: [number, number] }[] {
  return ctx.region.areas
    .filter((a) => a.level === 'district')
    .flatMap((district) => {
      const area = areaAndBelow(ctx.region, district.id);
      const corners = ctx.region.grids.filter((g) => area.has(g.villageId)).flatMap((g) => g.polygon);
      if (!corners.length) return [];
      const mean = (i: 0 | 1) => corners.reduce((s, p) => s + p[i], 0) / corners.length;
      return [{ text: district.name, at: [mean(0), mean(1)] as [number, number] }];
    });
}

function gridsOf(ctx: Context, w: Warning): string[] {
  if (w.subject.gridId) return [w.subject.gridId];
  if (!w.subject.areaId) return [];
  const area = areaAndBelow(ctx.region, w.subject.areaId);
  return ctx.region.grids.filter((g) => area.has(g.villageId)).map((g) => g.id);
}
