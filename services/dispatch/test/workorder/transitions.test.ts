import { describe, expect, it } from 'vitest';
import { workOrderStatuses, type WorkOrderStatus } from '@govflow/contracts';
import { applyAction, type Actor, type WorkOrder, type WorkOrderAction } from '../../src/domain/workorder/lifecycle';
import { contextAt, workOrder } from './fixtures';

/*
 * The work-order state machine written out here, by hand, from the 12345 rules (派遣 → 签收 →
 * 办结 → 验 → 评), instead of read back from the production `rules` table: a wrong entry in
 * that table (rating an order before it is verified, say) fails here.
 */

const now = new Date('2026-11-24T03:00:00Z');
const ctx = contextAt(now);

const order = (status: WorkOrderStatus, extra: Partial<WorkOrder> = {}): WorkOrder =>
  workOrder(status, { sequence: 3, ...(status === 'extension-requested' ? { pendingExtensionDays: 3 } : {}), ...extra });

const operator: Actor = { id: 'op-1', role: 'operator' };

const actions: Record<string, WorkOrderAction> = {
  sign: { type: 'sign' },
  return: { type: 'return', reason: '不属于本单位' },
  transfer: { type: 'transfer', departmentId: 'city-water-utility', reason: '转办' },
  recategorise: { type: 'recategorise', minor: 'urban-water-supply', reason: '改类' },
  'request-extension': { type: 'request-extension', workingDays: 5, reason: '需要时间' },
  'decide-extension': { type: 'decide-extension', approved: true },
  resolve: { type: 'resolve', result: '已修复' },
  'verify passed': { type: 'verify', passed: true },
  'verify failed': { type: 'verify', passed: false },
  'rate satisfied': { type: 'rate', rating: 'satisfied' },
  'rate unsatisfied': { type: 'rate', rating: 'unsatisfied' },
};

/** Where each step leads from each state; a state missing from a row refuses the step (409). */
const transitions: Record<string, Partial<Record<WorkOrderStatus, WorkOrderStatus>>> = {
  sign: { dispatched: 'signed' },
  return: { dispatched: 'returned', signed: 'returned' },
  transfer: { dispatched: 'dispatched', signed: 'dispatched', returned: 'dispatched' },
  recategorise: { dispatched: 'dispatched', signed: 'dispatched', returned: 'dispatched' },
  'request-extension': { signed: 'extension-requested' },
  'decide-extension': { 'extension-requested': 'signed' },
  resolve: { signed: 'resolved' },
  'verify passed': { resolved: 'verified' },
  'verify failed': { resolved: 'signed' },
  'rate satisfied': { verified: 'closed' },
  'rate unsatisfied': { verified: 'signed' },
};

describe('every step from every state, against the table written here', () => {
  for (const [name, action] of Object.entries(actions)) {
    for (const from of workOrderStatuses) {
      const to = transitions[name]![from];
      it(`${name} from ${from} → ${to ?? 'refused (409)'}`, () => {
        const out = applyAction(order(from), action, operator, ctx);
        if (to === undefined) {
          expect(out).toMatchObject({ refused: 'not-allowed-now' });
          return;
        }
        if ('refused' in out) throw new Error(`refused: ${out.detail}`);
        expect(out.order.status).toBe(to);
        expect(out.order.sequence).toBe(4);
        expect(out.entry).toMatchObject({ action: action.type, from, to, by: { id: 'op-1', role: 'operator' }, at: now.toISOString() });
        expect(out.order.audit).toEqual([out.entry]);
      });
    }
  }
});

const ownStaff: Actor = { id: 's-1', role: 'department', departmentId: 'hbw-city-management-bureau' };
const otherStaff: Actor = { id: 's-2', role: 'department', departmentId: 'wd-city-management-bureau' };
const ownPartner: Actor = { id: 'hotline-12345', role: 'partner', partnerId: 'hotline-12345' };
const otherPartner: Actor = { id: 'web-portal', role: 'partner', partnerId: 'web-portal' };
const actors: Record<string, Actor> = {
  operator,
  'own department': ownStaff,
  'another department': otherStaff,
  'the order’s partner': ownPartner,
  'another partner': otherPartner,
  supervisor: { id: 'sup-1', role: 'supervisor' },
  dispatcher: { id: 'd-1', role: 'dispatcher' },
  'grid worker': { id: 'g-1', role: 'grid-worker' },
};

/** Who may take each step on this order (at a moment it is allowed); everyone else is refused 403. */
const mayTake: Record<string, string[]> = {
  sign: ['operator', 'own department'],
  return: ['operator', 'own department'],
  transfer: ['operator', 'dispatcher'],
  recategorise: ['operator', 'dispatcher'],
  'request-extension': ['operator', 'own department'],
  'decide-extension': ['operator', 'supervisor'],
  resolve: ['operator', 'own department'],
  'verify passed': ['operator', 'the order’s partner', 'grid worker'],
  'rate satisfied': ['operator', 'the order’s partner'],
};

describe('who may take each step, against the table written here', () => {
  for (const [name, allowed] of Object.entries(mayTake)) {
    const from = Object.keys(transitions[name]!)[0] as WorkOrderStatus;
    for (const [who, actor] of Object.entries(actors)) {
      const may = allowed.includes(who);
      it(`${name}: ${who} ${may ? 'may' : 'may not (403)'}`, () => {
        const out = applyAction(order(from), actions[name]!, actor, ctx);
        if (may) expect(out).not.toHaveProperty('refused');
        else expect(out).toMatchObject({ refused: 'forbidden' });
      });
    }
  }
});
