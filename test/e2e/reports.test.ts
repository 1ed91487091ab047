import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentReport, CaseView, KpiReport, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, staffToken, streetlightElsewhere, type Stack } from './harness';

let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

interface Order {
  status: string;
  departmentId: string;
  audit: { action: string; from: string; to: string; reason?: string }[];
}

async function dispatchedCase(): Promise<{ caseId: string; departmentId: string }> {
  const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere());
  const view = await eventually(async () => {
    const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${accepted.body.caseId}`);
    return res.body.status === 'dispatched' && res.body.department ? res.body : undefined;
  }, 20_000, 'dispatch');
  return { caseId: accepted.body.caseId, departmentId: view.department!.id };
}

const act = (key: string, caseId: string, body: object) => call<Order>(stack, key, 'POST', `/v1/workorders/${caseId}/actions`, body);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('reports through the local API', () => {
  it('agree with the cases’ own histories, with each other, and in CSV', async () => {
    // Three orders: one closed after a satisfied rating, one returned and sent straight back, one left waiting.
    const closed = await dispatchedCase();
    const staff = staffToken(stack, closed.departmentId);
    await act(staff, closed.caseId, { type: 'sign' });
    await act(staff, closed.caseId, { type: 'resolve', result: '已更换灯泡，路灯恢复照明' });
    await act(keys.gridWorker, closed.caseId, { type: 'verify', passed: true });
    expect((await act(keys.hotline, closed.caseId, { type: 'rate', rating: 'satisfied' })).body.status).toBe('closed');
    const bounced = await dispatchedCase();
    await act(staffToken(stack, bounced.departmentId), bounced.caseId, { type: 'return', reason: '不属于本单位职责' });
    await act(keys.dispatcher, bounced.caseId, { type: 'transfer', departmentId: bounced.departmentId, reason: '经核实属于该单位' });
    const waiting = await dispatchedCase();

    const histories = await Promise.all([closed, bounced, waiting].map(async (c) => (await call<Order>(stack, keys.operator, 'GET', `/v1/workorders/${c.caseId}`)).body));
    const expected = {
      received: 3,
      dispatched: 3,
      returned: histories.filter((h) => h.audit.some((a) => a.action === 'return')).length,
      closed: histories.filter((h) => h.status === 'closed').length,
      ratings: histories.flatMap((h) => h.audit.filter((a) => a.action === 'rate')).length,
    };
    expect(expected).toEqual({ received: 3, dispatched: 3, returned: 1, closed: 1, ratings: 1 });

    const day = today();
    const kpis = async () => (await call<KpiReport>(stack, keys.supervisor, 'GET', `/v1/reports/kpis?from=${day}&to=${day}&groupBy=department`)).body;
    await eventually(async () => {
      const t = (await kpis()).total;
      return t.received === 3 && t.returnRate.denominator === 3 && t.satisfactionRate.denominator === 1 && t.unjustifiedReturns === 1 ? true : undefined;
    }, 30_000, 'the KPIs to count all three cases');
    // The fold writes a batch's counter cells side by side (ADR 0022): the figures are whole once the stream is read to its end.
    expect(await stack.drain(30_000)).toBe(true);
    const report = await kpis();
    expect(report.total).toMatchObject({
      received: expected.received,
      open: 2,
      returnRate: { numerator: expected.returned, denominator: expected.dispatched },
      resolutionRate: { numerator: 1, denominator: expected.closed },
      satisfactionRate: { numerator: 1, denominator: expected.ratings, value: 1 },
      followUpRate: { numerator: 1, denominator: 1 },
      signedOnTimeRate: { numerator: 1, denominator: 3 }, // only the closed one was signed
    });
    const departmentIds = new Set([closed, bounced, waiting].map((c) => c.departmentId));
    expect(report.groups.map((g) => g.key).sort()).toEqual([...departmentIds].sort());
    expect(report.groups.every((g) => /[\u4e00-\u9fa5]/.test(g.name))).toBe(true);
    expect(report.groups.reduce((sum, g) => sum + g.received, 0)).toBe(3);

    // The same figures by district, by day and as CSV.
    const byDay = await call<KpiReport>(stack, keys.supervisor, 'GET', `/v1/reports/kpis?from=${day}&to=${day}&groupBy=day`);
    expect(byDay.body.groups).toHaveLength(1);
    expect(byDay.body.total).toEqual(report.total);
    const csv = await fetch(`${stack.apiUrl}/v1/reports/kpis?from=${day}&to=${day}&groupBy=department&format=csv`, { headers: { authorization: `Bearer ${keys.supervisor}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['分组编码', '名称', '受理量']);
    expect(lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[2]), 0)).toBe(3);

    // 考核: the score is what its components and deductions say, and they are the KPIs shown beside it.
    const month = day.slice(0, 7);
    const assessment = await call<AssessmentReport>(stack, keys.supervisor, 'GET', `/v1/reports/assessment?month=${month}`);
    expect(assessment.status).toBe(200);
    const monthly = await call<KpiReport>(stack, keys.supervisor, 'GET', `/v1/reports/kpis?from=${month}-01&to=${day}&groupBy=department`);
    for (const unit of assessment.body.departments) {
      const kpis = monthly.body.groups.find((g) => g.key === unit.key)!;
      for (const c of unit.components) expect(c.rate).toEqual(kpis[c.figure as 'satisfactionRate']);
      const earned = unit.components.reduce((sum, c) => sum + c.points, 0) - unit.deductions.reduce((sum, d) => sum + d.points, 0);
      expect(unit.score).toBeCloseTo(Math.max(0, earned), 2);
    }
    const bouncedUnit = assessment.body.departments.find((u) => u.key === bounced.departmentId)!;
    expect(bouncedUnit.deductions.find((d) => d.reason === 'unjustified-return')).toMatchObject({ count: 1 });
    expect(assessment.body.rankings.bestDepartments.length).toBeGreaterThan(0);

    // The daily report, made by the schedule once the day is over.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await stack.invoke('reporting-daily', { 'detail-type': 'Scheduled Event', source: 'aws.events', time: tomorrow, detail: {} });
    const daily = await fetch(`${stack.apiUrl}/v1/reports/daily/${day}`, { headers: { authorization: `Bearer ${keys.supervisor}` } });
    expect(daily.status).toBe(200);
    const text = await daily.text();
    expect(text).toContain('社会治理日报');
    expect(text).toContain('当日受理诉求 3 件');
  });

  it('shows a department itself, a partner its channels, and refuses what is out of scope', async () => {
    const { departmentId } = await dispatchedCase();
    const day = today();
    const own = await eventually(async () => {
      const res = await call<KpiReport>(stack, staffToken(stack, departmentId), 'GET', `/v1/reports/kpis?from=${day}&to=${day}&groupBy=department`);
      return res.body.groups?.length ? res.body : undefined;
    }, 20_000, 'the department’s figures');
    expect(own.groups.map((g) => g.key)).toEqual([departmentId]);
    expect((await call(stack, staffToken(stack, departmentId), 'GET', '/v1/reports/kpis?groupBy=district')).status).toBe(403);
    const partner = await call<KpiReport>(stack, keys.hotline, 'GET', `/v1/reports/kpis?from=${day}&to=${day}&groupBy=channel`);
    expect(partner.body.groups.every((g) => ['hotline-12345', 'mayor-mailbox', 'web'].includes(g.key))).toBe(true);
    expect((await call(stack, keys.hotline, 'GET', '/v1/reports/assessment?month=2026-01')).status).toBe(403);
    expect((await call(stack, keys.gridWorker, 'GET', '/v1/reports/kpis')).status).toBe(403);
    const analyst = stack.issueToken({ partnerId: 'analysis-office', role: 'analyst' });
    expect((await call(stack, analyst, 'GET', '/v1/reports/kpis?groupBy=month')).status).toBe(200);
    const bad = await call<{ type: string }>(stack, analyst, 'GET', '/v1/reports/kpis?groupBy=colour&from=2026-13-01');
    expect(bad.status).toBe(422);
    expect(bad.contentType).toMatch(/^application\/problem\+json/);
    expect((await call(stack, keys.supervisor, 'POST', '/v1/reports/warnings/20261126-risk-0123456789/acknowledgement', {})).status).toBe(404);
  });
});
