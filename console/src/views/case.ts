import { ApiError, type CaseView, type RevealAnswer, type RevealRequest, type WorkOrder } from '../api';
import { caseStatusNames, localTime, workOrderStatusNames } from '../format';
import { html } from '../html';
import { askForm, errorText, render, toast, type Context } from '../ui';
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
      ${view && mayReveal(ctx) ? html`<p><button id="reveal" aria-describedby="reveal-hint">查看原始信息</button> <span class="meta" id="reveal-hint">姓名、电话和原文已脱敏；查看须说明理由，并记入审计</span></p>` : ''}
      <div id="revealed" data-testid="revealed" aria-live="polite"></div>
      ${order ? html`<table class="orders"><tbody><tr>${deadlineCell(ctx, order)}<td class="actions">${actionButtons(ctx, order)}</td></tr></tbody></table>` : ''}
      <h3>全程记录</h3>
      <ol class="history" data-testid="history">${history.map((h) => html`<li><time>${localTime(h.at, tz)}</time> ${h.text} ${h.who ? html`<span class="meta">${h.who}</span>` : ''}</li>`)}</ol>
    </section>`,
  );
  bindSteps(ctx, ctx.main.querySelector('section')!, orders, () => caseView(ctx, caseId));
  ctx.main.querySelector('#reveal')?.addEventListener('click', () => void reveal(ctx, caseId));
}

/** The API lets operators alone unmask a case, one audited reveal at a time; other roles get no button. */
const mayReveal = (ctx: Context) => ctx.claims.role === 'operator';

/**
 * 查看原始信息: asks what to unmask and why, then shows the answer on this page only (not
 * kept, gone when the page is left or reloaded), with the audit record's id.
 */
async function reveal(ctx: Context, caseId: string): Promise<void> {
  const values = await askForm(
    '查看原始信息',
    [
      { name: 'reporter.phone', label: '反映人电话', type: 'checkbox', checked: true },
      { name: 'reporter.name', label: '反映人姓名', type: 'checkbox' },
      { name: 'text', label: '原始标题和描述（未脱敏）', type: 'checkbox' },
      { name: 'reason', label: '理由（记入审计，至少 4 个字）', type: 'textarea', required: true, minLength: 4 },
    ],
    '查看',
  );
  if (!values) return;
  const fields = (['reporter.phone', 'reporter.name', 'text'] as const).filter((f) => values[f] === 'on');
  if (!fields.length) return toast('请至少选择一项', 'error');
  const request: RevealRequest = { fields, reason: values.reason ?? '' };
  let answer: RevealAnswer;
  try {
    answer = await ctx.api.reveal(caseId, request);
  } catch (error) {
    return toast(errorText(error), 'error');
  }
  const target = ctx.main.querySelector('#revealed');
  if (!target) return;
  target.className = 'revealed';
  render(
    target,
    html`<h3>原始信息 <span class="meta">审计编号 ${answer.auditId}；离开本页即不再显示</span></h3>
      <dl class="facts">
        ${answer.reporter?.name !== undefined ? html`<dt>姓名</dt><dd data-testid="revealed-name">${answer.reporter.name}</dd>` : ''}
        ${answer.reporter?.phone !== undefined ? html`<dt>电话</dt><dd data-testid="revealed-phone">${answer.reporter.phone}</dd>` : ''}
        ${answer.title !== undefined ? html`<dt>标题</dt><dd>${answer.title}</dd>` : ''}
      </dl>
      ${answer.description !== undefined ? html`<p class="description" data-testid="revealed-description">${answer.description}</p>` : ''}`,
  );
  toast('已查看原始信息，已记入审计');
}
