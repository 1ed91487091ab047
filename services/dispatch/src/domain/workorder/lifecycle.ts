import { type Calendar, type Department, makeEvent, type Rating, type Role, type SupervisionLevel, workorderExtensionDecidedV1, workorderExtensionRequestedV1, workorderRatedV1, workorderResolvedV1, workorderReturnedV1, workorderSignedV1, type WorkOrderStatus, type WorkOrderStepEvent, workorderTransferredV1, workorderVerifiedV1 } from '@govflow/contracts';
import { addHours, addWorkingDays } from '@govflow/regions';

/** Who acts on a work order. Department staff act only on their own department's orders. */
export interface Actor {
  id: string;
  role: Role;
  departmentId?: string;
  /** For a partner (acting for the citizen): the partner system. */
  partnerId?: string;
}

export type WorkOrderAction =
  | { type: 'sign' }
  | { type: 'return'; reason: string }
  | { type: 'transfer'; departmentId: string; reason: string }
  | { type: 'recategorise'; minor: string; reason: string }
  | { type: 'request-extension'; workingDays: number; reason: string }
  | { type: 'decide-extension'; approved: boolean; reason?: string }
  | { type: 'resolve'; result: string }
  | { type: 'verify'; passed: boolean; reason?: string }
  | { type: 'rate'; rating: Rating; reason?: string };

export interface AuditEntry {
  at: string;
  by: { id: string; role: string };
  action: WorkOrderAction['type'];
  from: WorkOrderStatus;
  to: WorkOrderStatus;
  reason?: string;
}

export interface WorkOrder {
  workOrderId: string;
  partnerId: string;
  status: WorkOrderStatus;
  /** One per accepted step; consumers apply steps in this order. */
  sequence: number;
  departmentId: string;
  departmentName: string;
  coHandlerIds: string[];
  signDeadline: string;
  resolveDeadline: string;
  /** The category's limits, kept for re-dispatch and rework. */
  signHours: number;
  resolveWorkingDays: number;
  returnCount: number;
  reopenCount: number;
  /** Raised to a supervisor (repeated returns, overdue). */
  escalated: boolean;
  /** Later requests about the same matter linked to this order (重复件). */
  repeatCount?: number;
  /** Raised by repeats: high after the first, urgent from the third. */
  priority?: 'high' | 'urgent';
  pendingExtensionDays?: number;
  result?: string;
  rating?: Rating;
  /** When the running time limits started: dispatch, transfer or reopening. */
  clockStartedAt: string;
  /** The 督办 level already raised for the running deadline. */
  supervision?: { kind: 'sign' | 'resolve'; deadline: string; level: SupervisionLevel; at: string };
  audit: AuditEntry[];
}

export interface WorkOrderContext {
  now: Date;
  calendar: Calendar;
  timeZone: string;
  departments: readonly Department[];
  /** Where a category goes from this order's place, with its time limits (recategorisation). */
  placement?: (minorCode: string) => Placement | undefined;
}

export interface Placement {
  lead: Department;
  coHandlers: readonly Department[];
  signHours: number;
  resolveWorkingDays: number;
}

export type Refusal = { refused: 'not-allowed-now' | 'forbidden' | 'invalid'; detail: string };
export type Outcome = { order: WorkOrder; entry: AuditEntry } | Refusal;

/** Returns beyond this count go to a supervisor: the matter is bouncing between units. */
export const returnsBeforeEscalation = 2;

type Rule = {
  from: readonly WorkOrderStatus[];
  /** Who may take the action, given the order. */
  may: (actor: Actor, order: WorkOrder) => boolean;
};

const ownDepartment = (a: Actor, o: WorkOrder) => a.role === 'operator' || (a.role === 'department' && a.departmentId === o.departmentId);
const routing = (a: Actor) => a.role === 'operator' || a.role === 'dispatcher';
const supervising = (a: Actor) => a.role === 'operator' || a.role === 'supervisor';
const citizenSide = (a: Actor, o: WorkOrder) => a.role === 'operator' || (a.role === 'partner' && a.partnerId === o.partnerId);

/** The state machine, explicit: which states each action leaves from, and who may take it. */
export const rules: Record<WorkOrderAction['type'], Rule> = {
  sign: { from: ['dispatched'], may: ownDepartment },
  return: { from: ['dispatched', 'signed'], may: ownDepartment },
  transfer: { from: ['dispatched', 'returned', 'signed'], may: routing },
  recategorise: { from: ['dispatched', 'returned', 'signed'], may: routing },
  'request-extension': { from: ['signed'], may: ownDepartment },
  'decide-extension': { from: ['extension-requested'], may: supervising },
  resolve: { from: ['signed'], may: ownDepartment },
  verify: { from: ['resolved'], may: (a, o) => a.role === 'grid-worker' || citizenSide(a, o) },
  rate: { from: ['verified'], may: citizenSide },
};

/**
 * One step of a work order's life. Pure: returns the next order and its audit entry, or
 * a refusal (an action not allowed in this state, by this actor, or with bad input).
 */
