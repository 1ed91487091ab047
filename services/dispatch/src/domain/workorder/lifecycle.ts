import { type Calendar, type Department, makeEvent, type Rating, type Role, type SupervisionLevel, workOrderActionRoles, workorderExtensionDecidedV1, workorderExtensionRequestedV1, workorderRatedV1, workorderResolvedV1, workorderReturnedV1, workorderSignedV1, type WorkOrderStatus, type WorkOrderStepEvent, workorderTransferredV1, workorderVerifiedV1 } from '@govflow/contracts';
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

/** A step the order's state allows now, and the roles that may take it. */
export interface AllowedAction {
  action: WorkOrderAction['type'];
  roles: string[];
}

export type Refusal = { refused: 'not-allowed-now' | 'forbidden' | 'invalid'; detail: string; allowedNow?: AllowedAction[] };
export type Outcome = { order: WorkOrder; entry: AuditEntry } | Refusal;

/** Returns beyond this count go to a supervisor: the matter is bouncing between units. */
export const returnsBeforeEscalation = 2;

type Rule = {
  from: readonly WorkOrderStatus[];
  /** The roles that may ever take the action (any other is refused with 403 whatever the state). */
  roles: readonly string[];
  /** Which of them may take it on this order. */
  may: (actor: Actor, order: WorkOrder) => boolean;
};

const ownDepartment = (a: Actor, o: WorkOrder) => a.role === 'operator' || (a.role === 'department' && a.departmentId === o.departmentId);
const anyOfTheRoles = () => true;
const citizenSide = (a: Actor, o: WorkOrder) => a.role === 'operator' || (a.role === 'partner' && a.partnerId === o.partnerId);
const r = workOrderActionRoles;

/** The state machine, explicit: which states each action leaves from, which roles take it (the API's, from the contracts), and which of them on this order. */
export const rules: Record<WorkOrderAction['type'], Rule> = {
  sign: { from: ['dispatched'], roles: r.sign, may: ownDepartment },
  return: { from: ['dispatched', 'signed'], roles: r.return, may: ownDepartment },
  transfer: { from: ['dispatched', 'returned', 'signed'], roles: r.transfer, may: anyOfTheRoles },
  recategorise: { from: ['dispatched', 'returned', 'signed'], roles: r.recategorise, may: anyOfTheRoles },
  'request-extension': { from: ['signed'], roles: r['request-extension'], may: ownDepartment },
  'decide-extension': { from: ['extension-requested'], roles: r['decide-extension'], may: anyOfTheRoles },
  resolve: { from: ['signed'], roles: r.resolve, may: ownDepartment },
  verify: { from: ['resolved'], roles: r.verify, may: (a, o) => a.role === 'grid-worker' || citizenSide(a, o) },
  rate: { from: ['verified'], roles: r.rate, may: citizenSide },
};

/** The steps an order in this state allows, each with the roles that may take it (what a 409 lists). */
export function allowedNow(status: WorkOrderStatus): AllowedAction[] {
  return (Object.entries(rules) as [WorkOrderAction['type'], Rule][])
    .filter(([, rule]) => rule.from.includes(status))
    .map(([action, rule]) => ({ action, roles: [...rule.roles] }));
}

/** The refusal for a role that may never take the step, whatever the order and its state (checked before anything else). */
export function neverAllowed(action: WorkOrderAction['type'], role: string): Refusal | undefined {
  const roles = rules[action].roles;
  return roles.includes(role) ? undefined : { refused: 'forbidden', detail: `a ${role} may never ${action} a work order; ${roles.join(' or ')} may` };
}

/**
 * One step of a work order's life. Pure: returns the next order and its audit entry, or
 * a refusal, in this order: a role that may never take the step (forbidden), the wrong
 * moment (not-allowed-now, with what is allowed now), not this caller's order
 * (forbidden), bad input (invalid).
 */
export function applyAction(order: WorkOrder, action: WorkOrderAction, actor: Actor, ctx: WorkOrderContext): Outcome {
  const rule = rules[action.type];
  const never = neverAllowed(action.type, actor.role);
  if (never) return never;
  if (!rule.from.includes(order.status)) {
    return { refused: 'not-allowed-now', detail: `cannot ${action.type} a work order that is ${order.status}`, allowedNow: allowedNow(order.status) };
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
