import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, ReportSummary, SubmitAccepted } from '@govflow/contracts';
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
  resolveDeadline: string;
  audit: { action: string; from: string; to: string }[];
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

describe('a work order through the local API', () => {
  it('is signed, resolved, verified and rated, and the partner and reporting follow it', async () => {
    const { caseId, departmentId } = await dispatchedCase();
    const staff = staffToken(stack, departmentId);
    const inbox = await call<{ items: { caseId: string }[] }>(stack, staff, 'GET', '/v1/workorders?status=dispatched');
    expect(inbox.body.items.map((i) => i.caseId)).toContain(caseId);

    expect((await act(staff, caseId, { type: 'resolve', result: '已修好' })).status).toBe(409);
    expect((await act(staffToken(stack, 'wd-city-management-bureau'), caseId, { type: 'sign' })).status).toBe(404);
    expect((await act(staff, caseId, { type: 'sign' })).body.status).toBe('signed');
    expect((await act(staff, caseId, { type: 'resolve', result: '已更换灯泡，路灯恢复照明' })).body.status).toBe('resolved');
    expect((await act(keys.gridWorker, caseId, { type: 'verify', passed: true })).body.status).toBe('verified');
    const rated = await act(keys.hotline, caseId, { type: 'rate', rating: 'satisfied' });
    expect(rated.body.status).toBe('closed');
    expect(rated.body.audit.map((a) => a.action)).toEqual(['sign', 'resolve', 'verify', 'rate']);

    // Each step is its own event and they may arrive in any order: the status can read closed
    // before the verify step is in the history, so wait for every step, then check the order.
    const steps = ['received', 'classified', 'dispatched', 'signed', 'resolved', 'verified', 'closed'];
    const view = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.history.length >= steps.length ? res.body : undefined;
    }, 20_000, 'the partner to see every step');
    expect(view.status).toBe('closed');
    expect(view.history.map((h) => h.status)).toEqual(steps);
    await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return (res.body.byStatus.closed ?? 0) >= 1 ? true : undefined;
    }, 20_000, 'reporting to count it closed');
  });

  it('goes back to dispatch when returned, and on to another department', async () => {
    const { caseId, departmentId } = await dispatchedCase();
    const returned = await act(staffToken(stack, departmentId), caseId, { type: 'return', reason: '路灯属于供电公司产权' });
    expect(returned.body.status).toBe('returned');
    const triage = await call<{ items: { caseId: string; reason: string }[] }>(stack, keys.dispatcher, 'GET', '/v1/triage');
    expect(triage.body.items.find((i) => i.caseId === caseId)?.reason).toBe('returned');
    const moved = await act(keys.dispatcher, caseId, { type: 'transfer', departmentId: 'city-power-utility', reason: '转供电公司' });
    expect(moved.body).toMatchObject({ status: 'dispatched', departmentId: 'city-power-utility' });
    expect((await act(staffToken(stack, 'city-power-utility'), caseId, { type: 'sign' })).body.status).toBe('signed');
  });

  it('is recategorised by a dispatcher (改类): re-dispatched to the new category’s unit, and the partner sees the new category', async () => {
    const { caseId, departmentId } = await dispatchedCase();
    expect((await act(staffToken(stack, departmentId), caseId, { type: 'sign' })).body.status).toBe('signed');
    const refused = await act(keys.dispatcher, caseId, { type: 'recategorise', minor: 'dispute-neighbour', reason: '邻里纠纷' });
    expect(refused.status).toBe(422);
    const moved = await act(keys.dispatcher, caseId, { type: 'recategorise', minor: 'urban-water-supply', reason: '实为停水，不是路灯' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'dispatched' });
    expect(moved.body.departmentId).not.toBe(departmentId);
    expect(moved.body.audit.at(-1)).toMatchObject({ action: 'recategorise', from: 'signed', to: 'dispatched' });
    await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.category?.minor === 'urban-water-supply' && res.body.department?.id === moved.body.departmentId ? true : undefined;
    }, 20_000, 'the partner to see the new category and unit');
  });

  it('is supervised when overdue, on the schedule’s clock (督办)', async () => {
    const { caseId, departmentId } = await dispatchedCase();
    const staff = staffToken(stack, departmentId);
    const signed = await act(staff, caseId, { type: 'sign' });
    const overdueAt = new Date(Date.parse(signed.body.resolveDeadline) + 60_000).toISOString();
    // The scheduled sweep runs with the schedule's time: here, a minute past the deadline.
    const result = await stack.invoke<{ raised: number }>('dispatch-supervisor', { 'detail-type': 'Scheduled Event', source: 'aws.events', time: overdueAt, detail: {} });
    expect(result.raised).toBeGreaterThanOrEqual(1);
    const order = await call<Order & { escalated: boolean }>(stack, keys.supervisor, 'GET', `/v1/workorders/${caseId}`);
    expect(order.body.escalated).toBe(true);
    const view = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.history.some((h) => h.note.startsWith('超期督办')) ? res.body : undefined;
    }, 20_000, 'the partner to see the supervision');
    expect(view.status).toBe('signed');
    await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return (res.body.bySupervision?.overdue ?? 0) >= 1 ? true : undefined;
    }, 20_000, 'reporting to count the overdue order');
    // A second sweep at the same hour raises nothing new.
    const again = await stack.invoke<{ raised: number }>('dispatch-supervisor', { 'detail-type': 'Scheduled Event', source: 'aws.events', time: overdueAt, detail: {} });
    expect(again.raised).toBe(0);
  });

  it('links a repeat of an open matter to it instead of opening a second order (重复件)', async () => {
    const place = streetlightElsewhere();
    const first = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', place);
    await eventually(async () => ((await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${first.body.caseId}`)).body.status === 'dispatched' ? true : undefined), 20_000, 'the first to be dispatched');
    const repeat = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      ...place,
      title: '路灯还是不亮',
      description: '你好，我们小区门口的路灯坏了一个多月了，上次反映过还没修，晚上黑灯瞎火的。',
    });
    const view = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${repeat.body.caseId}`);
      return res.body.status === 'linked' ? res.body : undefined;
    }, 45_000, 'the repeat to be linked');
    expect(view.repeatOf).toEqual({ caseId: first.body.caseId, caseNumber: first.body.caseNumber });
    const original = await call<{ repeatCount?: number; priority?: string }>(stack, keys.operator, 'GET', `/v1/workorders/${first.body.caseId}`);
    expect(original.body).toMatchObject({ repeatCount: 1, priority: 'high' });
    expect((await call(stack, keys.operator, 'GET', `/v1/workorders/${repeat.body.caseId}`)).status).toBe(404);
    // A different matter at the same place is its own case.
    const other = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', { ...place, title: '井盖丢失', description: '人行道上的井盖没了，很危险' });
    await eventually(async () => ((await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${other.body.caseId}`)).body.status === 'dispatched' ? true : undefined), 20_000, 'the other matter to be dispatched');
  });

  it('lets one of two simultaneous steps win and answers the other 409, losing nothing', async () => {
    const { caseId, departmentId } = await dispatchedCase();
    const staff = staffToken(stack, departmentId);
    // Two clerks sign the same order at once: exactly one signature is recorded.
    const answers = await Promise.all([act(staff, caseId, { type: 'sign' }), act(staff, caseId, { type: 'sign' }), act(staff, caseId, { type: 'sign' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const order = await call<Order>(stack, keys.operator, 'GET', `/v1/workorders/${caseId}`);
    expect(order.body.status).toBe('signed');
    expect(order.body.audit).toHaveLength(1);
  });
});
