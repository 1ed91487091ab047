import { type Calendar, makeEvent, shardOf, type SupervisionLevel, type WorkorderSupervised, workorderSupervisedV1 } from '@govflow/contracts';
import { addWorkingDays, addWorkingMinutes, workingMinutesBetween } from '@govflow/regions';
import type { WorkOrder } from './lifecycle';

/** Shards of the deadline index: a million open work orders never make one key hot, and the sweep walks them side by side. */
export const supervisionShards = 16;

export const supervisionShardOf = (caseId: string): number => shardOf(caseId, supervisionShards);

export interface SupervisionSettings {
  dueSoonFraction: number;
  noticeAfterWorkingDays: number;
  calendar: Calendar;
  timeZone: string;
}

/** Which deadline is running: signing while dispatched, resolving while being handled; none otherwise. */
export function runningDeadline(order: WorkOrder): { kind: 'sign' | 'resolve'; deadline: string } | undefined {
  if (order.status === 'dispatched') return { kind: 'sign', deadline: order.signDeadline };
  if (order.status === 'signed' || order.status === 'extension-requested') return { kind: 'resolve', deadline: order.resolveDeadline };
  return undefined;
}

const order_: SupervisionLevel[] = ['due-soon', 'overdue', 'notice'];

/**
 * When the share `dueSoonFraction` of the time to a deadline is used up, counted the way
 * the limit itself is: signing in clock hours (a department on duty signs at any hour),
 * resolving in working time (so a Friday evening does not eat a week's warning).
 */
function dueSoonAt(kind: 'sign' | 'resolve', start: Date, deadline: Date, settings: SupervisionSettings): Date {
  if (kind === 'sign') return new Date(start.getTime() + settings.dueSoonFraction * (deadline.getTime() - start.getTime()));
  const working = workingMinutesBetween(settings.calendar, settings.timeZone, start, deadline);
  return addWorkingMinutes(settings.calendar, settings.timeZone, start, settings.dueSoonFraction * working);
}

/** When each level falls due for the running deadline. */
function levelTimes(order: WorkOrder, settings: SupervisionSettings): { level: SupervisionLevel; at: Date }[] {
  const running = runningDeadline(order);
  if (!running) return [];
  const start = new Date(order.clockStartedAt);
  const deadline = new Date(running.deadline);
  return [
    { level: 'due-soon', at: dueSoonAt(running.kind, start, deadline, settings) },
    { level: 'overdue', at: deadline },
    { level: 'notice', at: addWorkingDays(settings.calendar, settings.timeZone, deadline, settings.noticeAfterWorkingDays) },
  ];
}

/** The level already raised for the running deadline (a new deadline starts afresh). */
function raisedLevel(order: WorkOrder): SupervisionLevel | undefined {
  const running = runningDeadline(order);
  return running && order.supervision?.deadline === running.deadline && order.supervision.kind === running.kind ? order.supervision.level : undefined;
}

/** When the supervision sweep must next look at this order; undefined when nothing is pending. */
export function nextCheckAt(order: WorkOrder, settings: SupervisionSettings): string | undefined {
  const raised = raisedLevel(order);
  const pending = levelTimes(order, settings).filter((t) => !raised || order_.indexOf(t.level) > order_.indexOf(raised));
  return pending[0]?.at.toISOString();
}

/**
 * 督办: raises the highest level now due (a late sweep does not replay the ones it
 * missed) and reports it; overdue and notice escalate the order to supervisors.
 */
export function supervise(
  order: WorkOrder,
  now: Date,
  settings: SupervisionSettings,
  trace: { region: string; caseId: string; traceId: string; receivedAt: string },
): { order: WorkOrder; event: WorkorderSupervised } | undefined {
  const running = runningDeadline(order);
  if (!running) return undefined;
  const raised = raisedLevel(order);
  const due = levelTimes(order, settings).filter((t) => t.at <= now && (!raised || order_.indexOf(t.level) > order_.indexOf(raised)));
  const level = due.at(-1)?.level;
  if (!level) return undefined;
  const next: WorkOrder = {
    ...order,
    supervision: { kind: running.kind, deadline: running.deadline, level, at: now.toISOString() },
    escalated: order.escalated || level !== 'due-soon',
  };
  const event = makeEvent(workorderSupervisedV1, {
    region: trace.region,
    caseId: trace.caseId,
    traceId: trace.traceId,
    occurredAt: now,
    payload: {
      workOrderId: order.workOrderId,
      partnerId: order.partnerId,
      level,
      deadlineKind: running.kind,
      deadline: running.deadline,
      departmentId: order.departmentId,
      departmentName: order.departmentName,
      status: order.status,
      receivedAt: trace.receivedAt,
    },
  });
  return { order: next, event };
}
