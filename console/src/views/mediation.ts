import { allPages, type DisputeSummary, type DisputeAction, type Dispute } from '../api';
import { disputeStatusNames, localTime, tierNames } from '../format';
import { html } from '../html';
import { askForm, attempt, render, type Context, type Field } from '../ui';

const historyNames: Record<string, string> = {
  opened: '立案',
  assigned: '分派调解员',
  queued: '排队',
  'risk-alerted': '风险预警',
  accepted: '受理',
  declined: '不予受理',
  'session-scheduled': '安排调解',
  'session-held': '调解',
  extended: '延期',
  escalated: '上交上级',
  reassigned: '改派',
  agreed: '达成协议',
  'party-confirmed': '当事人确认',
  'judicial-recorded': '司法确认',
  reminded: '提醒',
  'followed-up': '回访',
  breached: '违约',
  reopened: '重新调解',
  'referred-to-court': '诉调对接',
  withdrawn: '撤回',
  closed: '结案',
  linked: '合并',
};

/** 调解案卷: a mediator's docket, a centre's queue and disputes; supervisors pick a centre. */
export async function mediationView(ctx: Context): Promise<void> {
  const { role } = ctx.claims;
  const centreId = role === 'coordinator' ? ctx.claims.committeeId : (ctx.params.get('centre') ?? undefined);
  const sections: { title: string; items: DisputeSummary[]; testid: string }[] = [];
  if (role === 'mediator') {
    sections.push({ title: '我的案卷', testid: 'docket', items: await allPages((cursor) => ctx.api.disputes({ mediatorId: ctx.claims.mediatorId, cursor }), 5) });
  } else if (centreId) {
    sections.push({ title: '中心排队', testid: 'centre-queue', items: await allPages((cursor) => ctx.api.disputes({ centreId, status: 'queued', cursor }), 5) });
    sections.push({ title: '中心案件', testid: 'centre-disputes', items: await allPages((cursor) => ctx.api.disputes({ centreId, cursor }), 5) });
  }
  const picker =
    role === 'mediator' || role === 'coordinator'
      ? html``
      : html`<form class="inline-form" id="centre-picker"><label for="centre">矛调中心</label>
          <select id="centre">${[html`<option value="">请选择</option>`, ...ctx.region.committees.map((c) => html`<option value="${c.id}" ${c.id === centreId ? 'selected' : ''}>${c.name}（${tierNames[c.tier] ?? c.tier}）</option>`)]}</select>
          <button>查看</button></form>`;
  const centreName = ctx.region.committees.find((c) => c.id === centreId)?.name;
  render(
    ctx.main,
    html`<section class="pane"><h2>调解${centreName ? ` · ${centreName}` : ''}</h2>${picker}
      ${sections.map(
        (s) => html`<h3>${s.title} <span class="count">${s.items.length}</span></h3>
          ${
            s.items.length
              ? html`<div class="table-wrap"><table data-testid="${s.testid}"><thead><tr><th scope="col">编号</th><th scope="col">事项</th><th scope="col">层级</th><th scope="col">状态</th><th scope="col">风险</th><th scope="col">立案</th></tr></thead>
                  <tbody>${s.items.map(
                    (d) => html`<tr><td><a href="#/dispute/${d.disputeId}">${d.code}</a></td><td>${d.title}</td><td>${tierNames[d.tier] ?? d.tier}</td>
                      <td>${disputeStatusNames[d.status] ?? d.status}</td><td>${d.riskFlags.length ? html`<span class="badge level-notice">${d.riskFlags.join('、')}</span>` : ''}</td>
                      <td>${localTime(d.queuedAt ?? d.openedAt, ctx.region.timeZone)}</td></tr>`,
                  )}</tbody></table></div>`
              : html`<p class="empty">暂无。</p>`
          }`,
      )}</section>`,
  );
  ctx.main.querySelector('#centre-picker')?.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/mediation?centre=${encodeURIComponent((ctx.main.querySelector('#centre') as HTMLSelectElement).value)}`;
  });
}

interface DisputeStep {
  label: string;
  from: string[];
  fields?: Field[];
  build: (v: Record<string, string>) => DisputeAction;
}

const note: Field = { name: 'note', label: '说明', type: 'textarea' };
const partyKinds = [
  { value: 'person', label: '个人' },
  { value: 'organisation', label: '单位' },
];

/**
 * 受理 needs an applicant and a respondent on record; a dispute handed over from a citizen's
 * case has none yet, so the form asks for the missing ones (recorded at the counter).
 */
function acceptStep(d: Dispute): DisputeStep {
  const missing = (['applicant', 'respondent'] as const).filter((role) => !d.parties.some((p) => p.role === role));
  const names = { applicant: '申请人', respondent: '被申请人' };
  return {
    label: '受理',
    from: ['assigned'],
    fields: missing.length
      ? missing.flatMap((role): Field[] => [
          { name: `${role}-name`, label: `${names[role]}姓名或名称`, required: true },
          { name: `${role}-kind`, label: `${names[role]}类型`, type: 'select', options: partyKinds },
          { name: `${role}-phone`, label: `${names[role]}电话（可不填）` },
        ])
      : undefined,
    build: (v) => ({
      type: 'accept',
      ...(missing.length
        ? {
            parties: missing.map((role) => ({
              role,
              kind: v[`${role}-kind`] === 'organisation' ? ('organisation' as const) : ('person' as const),
              name: v[`${role}-name`]!,
              ...(v[`${role}-phone`] ? { phone: v[`${role}-phone`] } : {}),
              channel: 'counter' as const,
            })),
          }
        : {}),
    }),
  };
}

const steps: DisputeStep[] = [
  {
    label: '不予受理',
    from: ['assigned', 'queued'],
    fields: [
      {
        name: 'reason',
        label: '理由',
        type: 'select',
        options: [
          { value: 'criminal', label: '涉嫌刑事' },
          { value: 'before-court', label: '已起诉' },
          { value: 'administrative', label: '行政事项' },
          { value: 'labour-arbitration', label: '劳动仲裁' },
          { value: 'not-civil', label: '非民事纠纷' },
          { value: 'other', label: '其他' },
        ],
      },
      note,
    ],
    build: (v) => ({ type: 'decline', reason: v.reason as 'other', ...(v.note ? { note: v.note } : {}) }),
  },
  {
    label: '安排调解',
    from: ['accepted'],
    fields: [
      { name: 'at', label: '时间', type: 'datetime-local', required: true },
      { name: 'place', label: '地点', required: true },
    ],
    build: (v) => ({ type: 'schedule-session', at: new Date(v.at!).toISOString(), place: v.place! }),
  },
  {
    label: '记录调解',
    from: ['accepted'],
    fields: [
      {
        name: 'outcome',
        label: '结果',
        type: 'select',
        options: [
          { value: 'agreement', label: '达成协议' },
          { value: 'partial-agreement', label: '部分达成' },
          { value: 'no-agreement', label: '未达成' },
          { value: 'withdrawn', label: '撤回' },
        ],
      },
      { name: 'minutes', label: '笔录', type: 'textarea', required: true },
      { name: 'terms', label: '协议内容（达成时填写）', type: 'textarea' },
    ],
    build: (v) => ({ type: 'record-session', outcome: v.outcome as 'agreement', minutes: v.minutes!, attendance: [], evidence: [], escalate: false, ...(v.terms ? { terms: v.terms } : {}) }),
  },
  { label: '上交上级', from: ['assigned', 'accepted'], fields: [{ name: 'reason', label: '理由', type: 'textarea', required: true }], build: (v) => ({ type: 'escalate', reason: v.reason! }) },
  { label: '结案', from: ['agreed'], fields: [note], build: (v) => ({ type: 'close', ...(v.note ? { note: v.note } : {}) }) },
];

/** One dispute: parties (masked as the API shows them to this role), sessions, history, next steps. */
export async function disputeView(ctx: Context, disputeId: string): Promise<void> {
  const d: Dispute = await ctx.api.dispute(disputeId);
  const tz = ctx.region.timeZone;
  const offered = [acceptStep(d), ...steps].filter((s) => s.from.includes(d.status));
  render(
    ctx.main,
    html`<section class="pane">
      <h2>${d.title} <span class="badge">${disputeStatusNames[d.status] ?? d.status}</span></h2>
      <p class="meta">${d.code} · ${tierNames[d.tier]} · ${d.centre.name}${d.mediator ? ` · 调解员 ${d.mediator.name}` : ''}${d.caseNumber ? html` · 来自 <a href="#/case/${d.caseId ?? ''}">${d.caseNumber}</a>` : ''}</p>
      <p class="description">${d.narrative}</p>
      <h3>当事人 <span class="meta">（个人信息按角色权限显示或脱敏）</span></h3>
      <ul>${d.parties.map((p) => html`<li>${p.role === 'applicant' ? '申请人' : '被申请人'}：${p.name}${p.phone ? ` · ${p.phone}` : ''}${p.idNumber ? ` · ${p.idNumber}` : ''}</li>`)}</ul>
      ${offered.length ? html`<div class="buttons" id="dispute-steps">${offered.map((s, i) => html`<button data-index="${i}">${s.label}</button>`)}</div>` : ''}
      ${d.sessions.length ? html`<h3>调解记录</h3><ul>${d.sessions.map((s) => html`<li>${localTime(s.at, tz)} ${s.place} ${s.held ? `· ${s.outcome ?? ''}` : '· 待举行'}</li>`)}</ul>` : ''}
      <h3>全程记录</h3>
      <ol class="history">${d.history.map((h) => html`<li><time>${localTime(h.at, tz)}</time> ${historyNames[h.action.replace(/^mediation\./, '')] ?? h.action} → ${disputeStatusNames[h.to] ?? h.to}${h.note ? `：${h.note}` : ''} <span class="meta">${h.by.role}</span></li>`)}</ol>
    </section>`,
  );
  ctx.main.querySelector('#dispute-steps')?.addEventListener('click', async (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-index]');
    const step = button && offered[Number(button.dataset.index)];
    if (!step) return;
    const values = step.fields ? await askForm(`${step.label} ${d.code}`, step.fields, step.label) : {};
    if (values && (await attempt(`${d.code} ${step.label}完成`, () => ctx.api.disputeAct(d.disputeId, step.build(values))))) await disputeView(ctx, disputeId);
  });
}
