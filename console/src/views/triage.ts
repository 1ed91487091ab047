import { allPages, type Taxonomy, type TriageItem } from '../api';
import { localTime, percent, triageReasonNames } from '../format';
import { html } from '../html';
import { askForm, attempt, departmentName, render, type Context } from '../ui';

let taxonomy: Taxonomy | undefined;

/**
 * 分拨队列: the cases the classifier could not route and the orders departments returned.
 * Keys: j/k or ↓/↑ move, 1–3 take a suggestion, Enter the first, c picks another category.
 */
export async function triageView(ctx: Context): Promise<void> {
  taxonomy ??= await ctx.api.taxonomy();
  const items = await allPages((cursor) => ctx.api.triage(cursor), 5);
  let selected = Math.min(Number(ctx.params.get('at') ?? 0) || 0, Math.max(items.length - 1, 0));

  render(
    ctx.main,
    html`<section class="split">
      <div class="pane list-pane">
        <h2>分拨队列 <span class="count" data-testid="triage-count">${items.length}</span></h2>
        <p class="hint" id="triage-keys">快捷键：<kbd>j</kbd>/<kbd>k</kbd> 上下移动，<kbd>1</kbd>–<kbd>3</kbd> 采用建议类别，<kbd>Enter</kbd> 采用首选，<kbd>c</kbd> 选择其他类别</p>
        ${
          items.length
            ? html`<ul class="queue" role="listbox" id="triage-list" aria-label="待分拨案件" aria-describedby="triage-keys" tabindex="0">${items.map(
                (item, i) => html`<li role="option" id="triage-${i}" data-index="${i}" aria-selected="${i === selected}">
                  <span class="case-number">${item.caseNumber}</span> <span class="badge">${triageReasonNames[item.reason ?? 'unclassified'] ?? item.reason}</span>
                  <span class="title">${item.title}</span>
                  <span class="meta">${localTime(item.receivedAt, ctx.region.timeZone)}</span>
                </li>`,
              )}</ul>`
            : html`<p class="empty">队列已清空。</p>`
        }
      </div>
      ${items.length ? html`<div class="pane detail-pane" id="triage-detail" aria-live="polite"></div>` : ''}
    </section>`,
  );
  const list = ctx.main.querySelector<HTMLElement>('#triage-list');
  const detail = ctx.main.querySelector<HTMLElement>('#triage-detail');
  if (!list || !detail) return;

  const show = (index: number) => {
    selected = Math.max(0, Math.min(index, items.length - 1));
    list.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === selected)));
    list.setAttribute('aria-activedescendant', `triage-${selected}`);
    list.querySelector(`#triage-${selected}`)?.scrollIntoView({ block: 'nearest' });
    renderDetail(ctx, detail, items[selected]!);
  };
  const reload = () => triageView(ctx);

  const decide = async (item: TriageItem, minor: string) => {
    const name = taxonomy!.categories.find((c) => c.code === minor)?.name ?? minor;
    const done = await attempt(`${item.caseNumber} 已归入「${name}」并派遣`, () => ctx.api.classify(item.caseId, minor));
    if (done) await reload();
  };

  list.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li');
    if (li) show(Number(li.dataset.index));
  });
  list.addEventListener('keydown', (e) => {
    const item = items[selected]!;
    const suggestions = suggestionsOf(item);
    if (e.key === 'j' || e.key === 'ArrowDown') show(selected + 1);
    else if (e.key === 'k' || e.key === 'ArrowUp') show(selected - 1);
    else if (/^[1-3]$/.test(e.key) && item.reason !== 'returned' && suggestions[Number(e.key) - 1]) void decide(item, suggestions[Number(e.key) - 1]!.minor);
    else if (e.key === 'Enter' && item.reason !== 'returned' && suggestions[0]) void decide(item, suggestions[0].minor);
    else if (e.key === 'c') detail.querySelector<HTMLInputElement>('#other-category')?.focus();
    else return;
    e.preventDefault();
  });
  detail.addEventListener('click', async (e) => {
    const button = (e.target as HTMLElement).closest('button');
    if (!button) return;
    const item = items[selected]!;
    if (button.dataset.minor) await decide(item, button.dataset.minor);
    else if (button.dataset.action === 'other') {
      const code = detail.querySelector<HTMLInputElement>('#other-category')!.value.trim().split(/\s/)[0] ?? '';
      if (!taxonomy!.categories.some((c) => c.code === code)) {
        detail.querySelector('#other-error')!.textContent = '请从列表中选择一个类别';
        return;
      }
      await decide(item, code);
    } else if (button.dataset.action === 'transfer') {
      const values = await askForm(`转办 ${item.caseNumber}`, [
        { name: 'departmentId', label: '转至部门', type: 'select', required: true, options: ctx.region.departments.map((d) => ({ value: d.id, label: d.name })) },
        { name: 'reason', label: '转办理由', type: 'textarea', required: true },
      ]);
      if (values && (await attempt(`已转办至${departmentName(ctx, values.departmentId!)}`, () => ctx.api.act(item.caseId, { type: 'transfer', departmentId: values.departmentId!, reason: values.reason! })))) await reload();
    } else if (button.dataset.action === 'recategorise') {
      const values = await askForm(`改类 ${item.caseNumber}`, [
        { name: 'minor', label: '新类别', type: 'select', required: true, options: taxonomy!.categories.filter((c) => c.route === 'workorder').map((c) => ({ value: c.code, label: `${c.majorName} / ${c.name}` })) },
        { name: 'reason', label: '改类理由', type: 'textarea', required: true },
      ]);
      if (values && (await attempt('已改类并重新派遣', () => ctx.api.act(item.caseId, { type: 'recategorise', minor: values.minor!, reason: values.reason! })))) await reload();
    }
  });
  detail.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).id === 'other-category') {
      e.preventDefault();
      detail.querySelector<HTMLButtonElement>('button[data-action="other"]')?.click();
    }
  });
  show(selected);
  list.focus();
}

