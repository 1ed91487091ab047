import { allPages, type WorkOrderSummary } from '../api';
import { addDays, localDate, localTime, supervisionNames, workOrderStatusNames } from '../format';
import { html } from '../html';
import { render, type Context } from '../ui';
import { actionButtons, bindSteps, deadlineCell, runningDeadline } from './inbox';

const levelRank = { notice: 3, overdue: 2, 'due-soon': 1 } as const;

/**
 * 督办看板: open orders the supervision sweep has raised (临期, 超期, 通报), worst first. The
 * departments to look at come from the KPI report (those with overdue orders or notices in
 * the last year); their inboxes give the orders.
 */
export async function supervisionView(ctx: Context): Promise<void> {
  const today = localDate(ctx.now(), ctx.region.timeZone);
  const report = await ctx.api.kpis({ from: addDays(today, -365), to: today, groupBy: 'department' });
  const watched = report.groups.filter((g) => g.key !== 'unknown' && (g.overdue > 0 || g.notices > 0 || g.open > 0));
  const orders: WorkOrderSummary[] = [];
  for (const group of watched) {
    const inbox = await allPages((cursor) => ctx.api.inbox(group.key, cursor), 5);
    orders.push(...inbox.filter((o) => o.supervision && runningDeadline(o)?.at === o.supervision.deadline));
  }
  orders.sort((a, b) => levelRank[b.supervision!.level] - levelRank[a.supervision!.level] || a.supervision!.deadline.localeCompare(b.supervision!.deadline));
  const notices = orders.filter((o) => o.supervision!.level === 'notice');
  render(
    ctx.main,
    html`<section class="pane">
      <h2>督办看板 <span class="count">${orders.length}</span></h2>
      <p class="meta">近一年：超期 ${report.total.overdue} 件，通报 ${report.total.notices} 次。</p>
      ${
        notices.length
          ? html`<div class="notice-box" role="alert"><h3>督办通报</h3><ul>${notices.map(
              (o) => html`<li><strong>${o.departmentName}</strong>：${o.caseNumber}「${o.title}」${o.supervision!.kind === 'sign' ? '签收' : '办结'}时限 ${localTime(o.supervision!.deadline, ctx.region.timeZone)} 已过，${localTime(o.supervision!.at, ctx.region.timeZone)} 通报。</li>`,
            )}</ul></div>`
          : ''
      }
      ${
        orders.length
          ? html`<div class="table-wrap"><table class="orders" data-testid="supervision">
              <thead><tr><th scope="col">督办</th><th scope="col">编号</th><th scope="col">部门</th><th scope="col">事项</th><th scope="col">状态</th><th scope="col">时限</th><th scope="col">操作</th></tr></thead>
              <tbody>${orders.map(
                (o) => html`<tr><td><span class="badge level-${o.supervision!.level}">${supervisionNames[o.supervision!.level]}</span></td>
                  <td><a href="#/case/${o.caseId}">${o.caseNumber}</a></td><td>${o.departmentName}</td><td>${o.title}</td>
                  <td>${workOrderStatusNames[o.status] ?? o.status}</td>${deadlineCell(ctx, o)}<td class="actions">${actionButtons(ctx, o)}</td></tr>`,
              )}</tbody></table></div>`
          : html`<p class="empty">没有需要督办的工单。</p>`
      }
    </section>`,
  );
  bindSteps(ctx, ctx.main.querySelector('section')!, orders, () => supervisionView(ctx));
}
