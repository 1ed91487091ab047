/**
 * The console clicked through in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core) against the local system: a dispatcher triages a case, the department
 * signs and resolves it, the dashboard's figure moves. If the browser cannot start, every
 * test here fails (beforeAll throws): none passes without it. Screenshots go to
 * test/artifacts/console/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CaseView, SubmitAccepted } from '@govflow/contracts';
import { repositoryRoot } from '@govflow/local/functions';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, mediatorToken, staffToken, streetlight, streetlightElsewhere, wageDispute, type Stack } from './harness';

const artifacts = join(repositoryRoot, 'test', 'artifacts', 'console');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: Stack;
let browser: Browser;
let page: Page;
let keys: ReturnType<typeof keysFor>;
let caseId: string;
let caseNumber: string;
let departmentId: string;
/** Script errors and refusals by the Content-Security-Policy, for the last test to show. */
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [stack, browser] = await Promise.all([
    startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300 }),
    chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] }),
  ]);
  keys = keysFor(stack);
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // A refused status (a 403 the page expects) is logged too; anything else is the page's fault.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

async function signInWithKey(key: string): Promise<void> {
  await page.goto(`${stack.apiUrl}/console/#/sign-in`);
  await page.locator('#key').fill(key);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('[data-testid="who"]').waitFor();
}

/** The dashboard's 签收及时率 card, reloaded until `accept` holds (reporting catches up asynchronously). */
async function signedOnTimeCard(accept: (text: string) => boolean): Promise<string> {
  return eventually(async () => {
    await page.goto(`${stack.apiUrl}/console/#/dashboard?days=7`);
    await page.reload();
    const text = (await page.locator('[data-kpi="signedOnTimeRate"] strong').textContent({ timeout: 10_000 })) ?? '';
    return accept(text) ? text : undefined;
  }, 60_000, 'the dashboard figure');
}

/** Polls with room for a loaded machine (the page re-renders after each API answer). */
const poll = <T>(probe: () => T | Promise<T>) => expect.poll(probe, { timeout: 30_000 });

const counted = (text: string) => /（(\d+)\/(\d+)）/.exec(text)?.slice(1).map(Number) ?? [];

