import { createApi } from './api';
import { claimsOf, roleNames, type KeyClaims } from './format';
import { html } from './html';
import type { RegionMap } from './region';
import { errorText, render, type Context } from './ui';
import { caseView } from './views/case';
import { dashboardView } from './views/dashboard';
import { inboxView } from './views/inbox';
import { mapView } from './views/map';
import { disputeView, mediationView } from './views/mediation';
import { supervisionView } from './views/supervision';
import { triageView } from './views/triage';

const keyStorage = 'govflow.console.key';

interface Section {
  path: string;
  label: string;
  /** Alt + this key opens it. */
  shortcut: string;
  roles: string[];
  show: (ctx: Context) => Promise<void>;
}

/** The console's sections and the roles each is for (the API still checks every call). */
const sections: Section[] = [
  { path: 'triage', label: '分拨队列', shortcut: '1', roles: ['dispatcher', 'operator'], show: triageView },
  { path: 'inbox', label: '部门收件箱', shortcut: '2', roles: ['department', 'dispatcher', 'supervisor', 'operator'], show: inboxView },
  { path: 'supervision', label: '督办看板', shortcut: '3', roles: ['supervisor', 'dispatcher', 'operator'], show: supervisionView },
  { path: 'mediation', label: '调解', shortcut: '4', roles: ['mediator', 'coordinator', 'supervisor', 'operator'], show: mediationView },
  { path: 'map', label: '网格地图', shortcut: '5', roles: ['supervisor', 'analyst', 'dispatcher', 'operator'], show: mapView },
  { path: 'dashboard', label: 'KPI 看板', shortcut: '6', roles: ['supervisor', 'analyst', 'dispatcher', 'department', 'operator'], show: dashboardView },
];

let region: RegionMap;

async function start(): Promise<void> {
  region = (await (await fetch('region.json')).json()) as RegionMap;
  document.title = `指挥中心 · ${region.name}`;
  window.addEventListener('hashchange', () => void route());
  document.addEventListener('keydown', (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const section = sectionsFor(currentClaims()).find((s) => s.shortcut === e.key);
    if (section) {
      e.preventDefault();
      location.hash = `#/${section.path}`;
    }
  });
  await route();
}

function currentKey(): string | undefined {
  return sessionStorage.getItem(keyStorage) ?? undefined;
}

function currentClaims(): KeyClaims | undefined {
  const key = currentKey();
  return key ? claimsOf(key) : undefined;
}

function sectionsFor(claims: KeyClaims | undefined): Section[] {
  return claims ? sections.filter((s) => s.roles.includes(claims.role)) : [];
}

async function route(): Promise<void> {
  const main = document.getElementById('main')!;
  // A form left open belongs to the view being left.
  document.querySelectorAll('dialog').forEach((d) => d.close());
  // Each route renders into its own container: a slower, older view finishing late writes
  // into a detached element, never over the page the user has moved to.
  const view = document.createElement('div');
  main.replaceChildren(view);
  main.removeAttribute('aria-busy');
  const key = currentKey();
  const claims = currentClaims();
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  if (!key || !claims || path === 'sign-in') return signIn(view);
  const allowed = sectionsFor(claims);
  renderChrome(claims, allowed, path.split('/')[0]!);
  const ctx: Context = { api: createApi(key), claims, region, main: view, now: () => new Date(), params: new URLSearchParams(query) };
  const [head, id] = path.split('/');
  main.setAttribute('aria-busy', 'true');
  try {
    if (head === 'case' && id) await caseView(ctx, decodeURIComponent(id));
    else if (head === 'dispute' && id) await disputeView(ctx, decodeURIComponent(id));
    else {
      const section = allowed.find((s) => s.path === head) ?? allowed[0];
      if (!section) render(view, html`<section class="pane"><h2>没有可用的功能</h2><p>${roleNames[claims.role] ?? claims.role}角色在控制台中没有可用的功能。</p></section>`);
      else if (section.path !== head) location.replace(`#/${section.path}`);
      else await section.show(ctx);
    }
  } catch (error) {
    render(view, html`<section class="pane"><h2>加载失败</h2><p class="error" role="alert">${errorText(error)}</p></section>`);
  } finally {
    if (view.isConnected) main.removeAttribute('aria-busy');
  }
}

function renderChrome(claims: KeyClaims, allowed: Section[], active: string): void {
  render(
    document.getElementById('nav')!,
    html`<ul>${allowed.map((s) => html`<li><a href="#/${s.path}" ${s.path === active ? html`aria-current="page"` : ''} aria-keyshortcuts="Alt+${s.shortcut}">${s.label}</a></li>`)}</ul>`,
  );
  const unit = claims.departmentId
    ? (region.departments.find((d) => d.id === claims.departmentId)?.name ?? claims.departmentId)
    : claims.committeeId
      ? (region.committees.find((c) => c.id === claims.committeeId)?.name ?? claims.committeeId)
      : (claims.mediatorId ?? claims.partnerId);
  render(document.getElementById('who')!, html`<span data-testid="who">${roleNames[claims.role] ?? claims.role} · ${unit}</span> <button id="sign-out">退出</button>`);
  document.getElementById('sign-out')!.onclick = () => {
    sessionStorage.removeItem(keyStorage);
    location.hash = '#/sign-in';
  };
}

interface LocalKey {
  label: string;
  role: string;
  key: string;
}

/**
 * 登录: paste a key or a staff token the system issued, or, on the local system, pick one of
 * its demo users (staff tokens from the local issuer, partner keys). It stays in this tab's session storage only.
 */
async function signIn(main: HTMLElement): Promise<void> {
  render(document.getElementById('nav')!, html``);
  render(document.getElementById('who')!, html``);
  const local = await fetch('local-keys.json').then((r) => (r.ok ? (r.json() as Promise<LocalKey[]>) : []), () => []);
  render(
    main,
    html`<section class="pane sign-in">
      <h2>登录 · ${region.name}</h2>
      <form id="key-form">
        <label for="key">访问密钥或登录令牌（API key / token）</label>
        <textarea id="key" name="key" rows="3" required autocomplete="off" spellcheck="false" placeholder="gfk.…"></textarea>
        <p class="error" id="key-error" role="alert"></p>
        <button class="primary">登录</button>
      </form>
      ${
        local.length
          ? html`<form id="local-form"><label for="local-key">本地演示密钥</label>
              <select id="local-key">${local.map((k, i) => html`<option value="${i}">${roleNames[k.role] ?? k.role} · ${k.label}</option>`)}</select>
              <button>使用此密钥登录</button></form>`
          : ''
      }
    </section>`,
  );
  const use = (key: string) => {
    const claims = claimsOf(key);
    if (!claims) {
      main.querySelector('#key-error')!.textContent = '这不是有效的访问密钥或令牌（或令牌已过期）。';
      return;
    }
    sessionStorage.setItem(keyStorage, key.trim());
    const target = `#/${sectionsFor(claims)[0]?.path ?? ''}`;
    if (location.hash === target) void route();
    else location.hash = target;
  };
  main.querySelector('#key-form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    use((main.querySelector('#key') as HTMLTextAreaElement).value);
  });
  main.querySelector('#local-form')?.addEventListener('submit', (e) => {
    e.preventDefault();
    use(local[Number((main.querySelector('#local-key') as HTMLSelectElement).value)]!.key);
  });
  main.querySelector<HTMLElement>(local.length ? '#local-key' : '#key')?.focus();
}

void start();
