import type { Api } from './api';
import { ApiError } from './api';
import type { KeyClaims } from './format';
import { html, Safe } from './html';
import type { RegionMap } from './region';

export interface Context {
  api: Api;
  claims: KeyClaims;
  region: RegionMap;
  /** This route's own container inside `<main>` (detached once the user moves on). */
  main: HTMLElement;
  now: () => Date;
  /** The hash route's query, e.g. `#/inbox?department=x`. */
  params: URLSearchParams;
}

export function render(target: Element, markup: Safe): void {
  target.innerHTML = markup.value;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
/** A short message in the live region (read out by screen readers). */
export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = document.getElementById('toast')!;
  el.textContent = message;
  el.className = `toast show ${kind}`;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.className = 'toast'), 6000);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const what = error.status === 403 ? '无权执行' : error.status === 404 ? '未找到' : error.status === 409 ? '当前状态不允许' : error.status === 410 ? '已不存在' : error.status === 422 ? '填写有误' : '请求失败';
    return `${what}（${error.status}）：${error.detail ?? error.title}`;
  }
  return `出错了：${error instanceof Error ? error.message : String(error)}`;
}

/** Runs an action, shows its outcome, and reports whether it succeeded. */
export async function attempt(what: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    toast(what);
    return true;
  } catch (error) {
    toast(errorText(error), 'error');
    return false;
  }
}

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'number' | 'select' | 'datetime-local' | 'checkbox';
  options?: { value: string; label: string }[];
  required?: boolean;
  value?: string;
  min?: number;
  max?: number;
  /** Shortest text a textarea takes (2 unless said). */
  minLength?: number;
  /** A checkbox starts ticked. */
  checked?: boolean;
}

/**
 * A modal form (native `<dialog>`: focus moves in and comes back, Esc cancels); resolves
 * with the values, or undefined when cancelled.
 */
export function askForm(title: string, fields: Field[], submitLabel = '确定'): Promise<Record<string, string> | undefined> {
  const dialog = document.createElement('dialog');
  dialog.className = 'form-dialog';
  const input = (f: Field) => {
    const id = `f-${f.name}`;
    if (f.type === 'checkbox') {
      return html`<label class="check" for="${id}"><input id="${id}" name="${f.name}" type="checkbox" value="on" ${f.checked ? new Safe('checked') : ''}> ${f.label}</label>`;
    }
    const control =
      f.type === 'textarea'
        ? html`<textarea id="${id}" name="${f.name}" rows="3" ${f.required ? new Safe(`required minlength="${f.minLength ?? 2}"`) : ''}>${f.value ?? ''}</textarea>`
        : f.type === 'select'
          ? html`<select id="${id}" name="${f.name}" ${f.required ? new Safe('required') : ''}>${(f.options ?? []).map((o) => html`<option value="${o.value}" ${o.value === f.value ? new Safe('selected') : ''}>${o.label}</option>`)}</select>`
          : html`<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}" value="${f.value ?? ''}" ${f.required ? new Safe('required') : ''} ${f.min !== undefined ? new Safe(`min="${f.min}"`) : ''} ${f.max !== undefined ? new Safe(`max="${f.max}"`) : ''}>`;
    return html`<label for="${id}">${f.label}</label>${control}`;
  };
  render(
    dialog,
    html`<form method="dialog"><h2>${title}</h2>${fields.map(input)}<div class="buttons"><button type="submit" value="ok" class="primary">${submitLabel}</button><button type="button" value="cancel" data-cancel>取消</button></div></form>`,
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    const form = dialog.querySelector('form')!;
    let values: Record<string, string> | undefined;
    form.addEventListener('submit', () => {
      values = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
    });
    dialog.querySelector('[data-cancel]')!.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(values);
    });
    dialog.showModal();
  });
}

export function departmentName(ctx: Context, id: string): string {
  return ctx.region.departments.find((d) => d.id === id)?.name ?? id;
}