describe('command centre console in a browser', () => {
  it('is a zh-CN page that offers the local demo keys to sign in with', async () => {
    const response = await page.goto(`${stack.apiUrl}/console`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await poll(() => page.locator('#local-key option').count()).toBeGreaterThan(10);
    await shot('01-sign-in');
  }, 60_000);

  it('lets a dispatcher triage a doubtful case: top three suggestions, another category picked by keyboard', async () => {
    const submitted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '随便问问',
      description: '明天天气怎么样，门口那个灯晚上也不亮',
      location: { address: '海勃湾区新华街道' },
      reporter: { name: '张女士', phone: '13912345678' },
    });
    expect(submitted.status).toBe(202);
    ({ caseId, caseNumber } = submitted.body);
    await eventually(async () => ((await call<CaseView>(stack, keys.operator, 'GET', `/v1/requests/${caseId}`)).body.status === 'triage' ? true : undefined), 60_000, 'triage');

    await page.goto(`${stack.apiUrl}/console/#/sign-in`);
    await page.locator('#local-key').selectOption({ label: '分拨员 · 分拨中心' });
    await page.getByRole('button', { name: '使用此密钥登录' }).click();
    const row = page.getByRole('option').filter({ hasText: caseNumber });
    await row.click();
    const suggestions = page.locator('[data-testid="suggestions"] button');
    expect(await suggestions.count()).toBe(3);
    expect(await suggestions.first().textContent()).toMatch(/置信度 \d+\.\d%/);
    await shot('02-triage');

    // Keyboard only: c to the category picker, type, Enter.
    await page.locator('#triage-list').focus();
    await page.keyboard.press('c');
    await poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('other-category');
    await page.keyboard.type('urban-streetlight');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#toast').textContent()).toContain(`${caseNumber} 已归入`);
    await poll(() => page.getByRole('option').filter({ hasText: caseNumber }).count()).toBe(0);

    const order = await eventually(async () => {
      const res = await call<{ status: string; departmentId: string }>(stack, keys.operator, 'GET', `/v1/workorders/${caseId}`);
      return res.status === 200 ? res.body : undefined;
    }, 60_000, 'the work order');
    expect(order.status).toBe('dispatched');
    departmentId = order.departmentId;
  }, 120_000);

  it('lets the department sign and resolve it from its inbox, the deadline coloured, and the dashboard counts the signing', async () => {
    // The department's own figure before it signs: dispatched in range, not yet signed.
    await signInWithKey(staffToken(stack, departmentId));
    const before = counted(await signedOnTimeCard((text) => counted(text)[1]! >= 1));

    await page.goto(`${stack.apiUrl}/console/#/inbox`);
    const row = page.locator('[data-testid="inbox"] tr').filter({ hasText: caseNumber });
    await poll(() => row.locator('td.deadline').getAttribute('data-urgency')).toMatch(/^(ok|due-soon)$/);
    await shot('03-inbox');
    await row.getByRole('button', { name: '签收' }).click();
    await poll(() => row.locator('td.status').textContent()).toBe('办理中');

    await row.getByRole('button', { name: '办结' }).click();
    await page.locator('dialog textarea[name="result"]').fill('已更换路灯灯泡，恢复照明');
    await page.locator('dialog').getByRole('button', { name: '办结' }).click();
    await poll(() => row.locator('td.status').textContent()).toBe('已办结');
    await shot('04-inbox-resolved');

    const after = counted(await signedOnTimeCard((text) => counted(text)[0]! > before[0]!));
    expect(after[0]).toBe(before[0]! + 1);
    await shot('05-dashboard');
  }, 180_000);

  it('shows the partner the case with its whole history and the reporter masked', async () => {
    await signInWithKey(keys.hotline);
    await page.goto(`${stack.apiUrl}/console/#/case/${caseId}`);
    const history = page.locator('[data-testid="history"] li');
    await poll(() => history.count()).toBeGreaterThanOrEqual(4);
    const texts = await history.allTextContents();
    expect(texts.some((t) => t.includes('签收'))).toBe(true);
    expect(texts.some((t) => t.includes('办结'))).toBe(true);
    const reporter = (await page.locator('[data-testid="reporter"]').textContent()) ?? '';
    expect(reporter).toContain('139****5678');
    expect(await page.content()).not.toContain('13912345678');
    await shot('06-case');
  }, 60_000);

  it('lets an operator reveal the reporter with a reason, shown once on the page and written to the audit trail; others get no button', async () => {
    await signInWithKey(staffToken(stack, departmentId));
    await page.goto(`${stack.apiUrl}/console/#/case/${caseId}`);
    await page.locator('main:not([aria-busy]) [data-testid="case-detail"]').waitFor();
    expect(await page.locator('#reveal').count()).toBe(0);

    const startedMonth = new Date().toISOString().slice(0, 7);
    await signInWithKey(keys.operator);
    await page.goto(`${stack.apiUrl}/console/#/case/${caseId}`);
    expect(await page.locator('[data-testid="reporter"]').textContent()).toContain('139****5678');
    await page.getByRole('button', { name: '查看原始信息' }).click();
    await page.locator('dialog input[name="reporter.name"]').check();
    await page.locator('dialog textarea[name="reason"]').fill('回访核实处理结果，需要联系来电人');
    await page.locator('dialog').getByRole('button', { name: '查看' }).click();
    await poll(() => page.locator('[data-testid="revealed-phone"]').textContent()).toBe('13912345678');
    expect(await page.locator('[data-testid="revealed-name"]').textContent()).toBe('张女士');
    await shot('07-reveal');

    const months = [...new Set([startedMonth, new Date().toISOString().slice(0, 7)])];
    const entries = (
      await Promise.all(months.map((month) => call<{ items: { caseId: string; by: { role: string }; fields: string[]; reason: string }[] }>(stack, keys.operator, 'GET', `/v1/audit/reveals?month=${month}&caseId=${caseId}`)))
    ).flatMap((r) => r.body.items);
    expect(entries).toEqual([expect.objectContaining({ caseId, by: expect.objectContaining({ role: 'operator' }), fields: ['reporter.phone', 'reporter.name'], reason: '回访核实处理结果，需要联系来电人' })]);

    // Gone once the page is left: the clear text is never kept.
    await page.reload();
    await page.locator('main:not([aria-busy]) [data-testid="case-detail"]').waitFor();
    expect(await page.content()).not.toContain('13912345678');
  }, 90_000);

  it('lets a mediator open a dispute from the docket and accept it (受理)', async () => {
    const title = '工地拖欠工资多次讨要无果';
    expect((await call(stack, keys.hotline, 'POST', '/v1/requests', { ...wageDispute, channel: 'hotline-12345', title, reporter: { name: '李师傅', phone: '13800001111' } })).status).toBe(202);
    const dispute = await eventually(async () => {
      const list = await call<{ items: { disputeId: string; code: string; title: string; mediatorId?: string }[] }>(stack, keys.operator, 'GET', '/v1/disputes?status=assigned');
      return list.body.items.find((d) => d.title === title && d.mediatorId);
    }, 60_000, 'the dispute assigned to a mediator');

    await signInWithKey(mediatorToken(stack, dispute.mediatorId!));
    await page.locator('[data-testid="docket"]').getByRole('link', { name: dispute.code }).click();
    await poll(() => page.locator('main h2').first().textContent()).toContain(title);
    await page.getByRole('button', { name: '受理', exact: true }).click();
    // Handed over from a call, it has no parties on record yet: 受理 asks for them.
    await page.locator('dialog input[name="applicant-name"]').fill('李师傅');
    await page.locator('dialog input[name="applicant-phone"]').fill('13800001111');
    await page.locator('dialog input[name="respondent-name"]').fill('某建筑劳务公司');
    await page.locator('dialog select[name="respondent-kind"]').selectOption('organisation');
    await page.locator('dialog').getByRole('button', { name: '受理' }).click();
    await poll(() => page.locator('main h2 .badge').first().textContent()).toBe('已受理');
    await shot('08-dispute');
  }, 120_000);

  it('renders every section without error on a 1366×768 screen and a tablet, the map drawn from the grids', async () => {
    // Something in each list: a case for triage, a dispute for the mediation pages, a case placed on a grid.
    const more = [
      { ...streetlight, title: '蜂巢挂在窗外', description: '窗户外面挂了一个马蜂窝' },
      { ...streetlightElsewhere() },
      { ...wageDispute, channel: 'hotline-12345' },
    ];
    for (const body of more) expect((await call(stack, keys.hotline, 'POST', '/v1/requests', body)).status).toBe(202);
    await signInWithKey(keys.operator);
    for (const viewport of [
      { name: 'desktop', width: 1366, height: 768 },
      { name: 'tablet', width: 768, height: 1024 },
    ]) {
      await page.setViewportSize(viewport);
      for (const section of ['triage', 'inbox', 'supervision', 'mediation', 'map', 'dashboard']) {
        await page.goto(`${stack.apiUrl}/console/#/${section}${section === 'inbox' ? `?department=${departmentId}&closed=1` : ''}`);
        await page.locator('main:not([aria-busy]) section').first().waitFor();
        expect(await page.locator('main').textContent(), `${section} on ${viewport.name}`).not.toContain('加载失败');
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        expect(overflow, `${section} on ${viewport.name} scrolls sideways`).toBeLessThanOrEqual(0);
        await shot(`10-${viewport.name}-${section}`);
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${stack.apiUrl}/console/#/map`);
    await poll(() => page.locator('[data-testid="map"] polygon').count()).toBe(237);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