export function applyAction(order: WorkOrder, action: WorkOrderAction, actor: Actor, ctx: WorkOrderContext): Outcome {
  const rule = rules[action.type];
  if (!rule.from.includes(order.status)) {
    return { refused: 'not-allowed-now', detail: `cannot ${action.type} a work order that is ${order.status}` };
  }
  if (!rule.may(actor, order)) return { refused: 'forbidden', detail: `${actor.role} may not ${action.type} this work order` };

  const at = ctx.now.toISOString();
  const next: WorkOrder = { ...order, coHandlerIds: [...order.coHandlerIds], audit: [...order.audit], sequence: order.sequence + 1 };
  let reason: string | undefined = 'reason' in action ? action.reason : undefined;
  switch (action.type) {
    case 'sign':
      next.status = 'signed';
      break;
    case 'return':
      next.status = 'returned';
      next.returnCount = order.returnCount + 1;
      next.escalated = order.escalated || next.returnCount >= returnsBeforeEscalation;
      break;
    case 'transfer': {
      const target = ctx.departments.find((d) => d.id === action.departmentId);
      if (!target) return { refused: 'invalid', detail: `no department ${action.departmentId}` };
      if (target.id === order.departmentId && order.status !== 'returned') return { refused: 'invalid', detail: 'already with that department' };
      next.status = 'dispatched';
      next.departmentId = target.id;
      next.departmentName = target.name;
      next.signDeadline = addHours(ctx.now, order.signHours).toISOString();
      next.resolveDeadline = addWorkingDays(ctx.calendar, ctx.timeZone, ctx.now, order.resolveWorkingDays).toISOString();
      next.clockStartedAt = ctx.now.toISOString();
      break;
    }
    case 'recategorise': {
      const placed = ctx.placement?.(action.minor);
      if (!placed) return { refused: 'invalid', detail: `no unit handles ${action.minor} here` };
      // Re-dispatched under the new category, to its unit (possibly the same one), with its time limits.
      next.status = 'dispatched';
      next.departmentId = placed.lead.id;
      next.departmentName = placed.lead.name;
      next.coHandlerIds = placed.coHandlers.map((d) => d.id);
      next.signHours = placed.signHours;
      next.resolveWorkingDays = placed.resolveWorkingDays;
      next.signDeadline = addHours(ctx.now, placed.signHours).toISOString();
      next.resolveDeadline = addWorkingDays(ctx.calendar, ctx.timeZone, ctx.now, placed.resolveWorkingDays).toISOString();
      next.clockStartedAt = ctx.now.toISOString();
      reason = `${action.minor}: ${action.reason}`;
      break;
    }
    case 'request-extension':
      if (!(action.workingDays > 0 && action.workingDays <= 30)) return { refused: 'invalid', detail: 'an extension is 0.5 to 30 working days' };
      next.status = 'extension-requested';
      next.pendingExtensionDays = action.workingDays;
      break;
    case 'decide-extension':
      next.status = 'signed';
      if (action.approved && order.pendingExtensionDays) {
        next.resolveDeadline = addWorkingDays(ctx.calendar, ctx.timeZone, new Date(order.resolveDeadline), order.pendingExtensionDays).toISOString();
      }
      reason = `${action.approved ? 'approved' : 'refused'}${action.reason ? `: ${action.reason}` : ''}`;
      delete next.pendingExtensionDays;
      break;
    case 'resolve':
      next.status = 'resolved';
      next.result = action.result;
      reason = action.result;
      break;
    case 'verify':
      // Not really done: back to the department to work on it again (重办).
      next.status = action.passed ? 'verified' : 'signed';
      if (!action.passed) next.reopenCount = order.reopenCount + 1;
      break;
    case 'rate':
      next.rating = action.rating;
      if (action.rating === 'unsatisfied') {
        next.status = 'signed';
        next.reopenCount = order.reopenCount + 1;
        next.resolveDeadline = addWorkingDays(ctx.calendar, ctx.timeZone, ctx.now, order.resolveWorkingDays).toISOString();
        next.clockStartedAt = ctx.now.toISOString();
      } else {
        next.status = 'closed';
      }
      reason = action.reason ? `${action.rating}: ${action.reason}` : action.rating;
      break;
  }
  const entry: AuditEntry = { at, by: { id: actor.id, role: actor.role }, action: action.type, from: order.status, to: next.status, reason };
  next.audit.push(entry);
  return { order: next, entry };
}


const stepContracts = {
  sign: workorderSignedV1,
  return: workorderReturnedV1,
  transfer: workorderTransferredV1,
  // To every other service a recategorisation is a transfer (the category change travels as case.classified).
  recategorise: workorderTransferredV1,
  'request-extension': workorderExtensionRequestedV1,
  'decide-extension': workorderExtensionDecidedV1,
  resolve: workorderResolvedV1,
  verify: workorderVerifiedV1,
  rate: workorderRatedV1,
} as const;

/** The event that reports one accepted step; intake and reporting apply steps by sequence. */
export function stepEvent(
  trace: { region: string; caseId: string; traceId: string; receivedAt: string },
  order: WorkOrder,
  entry: AuditEntry,
  now: Date,
): WorkOrderStepEvent {
  return makeEvent(stepContracts[entry.action], {
    region: trace.region,
    caseId: trace.caseId,
    traceId: trace.traceId,
    occurredAt: now,
    payload: {
      workOrderId: order.workOrderId,
      partnerId: order.partnerId,
      sequence: order.sequence,
      from: entry.from,
      to: entry.to,
      by: entry.by,
      departmentId: order.departmentId,
      departmentName: order.departmentName,
      reason: entry.reason,
      signDeadline: order.signDeadline,
      resolveDeadline: order.resolveDeadline,
      rating: order.rating,
      escalated: order.escalated,
      receivedAt: trace.receivedAt,
    },
  }) as WorkOrderStepEvent;
}
