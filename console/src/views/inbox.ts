import { allPages, type WorkOrderSummary, type WorkOrderAction } from '../api';
import { localTime, supervisionNames, timeLeft, urgencyOf, workOrderStatusNames } from '../format';
import { html } from '../html';
import { askForm, attempt, departmentName, render, type Context, type Field } from '../ui';

/** The deadline running now: signing while dispatched, resolving while being handled. */
export function runningDeadline(order: WorkOrderSummary): { kind: '签收' | '办结'; at: string } | undefined {
  if (order.status === 'dispatched') return { kind: '签收', at: order.signDeadline };
  if (order.status === 'signed' || order.status === 'extension-requested') return { kind: '办结', at: order.resolveDeadline };
  return undefined;
}

interface ActionSpec {
  type: WorkOrderAction['type'];
  label: string;
  from: string[];
  roles: string[];
  fields?: Field[];
  build: (values: Record<string, string>) => WorkOrderAction;
}

const reason = (label: string): Field => ({ name: 'reason', label, type: 'textarea', required: true });

/** The steps the console offers, by status and role (the API decides; a refusal is shown as it says). */
export function actionSpecs(ctx: Context): ActionSpec[] {
  const departments = ctx.region.departments.map((d) => ({ value: d.id, label: d.name }));
  return [
    { type: 'sign', label: '签收', from: ['dispatched'], roles: ['department', 'operator'], build: () => ({ type: 'sign' }) },
    { type: 'return', label: '退单', from: ['dispatched', 'signed'], roles: ['department', 'operator'], fields: [reason('退单理由')], build: (v) => ({ type: 'return', reason: v.reason! }) },
    {
      type: 'transfer',
      label: '转办',
      from: ['dispatched', 'returned', 'signed'],
      roles: ['dispatcher', 'operator'],
      fields: [{ name: 'departmentId', label: '转至部门', type: 'select', required: true, options: departments }, reason('转办理由')],
      build: (v) => ({ type: 'transfer', departmentId: v.departmentId!, reason: v.reason! }),
    },
    {
      type: 'request-extension',
      label: '申请延期',
      from: ['signed'],
      roles: ['department', 'operator'],
      fields: [{ name: 'workingDays', label: '延期工作日', type: 'number', required: true, min: 1, max: 30, value: '3' }, reason('延期理由')],
      build: (v) => ({ type: 'request-extension', workingDays: Number(v.workingDays), reason: v.reason! }),
    },
    {
      type: 'decide-extension',
      label: '审批延期',
      from: ['extension-requested'],
      roles: ['supervisor', 'operator'],
      fields: [
        { name: 'approved', label: '审批结果', type: 'select', options: [{ value: 'true', label: '同意' }, { value: 'false', label: '不同意' }] },
        { name: 'reason', label: '意见', type: 'textarea' },
      ],
      build: (v) => ({ type: 'decide-extension', approved: v.approved === 'true', ...(v.reason ? { reason: v.reason } : {}) }),
    },
    { type: 'resolve', label: '办结', from: ['signed'], roles: ['department', 'operator'], fields: [{ name: 'result', label: '办理结果', type: 'textarea', required: true }], build: (v) => ({ type: 'resolve', result: v.result! }) },
    {
      type: 'verify',
      label: '核验',
      from: ['resolved'],
      roles: ['grid-worker', 'operator'],
      fields: [{ name: 'passed', label: '核验结果', type: 'select', options: [{ value: 'true', label: '通过' }, { value: 'false', label: '不通过' }] }, { name: 'reason', label: '说明', type: 'textarea' }],
      build: (v) => ({ type: 'verify', passed: v.passed === 'true', ...(v.reason ? { reason: v.reason } : {}) }),
    },
  ];
}

/** Takes one step on an order, asking for what the step needs; true when it was taken. */
export async function takeStep(ctx: Context, order: WorkOrderSummary, spec: ActionSpec): Promise<boolean> {
  const values = spec.fields ? await askForm(`${spec.label} ${order.caseNumber}`, spec.fields, spec.label) : {};
  if (!values) return false;
  return attempt(`${order.caseNumber} ${spec.label}完成`, () => ctx.api.act(order.caseId, spec.build(values)));
}

export function deadlineCell(ctx: Context, order: WorkOrderSummary) {
  const running = runningDeadline(order);
  if (!running) return html`<td>—</td>`;
  // Amber once the 督办 sweep has warned of this deadline (its own share of the time limit), or in its last 2 hours.
  const warned = order.supervision?.deadline === running.at;
  const byTime = urgencyOf(running.at, ctx.now(), 2);
  const urgency = byTime === 'ok' && warned ? 'due-soon' : byTime;
  return html`<td class="deadline ${urgency ?? ''}" data-urgency="${urgency ?? ''}"><span>${running.kind} ${localTime(running.at, ctx.region.timeZone)}</span><br><strong>${timeLeft(running.at, ctx.now())}</strong></td>`;
}