function suggestionsOf(item: TriageItem) {
  return item.suggestions ?? [];
}

function renderDetail(ctx: Context, detail: HTMLElement, item: TriageItem): void {
  const suggestions = suggestionsOf(item);
  const returned = item.reason === 'returned';
  render(
    detail,
    html`<h2>${item.title}</h2>
      <p class="meta"><a href="#/case/${item.caseId}">${item.caseNumber}</a> · ${triageReasonNames[item.reason ?? 'unclassified']} · 受理于 ${localTime(item.receivedAt, ctx.region.timeZone)}</p>
      <p class="description">${item.description}</p>
      <p class="meta">地点：${item.location.address ?? item.location.gridId ?? '未知'}</p>
      ${
        returned
          ? html`<h3>退单处理</h3><p>当前类别：${item.suggestion?.minorName ?? '—'}</p>
              <div class="buttons"><button data-action="transfer" class="primary">转办其他部门</button><button data-action="recategorise">改类重派</button></div>`
          : html`<h3>分类建议</h3>
              ${
                suggestions.length
                  ? html`<ol class="suggestions" data-testid="suggestions">${suggestions.map(
                      (s, i) => html`<li><button data-minor="${s.minor}" class="${i === 0 ? 'primary' : ''}" aria-keyshortcuts="${i + 1}">
                        <kbd>${i + 1}</kbd> ${s.minorName} <code>${s.minor}</code> <span class="confidence">置信度 ${percent(s.confidence)}</span></button></li>`,
                    )}</ol>`
                  : html`<p class="empty">分类器没有把握，请人工选择类别。</p>`
              }
              <h3><label for="other-category">选择其他类别</label></h3>
              <div class="inline-form">
                <input id="other-category" list="categories" placeholder="输入类别名称或代码" autocomplete="off" aria-keyshortcuts="c">
                <datalist id="categories">${(taxonomy?.categories ?? []).map((c) => html`<option value="${c.code} ${c.majorName}/${c.name}"></option>`)}</datalist>
                <button data-action="other">派遣</button>
              </div>
              <p class="error" id="other-error" role="alert"></p>`
      }`,
  );
}

