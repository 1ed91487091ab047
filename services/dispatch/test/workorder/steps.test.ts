import { describe, expect, it } from 'vitest';
import { applyAction, neverAllowed, type Actor, type WorkOrder, type WorkOrderAction } from '../../src/domain/workorder/lifecycle';
import { contextAt, region, workOrder } from './fixtures';

/*
 * The details of single steps the life-cycle tests pass over: what each refusal says, the
 * bounds of an extension, the audit's reason for decisions and ratings, counters of 重办.
 */
const now = new Date('2026-11-24T03:00:00Z');
const ctx = contextAt(now);
const staff: Actor = { id: 'staff-1', role: 'department', departmentId: 'hbw-city-management-bureau' };
const otherStaff: Actor = { id: 'staff-2', role: 'department', departmentId: 'city-water-utility' };
const citizen: Actor = { id: 'hotline-12345', role: 'partner', partnerId: 'hotline-12345' };
const otherPartner: Actor = { id: 'mini-program-minyi', role: 'partner', partnerId: 'mini-program-minyi' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const dispatcher: Actor = { id: 'disp-1', role: 'dispatcher' };
const gridWorker: Actor = { id: 'grid-1', role: 'grid-worker' };

const step = (order: WorkOrder, action: WorkOrderAction, actor: Actor) => applyAction(order, action, actor, ctx);
const stepped = (order: WorkOrder, action: WorkOrderAction, actor: Actor): WorkOrder => {
  const out = step(order, action, actor);
  if ('refused' in out) throw new Error(out.detail);
  return out.order;
};

describe('what a refusal says', () => {
  it('names the role and the roles that may, the state, and whose order it is', () => {
    expect(neverAllowed('sign', 'partner')).toEqual({ refused: 'forbidden', detail: 'a partner may never sign a work order; department or operator may' });
    expect(neverAllowed('sign', 'department')).toBeUndefined();
    expect(step(workOrder('signed'), { type: 'sign' }, staff)).toMatchObject({ refused: 'not-allowed-now', detail: 'cannot sign a work order that is signed' });
    expect(step(workOrder(), { type: 'sign' }, otherStaff)).toEqual({ refused: 'forbidden', detail: 'department may not sign this work order' });
  });

  it('lets only the order’s own department sign it, an operator any, and only its own partner (or a grid worker) verify', () => {
    expect(step(workOrder(), { type: 'sign' }, staff)).not.toHaveProperty('refused');
    expect(step(workOrder(), { type: 'sign' }, { id: 'op', role: 'operator' })).not.toHaveProperty('refused');
    expect(step(workOrder('resolved'), { type: 'verify', passed: true }, otherPartner)).toMatchObject({ refused: 'forbidden' });
    expect(step(workOrder('resolved'), { type: 'verify', passed: true }, citizen)).not.toHaveProperty('refused');
    expect(step(workOrder('resolved'), { type: 'verify', passed: true }, gridWorker)).not.toHaveProperty('refused');
    expect(step(workOrder('verified'), { type: 'rate', rating: 'satisfied' }, otherPartner)).toMatchObject({ refused: 'forbidden' });
  });
});

describe('transfers and recategorisation', () => {
  it('refuses a department that does not exist, and the department that already has it (unless it was returned)', () => {
    expect(step(workOrder(), { type: 'transfer', departmentId: 'nowhere', reason: '不归我们管' }, dispatcher)).toEqual({ refused: 'invalid', detail: 'no department nowhere' });
    expect(step(workOrder(), { type: 'transfer', departmentId: 'hbw-city-management-bureau', reason: '转回' }, dispatcher)).toEqual({ refused: 'invalid', detail: 'already with that department' });
    const returned = stepped(workOrder(), { type: 'return', reason: '不属于本单位职责' }, staff);
    expect(stepped(returned, { type: 'transfer', departmentId: 'hbw-city-management-bureau', reason: '核实后仍由城管办理' }, dispatcher)).toMatchObject({ status: 'dispatched', departmentId: 'hbw-city-management-bureau' });
  });

  it('refuses a category no unit handles here, and takes the new unit’s co-handlers', () => {
    expect(step(workOrder(), { type: 'recategorise', minor: 'rural-livestock', reason: '改类' }, dispatcher)).toEqual({ refused: 'invalid', detail: 'no unit handles rural-livestock here' });
    const withCoHandlers = (minor: string) => (minor === 'urban-water-supply' ? { lead: region.departments[0]!, coHandlers: [region.departments[1]!, region.departments[2]!], signHours: 2, resolveWorkingDays: 5 } : undefined);
    const out = applyAction(workOrder(), { type: 'recategorise', minor: 'urban-water-supply', reason: '实为供水' }, dispatcher, { ...ctx, placement: withCoHandlers });
    expect('order' in out && out.order.coHandlerIds).toEqual([region.departments[1]!.id, region.departments[2]!.id]);
    expect('order' in out && out.entry.reason).toBe('urban-water-supply: 实为供水');
  });
});

describe('extensions', () => {
  it('are more than 0 and at most 30 working days', () => {
    const signed = workOrder('signed');
    const ask = (workingDays: number) => step(signed, { type: 'request-extension', workingDays, reason: '需要协调' }, staff);
    for (const bad of [0, -1, 30.5, 31]) expect(ask(bad)).toEqual({ refused: 'invalid', detail: 'an extension is 0.5 to 30 working days' });
    expect(ask(0.5)).toMatchObject({ order: { status: 'extension-requested', pendingExtensionDays: 0.5 } });
    expect(ask(30)).toMatchObject({ order: { status: 'extension-requested', pendingExtensionDays: 30 } });
  });

  it('are decided with the decision and its reason in the audit', () => {
    const asked = stepped(workOrder('signed'), { type: 'request-extension', workingDays: 3, reason: '需要协调' }, staff);
    const approved = step(asked, { type: 'decide-extension', approved: true, reason: '情况属实' }, supervisor);
    expect('entry' in approved && approved.entry.reason).toBe('approved: 情况属实');
    const refused = step(asked, { type: 'decide-extension', approved: false }, supervisor);
    expect('entry' in refused && refused.entry.reason).toBe('refused');
    expect('order' in refused && refused.order).not.toHaveProperty('pendingExtensionDays');
  });
});

describe('verification and rating', () => {
  it('counts a failed verification as 重办 and sends the order back to its department', () => {
    const failed = stepped(workOrder('resolved', { reopenCount: 1 }), { type: 'verify', passed: false, reason: '现场未修复' }, gridWorker);
    expect(failed).toMatchObject({ status: 'signed', reopenCount: 2 });
    expect(stepped(workOrder('resolved', { reopenCount: 1 }), { type: 'verify', passed: true }, gridWorker)).toMatchObject({ status: 'verified', reopenCount: 1 });
  });

  it('audits the rating with the citizen’s words when given', () => {
    const rated = step(workOrder('verified'), { type: 'rate', rating: 'basically-satisfied', reason: '处理慢了点' }, citizen);
    expect('entry' in rated && rated.entry.reason).toBe('basically-satisfied: 处理慢了点');
    const plain = step(workOrder('verified'), { type: 'rate', rating: 'satisfied' }, citizen);
    expect('entry' in plain && plain.entry.reason).toBe('satisfied');
  });
});