export function actionButtons(ctx: Context, order: WorkOrderSummary) {
  return actionSpecs(ctx)
    .filter((a) => a.from.includes(order.status) && a.roles.includes(ctx.claims.role))
    .map((a) => html`<button data-step="${a.type}" data-case="${order.caseId}">${a.label}</button>`);
}

/** Binds the step buttons inside `root` (a freshly rendered section) to the orders they name; `after` reloads. */
export function bindSteps(ctx: Context, root: HTMLElement, orders: WorkOrderSummary[], after: () => Promise<void>): void {
  root.addEventListener('click', async (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-step]');
    if (!button) return;
    const order = orders.find((o) => o.caseId === button.dataset.case);
    const spec = actionSpecs(ctx).find((a) => a.type === button.dataset.step);
    if (order && spec && (await takeStep(ctx, order, spec))) await after();
  });
}

/** 部门收件箱: a department's open orders with their running deadline coloured by time left. */
export async function inboxView(ctx: Context): Promise<void> {
  const own = ctx.claims.role === 'department';
  const departmentId = own ? ctx.claims.departmentId : (ctx.params.get('department') ?? undefined);
  const showClosed = ctx.params.get('closed') === '1';
  const picker = own
    ? html``
    : html`<form class="inline-form" id="department-picker"><label for="department">部门</label>
        <select id="department" name="department">${[html`<option value="">请选择部门</option>`, ...ctx.region.departments.map((d) => html`<option value="${d.id}" ${d.id === departmentId ? 'selected' : ''}>${d.name}</option>`)]}</select>
        <button>查看</button></form>`;
  if (!departmentId) {
    render(ctx.main, html`<section class="pane"><h2>部门收件箱</h2>${picker}</section>`);
    bindPicker(ctx);
    return;
  }
  const all = await allPages((cursor) => ctx.api.inbox(own ? undefined : departmentId, cursor));
  const orders = all.filter((o) => showClosed || o.status !== 'closed').sort(byDeadline);
  render(
    ctx.main,
    html`<section class="pane">
      <h2>部门收件箱 · ${departmentName(ctx, departmentId)} <span class="count">${orders.length}</span></h2>
      ${picker}
      <p class="legend"><span class="deadline overdue">已超期</span> <span class="deadline due-soon">临期（已提醒或 2 小时内）</span> <span class="deadline ok">时间充裕</span>
        <a href="#/inbox?${new URLSearchParams({ ...(own ? {} : { department: departmentId }), closed: showClosed ? '0' : '1' }).toString()}">${showClosed ? '隐藏已关闭' : '显示已关闭'}</a></p>
      ${
        orders.length
          ? html`<div class="table-wrap"><table class="orders" data-testid="inbox">
              <thead><tr><th scope="col">编号</th><th scope="col">事项</th><th scope="col">状态</th><th scope="col">时限</th><th scope="col">督办</th><th scope="col">操作</th></tr></thead>
              <tbody>${orders.map(
                (o) => html`<tr data-case="${o.caseId}">
                  <td><a href="#/case/${o.caseId}">${o.caseNumber}</a></td>
                  <td>${o.title}<br><span class="meta">${o.category?.minorName ?? ''}${o.priority !== 'normal' ? ` · ${o.priority === 'urgent' ? '紧急' : '优先'}` : ''}</span></td>
                  <td class="status">${workOrderStatusNames[o.status] ?? o.status}</td>
                  ${deadlineCell(ctx, o)}
                  <td>${o.supervision ? html`<span class="badge level-${o.supervision.level}">${supervisionNames[o.supervision.level]}</span>` : ''}</td>
                  <td class="actions">${actionButtons(ctx, o)}</td>
                </tr>`,
              )}</tbody></table></div>`
          : html`<p class="empty">没有待办工单。</p>`
      }
    </section>`,
  );
  bindPicker(ctx);
  bindSteps(ctx, ctx.main.querySelector('section')!, orders, () => inboxView(ctx));
}

function bindPicker(ctx: Context): void {
  ctx.main.querySelector('#department-picker')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (ctx.main.querySelector('#department') as HTMLSelectElement).value;
    location.hash = `#/inbox?department=${encodeURIComponent(value)}`;
  });
}

/** Open orders with the nearest running deadline first; the rest after. */
function byDeadline(a: WorkOrderSummary, b: WorkOrderSummary): number {
  const da = runningDeadline(a)?.at ?? '9999';
  const db = runningDeadline(b)?.at ?? '9999';
  return da.localeCompare(db);
}
