import {
  caseStatusOfDispute,
  caseStatusRank,
  disputeStepEvents,
  type AnyEvent,
  type CaseStatus,
  type DisputeStepEvent,
  type ReportSummary,
  type WorkOrderStepEvent,
} from '@govflow/contracts';

/** Reporting's view of one case, built from whichever events have arrived, in any order. */
export interface CaseProjection {
  caseId: string;
  partnerId: string;
  status: CaseStatus;
  channel?: string;
  kind?: string;
  major?: string;
  minor?: string;
  districtId?: string;
  departmentId?: string;
  mediationTier?: string;
  rating?: string;
  /** The highest 督办 level the case reached. */
  supervision?: string;
  /** The last work-order step applied (steps apply in order, whatever order they arrive in). */
  workOrderSequence?: number;
  /** The last dispute step applied, likewise. */
  disputeSequence?: number;
  receivedAt: string;
  /** When the case reached its department or mediator (the event's time). */
  routedAt?: string;
  /** Event ids applied, newest last; a small record of what shaped the projection. */
  eventCount: number;
  version: number;
}

const statusOf: Record<Exclude<AnyEvent['type'], WorkOrderStepEvent['type'] | Exclude<DisputeStepEvent['type'], 'mediation.opened'> | 'workorder.supervised'>, CaseStatus> = {
  'case.received': 'received',
  'case.classified': 'classified',
  'case.held-for-triage': 'triage',
  'workorder.dispatched': 'dispatched',
  'mediation.requested': 'mediation-requested',
  'mediation.opened': 'mediation-opened',
  'case.linked-as-repeat': 'linked',
};

function isDisputeStep(event: AnyEvent): event is DisputeStepEvent {
  return disputeStepEvents.some((c) => c.type === event.type && c.version === event.version);
}

function isStep(event: AnyEvent): event is WorkOrderStepEvent {
  return event.type.startsWith('workorder.') && event.type !== 'workorder.dispatched' && event.type !== 'workorder.supervised';
}

/**
 * Folds one event into the projection. Facts fill in from whichever event carries them;
 * the status only moves forward, so a late `case.received` cannot undo `dispatched`.
 */
export function applyEvent(current: CaseProjection | undefined, event: AnyEvent): CaseProjection {
  const p = event.payload;
  const next: CaseProjection = current
    ? { ...current, version: current.version + 1, eventCount: current.eventCount + 1 }
    : { caseId: event.caseId, partnerId: p.partnerId, status: 'received', receivedAt: p.receivedAt, eventCount: 1, version: 1 };
  if (event.type === 'workorder.supervised') {
    const levels = ['due-soon', 'overdue', 'notice'];
    if (levels.indexOf(event.payload.level) > levels.indexOf(next.supervision ?? '')) next.supervision = event.payload.level;
    return next;
  }
  if (isDisputeStep(event)) {
    const d = event.payload;
    next.major = 'dispute';
    next.mediationTier = d.tier;
    next.districtId = d.jurisdiction.districtId ?? next.districtId;
    next.routedAt ??= event.occurredAt;
    if (d.sequence > (next.disputeSequence ?? 0)) {
      next.disputeSequence = d.sequence;
      next.status = caseStatusOfDispute[d.to];
    }
    return next;
  }
  if (isStep(event)) {
    if (event.payload.sequence > (next.workOrderSequence ?? 0)) {
      next.workOrderSequence = event.payload.sequence;
      next.status = event.payload.to;
      next.departmentId = event.payload.departmentId;
      if (event.payload.rating) next.rating = event.payload.rating;
    }
    return next;
  }
  const status = statusOf[event.type];
  if (!current || caseStatusRank[status] > caseStatusRank[next.status]) next.status = status;
  switch (event.type) {
    case 'case.received':
      next.channel = event.payload.channel;
      next.kind = event.payload.kind;
      break;
    case 'case.classified':
      next.kind = event.payload.kind;
      next.major = event.payload.major;
      next.minor = event.payload.minor;
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      break;
    case 'case.held-for-triage':
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      break;
    case 'workorder.dispatched':
      next.major = event.payload.major;
      next.minor = event.payload.minor;
      next.departmentId = event.payload.departmentId;
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      next.routedAt = event.occurredAt;
      break;
    case 'case.linked-as-repeat':
      next.major = event.payload.major;
      next.minor = event.payload.minor;
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      break;
    case 'mediation.requested':
      next.minor = event.payload.minor;
      next.major = 'dispute';
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      break;
    case 'mediation.opened':
      // v1: opened before disputes had a life of their own.
      next.mediationTier = event.payload.tier;
      next.major = 'dispute';
      next.districtId = event.payload.jurisdiction.districtId ?? next.districtId;
      next.routedAt = event.occurredAt;
      break;
  }
  return next;
}

export function dayKeyOf(at: string): string {
  return `DAY#${at.slice(0, 10)}`;
}

/** The UTC days a time range touches, for querying the by-day index. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (cursor <= to) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

export interface SummaryScope {
  region: string;
  from: string;
  to: string;
  /** Only this partner's cases, when the caller is a partner. */
  partnerId?: string;
  /** Only cases this department handles, when the caller is its staff. */
  departmentId?: string;
  generatedAt: string;
}

export function summarize(projections: readonly CaseProjection[], scope: SummaryScope): ReportSummary {
  const tally = (counts: Record<string, number>, key: string | undefined) => {
    const k = key ?? 'unknown';
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const summary: ReportSummary = {
    region: scope.region,
    from: scope.from,
    to: scope.to,
    total: 0,
    byStatus: {},
    byMajor: {},
    byDistrict: {},
    byDepartment: {},
    byChannel: {},
    bySupervision: {},
    generatedAt: scope.generatedAt,
  };
  for (const p of projections) {
    if (p.receivedAt < scope.from || p.receivedAt > scope.to) continue;
    if (scope.partnerId && p.partnerId !== scope.partnerId) continue;
    if (scope.departmentId && p.departmentId !== scope.departmentId) continue;
    summary.total++;
    tally(summary.byStatus, p.status);
    tally(summary.byMajor, p.major);
    tally(summary.byDistrict, p.districtId);
    if (p.departmentId) tally(summary.byDepartment, p.departmentId);
    tally(summary.byChannel, p.channel);
    if (p.supervision) tally(summary.bySupervision!, p.supervision);
  }
  return summary;
}
