import type { CaseView } from '@govflow/contracts';
import { ApiError, type WorkOrder } from '../api';
import { caseStatusNames, localTime, workOrderStatusNames } from '../format';
import { html } from '../html';
import { render, type Context } from '../ui';
import { actionButtons, bindSteps, deadlineCell } from './inbox';

const actionNames: Record<string, string> = {
  sign: '签收',
  return: '退单',
  transfer: '转办',
  recategorise: '改类',
  'request-extension': '申请延期',
  'decide-extension': '审批延期',
  resolve: '办结',
  verify: '核验',
  rate: '评价',
};

/** What the caller may see of one case: the request (partner, operator) and the work order (handling roles). */
async function orNothing<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}

/**
 * 案件详情: status, category, handler and the whole history, merged from the case (as
 * intake keeps it) and the work order's audit trail. Personal data arrives masked from the
 * API for roles that may not see it; the console shows what it is given.
 */
export async function caseView(ctx: Context, caseId: string): Promise<void> {
  const [view, order] = await Promise.all([orNothing<CaseView>(() => ctx.api.caseView(caseId)), orNothing<WorkOrder>(() => ctx.api.workOrder(caseId))]);
  const tz = ctx.region.timeZone;
  if (!view && !order) {
    render(ctx.main, html`<section class="pane"><h2>案件详情</h2><p class="empty">没有这个案件，或您无权查看。</p></section>`);
    return;
  }
  const history = [
    ...(view?.history ?? []).map((h) => ({ at: h.at, text: `${caseStatusNames[h.status] ?? h.status}${h.note ? `：${h.note}` : ''}`, who: '' })),
    ...(order?.audit ?? []).map((a) => ({ at: a.at, text: `${actionNames[a.action] ?? a.action}（${workOrderStatusNames[a.from] ?? a.from} → ${workOrderStatusNames[a.to] ?? a.to}）${a.reason ? `：${a.reason}` : ''}`, who: a.by.role })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const orders = order ? [order] : [];
  render(
    ctx.main,
    html`<section class="pane" data-testid="case-detail">
      <h2>${view?.title ?? order?.title} <span class="badge">${view ? (caseStatusNames[view.status] ?? view.status) : (workOrderStatusNames[order!.status] ?? order!.status)}</span></h2>
      <dl class="facts">
        <dt>编号</dt><dd>${view?.caseNumber ?? order?.caseNumber}</dd>
        ${view ? html`<dt>渠道</dt><dd>${view.channel}</dd><dt>地点</dt><dd>${view.location.address ?? view.location.gridId ?? '—'}</dd>` : ''}
        ${view?.reporter ? html`<dt>反映人</dt><dd data-testid="reporter">${view.reporter.name ?? ''} ${view.reporter.phone ?? ''} ${view.reporter.phone?.includes('*') ? html`<span class="meta">（已脱敏）</span>` : ''}</dd>` : ''}
        <dt>类别</dt><dd>${view?.category?.minorName ?? order?.category?.minorName ?? '—'}</dd>
        <dt>承办</dt><dd>${view?.department?.name ?? order?.departmentName ?? view?.mediation?.committeeName ?? '—'}</dd>
        ${order ? html`<dt>工单</dt><dd>${workOrderStatusNames[order.status] ?? order.status}</dd>` : ''}
      </dl>
      ${view ? html`<p class="description">${view.description}</p>` : ''}
      ${order ? html`<table class="orders"><tbody><tr>${deadlineCell(ctx, order)}<td class="actions">${actionButtons(ctx, order)}</td></tr></tbody></table>` : ''}
      <h3>全程记录</h3>
      <ol class="history" data-testid="history">${history.map((h) => html`<li><time>${localTime(h.at, tz)}</time> ${h.text} ${h.who ? html`<span class="meta">${h.who}</span>` : ''}</li>`)}</ol>
    </section>`,
  );
  bindSteps(ctx, ctx.main.querySelector('section')!, orders, () => caseView(ctx, caseId));
}
