import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEvent, workOrderStatuses, workOrderStepEvents } from '@govflow/contracts';
import { allowedNow, applyAction, rules, stepEvent, type Actor, type WorkOrder, type WorkOrderAction } from '../../src/domain/workorder/lifecycle';
import { contextAt, workOrder } from './fixtures';

const ctx = contextAt;
const fresh = (): WorkOrder => workOrder();

const staff: Actor = { id: 'staff-1', role: 'department', departmentId: 'hbw-city-management-bureau' };
const citizen: Actor = { id: 'hotline-12345', role: 'partner', partnerId: 'hotline-12345' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const dispatcher: Actor = { id: 'disp-1', role: 'dispatcher' };
const now = new Date('2026-11-24T03:00:00Z');

function run(order: WorkOrder, steps: [WorkOrderAction, Actor][]): WorkOrder {
  return steps.reduce((o, [action, actor]) => {
    const out = applyAction(o, action, actor, ctx(now));
    if ('refused' in out) throw new Error(out.detail);
    return out.order;
  }, order);
}

describe('refusals in the right order', () => {
  it('says forbidden to a role that may never take the step, whatever the state, before not-allowed-now', () => {
    const resolved = run(fresh(), [
      [{ type: 'sign' }, staff],
      [{ type: 'resolve', result: '已更换路灯灯泡' }, staff],
    ]);
    // A partner never signs: 403 even though signing is also the wrong moment.
    expect(applyAction(resolved, { type: 'sign' }, citizen, ctx(now))).toMatchObject({ refused: 'forbidden' });
    expect(applyAction(fresh(), { type: 'rate', rating: 'satisfied' }, staff, ctx(now))).toMatchObject({ refused: 'forbidden' });
  });

  it('lists the steps allowed now, each with the roles that may take it, when the moment is wrong', () => {
    const out = applyAction(fresh(), { type: 'resolve', result: '已处理' }, staff, ctx(now));
    expect(out).toMatchObject({ refused: 'not-allowed-now' });
    expect('refused' in out && out.allowedNow).toEqual([
      { action: 'sign', roles: ['department', 'operator'] },
      { action: 'return', roles: ['department', 'operator'] },
      { action: 'transfer', roles: ['dispatcher', 'operator'] },
      { action: 'recategorise', roles: ['dispatcher', 'operator'] },
    ]);
    expect(allowedNow('resolved')).toEqual([{ action: 'verify', roles: ['grid-worker', 'partner', 'operator'] }]);
    expect(allowedNow('closed')).toEqual([]);
  });
});

describe('work order life: 派遣 → 签收 → 办结 → 验 → 评', () => {
  it('goes from dispatch to closed, auditing every step', () => {
    const order = run(fresh(), [
      [{ type: 'sign' }, staff],
      [{ type: 'resolve', result: '已更换路灯灯泡' }, staff],
      [{ type: 'verify', passed: true }, { id: 'grid-7', role: 'grid-worker' }],
      [{ type: 'rate', rating: 'satisfied' }, citizen],
    ]);
    expect(order.status).toBe('closed');
    expect(order.sequence).toBe(4);
    expect(order.audit.map((a) => `${a.from}>${a.to}`)).toEqual(['dispatched>signed', 'signed>resolved', 'resolved>verified', 'verified>closed']);
  });

  it('reopens (重办) when the citizen is unsatisfied, with a new deadline', () => {
    const order = run(fresh(), [
      [{ type: 'sign' }, staff],
      [{ type: 'resolve', result: '已处理' }, staff],
      [{ type: 'verify', passed: true }, citizen],
      [{ type: 'rate', rating: 'unsatisfied', reason: '灯还是不亮' }, citizen],
    ]);
    expect(order).toMatchObject({ status: 'signed', reopenCount: 1, rating: 'unsatisfied' });
    expect(order.resolveDeadline > now.toISOString()).toBe(true);
  });

  it('moves the deadline only when an extension is approved', () => {
    const requested = run(fresh(), [
      [{ type: 'sign' }, staff],
      [{ type: 'request-extension', workingDays: 5, reason: '需要采购配件' }, staff],
    ]);
    const refused = run(requested, [[{ type: 'decide-extension', approved: false }, supervisor]]);
    expect(refused.resolveDeadline).toBe(requested.resolveDeadline);
    const approved = run(requested, [[{ type: 'decide-extension', approved: true }, supervisor]]);
    expect(approved.status).toBe('signed');
    expect(approved.resolveDeadline > requested.resolveDeadline).toBe(true);
  });

  it('escalates to a supervisor when returned repeatedly, and is re-dispatched by transfer', () => {
    const once = run(fresh(), [[{ type: 'return', reason: '不属于本单位职责' }, staff]]);
    expect(once).toMatchObject({ status: 'returned', escalated: false });
    const twice = run(once, [
      [{ type: 'transfer', departmentId: 'hbw-city-management-bureau', reason: '职责确属城管' }, dispatcher],
      [{ type: 'return', reason: '仍不属于' }, staff],
    ]);
    expect(twice).toMatchObject({ status: 'returned', returnCount: 2, escalated: true });
    const moved = run(twice, [[{ type: 'transfer', departmentId: 'city-water-utility', reason: '供水问题' }, dispatcher]]);
    expect(moved).toMatchObject({ status: 'dispatched', departmentId: 'city-water-utility' });
  });

  it('refuses a step out of order, by the wrong role, or to an unknown department', () => {
    expect(applyAction(fresh(), { type: 'resolve', result: '已处理' }, staff, ctx(now))).toMatchObject({ refused: 'not-allowed-now' });
    expect(applyAction(fresh(), { type: 'sign' }, { id: 'x', role: 'department', departmentId: 'wd-city-management-bureau' }, ctx(now))).toMatchObject({ refused: 'forbidden' });
    expect(applyAction(fresh(), { type: 'sign' }, citizen, ctx(now))).toMatchObject({ refused: 'forbidden' });
    expect(applyAction(fresh(), { type: 'transfer', departmentId: 'nowhere', reason: '转办' }, dispatcher, ctx(now))).toMatchObject({ refused: 'invalid' });
  });

  it('reports each step as an event the consumers accept', () => {
    const out = applyAction(fresh(), { type: 'sign' }, staff, ctx(now));
    if ('refused' in out) throw new Error(out.detail);
    const event = stepEvent({ region: 'wuhai', caseId: 'c1', traceId: 't1', receivedAt: '2026-11-24T02:00:00.000Z' }, out.order, out.entry, now);
    const parsed = parseEvent(JSON.stringify(event), workOrderStepEvents);
    expect(parsed).toMatchObject({ type: 'workorder.signed', payload: { sequence: 1, from: 'dispatched', to: 'signed' } });
  });
});

describe('改类: a dispatcher recategorises a work order', () => {
  it('re-dispatches it to the unit of the new category, with that category’s time limits', () => {
    const signed = run(fresh(), [[{ type: 'sign' }, staff]]);
    const out = applyAction(signed, { type: 'recategorise', minor: 'urban-water-supply', reason: '实为供水问题' }, dispatcher, ctx(now));
    if ('refused' in out) throw new Error(out.detail);
    expect(out.order).toMatchObject({ status: 'dispatched', departmentId: 'city-water-utility', signHours: 2, resolveWorkingDays: 5, clockStartedAt: now.toISOString(), sequence: 2 });
    expect(out.order.signDeadline).toBe(new Date(now.getTime() + 2 * 3_600_000).toISOString());
    expect(out.entry).toMatchObject({ action: 'recategorise', from: 'signed', to: 'dispatched', reason: 'urban-water-supply: 实为供水问题' });
    const event = stepEvent({ region: 'wuhai', caseId: 'c1', traceId: 't1', receivedAt: '2026-11-24T02:00:00.000Z' }, out.order, out.entry, now);
    expect(parseEvent(JSON.stringify(event), workOrderStepEvents)).toMatchObject({ type: 'workorder.transferred', payload: { departmentId: 'city-water-utility', to: 'dispatched' } });
  });

  it('is for dispatchers only, before the order is resolved, and to a category some unit handles here', () => {
    const action = { type: 'recategorise', minor: 'urban-water-supply', reason: '实为供水问题' } as const;
    expect(applyAction(fresh(), action, staff, ctx(now))).toMatchObject({ refused: 'forbidden' });
    const resolved = run(fresh(), [[{ type: 'sign' }, staff], [{ type: 'resolve', result: '已处理' }, staff]]);
    expect(applyAction(resolved, action, dispatcher, ctx(now))).toMatchObject({ refused: 'not-allowed-now' });
    expect(applyAction(fresh(), { ...action, minor: 'urban-garbage' }, dispatcher, ctx(now))).toMatchObject({ refused: 'invalid' });
  });
});

describe('work order state machine (property)', () => {
  const actors: Actor[] = [staff, citizen, supervisor, dispatcher, { id: 'op', role: 'operator' }, { id: 'g', role: 'grid-worker' }, { id: 'o', role: 'department', departmentId: 'wd-city-management-bureau' }];
  const actionArb: fc.Arbitrary<WorkOrderAction> = fc.oneof(
    fc.constant({ type: 'sign' } as const),
    fc.constant({ type: 'return', reason: '不属于本单位' } as const),
    fc.constantFrom('hbw-city-management-bureau', 'city-water-utility', 'nowhere').map((departmentId) => ({ type: 'transfer', departmentId, reason: '转办' }) as const),
    fc.constantFrom('urban-water-supply', 'urban-garbage').map((minor) => ({ type: 'recategorise', minor, reason: '改类' }) as const),
    fc.integer({ min: -2, max: 40 }).map((workingDays) => ({ type: 'request-extension', workingDays, reason: '需要时间' }) as const),
    fc.boolean().map((approved) => ({ type: 'decide-extension', approved }) as const),
    fc.constant({ type: 'resolve', result: '已处理' } as const),
    fc.boolean().map((passed) => ({ type: 'verify', passed }) as const),
    fc.constantFrom('satisfied', 'basically-satisfied', 'unsatisfied').map((rating) => ({ type: 'rate', rating }) as const),
  );

  it('never reaches an invalid state, and audits exactly the accepted steps', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(actionArb, fc.constantFrom(...actors)), { maxLength: 40 }), (steps) => {
        let order = fresh();
        let accepted = 0;
        for (const [action, actor] of steps) {
          const out = applyAction(order, action, actor, ctx(now));
          if ('refused' in out) {
            // A refusal leaves nothing changed and only happens for a reason the rules give.
            if (out.refused === 'not-allowed-now') expect(rules[action.type].from).not.toContain(order.status);
            continue;
          }
          expect(rules[action.type].from).toContain(order.status);
          accepted++;
          order = out.order;
          expect(workOrderStatuses).toContain(order.status);
          expect(order.audit.at(-1)).toEqual(out.entry);
        }
        expect(order.audit).toHaveLength(accepted);
        expect(order.sequence).toBe(accepted);
        if (order.status === 'extension-requested') expect(order.pendingExtensionDays).toBeGreaterThan(0);
        if (order.status === 'closed') expect(order.rating).not.toBe('unsatisfied');
        if (order.returnCount >= 2) expect(order.escalated).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
