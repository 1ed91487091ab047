import {
  caseStatusOfDispute,
  disputeStepEvents,
  terminalDisputeStatuses,
  type AnyEvent,
  type CaseStatus,
  type DisputeStatus,
  type DisputeStepEvent,
  type Jurisdiction,
  type MediationTier,
  type Rating,
  type RiskFlag,
  type SupervisionLevel,
  type WorkOrderStatus,
  type WorkOrderStepEvent,
} from '@govflow/contracts';

/**
 * Reporting's record of one case: the facts every event brought, merged so that the
 * result is the same whatever order events arrive in and however often each arrives.
 * Steps are kept by sequence; a fact that can change (place, category) keeps the value
 * of the latest event that carried it. Figures are derived from this record, never
 * from the order events came in.
 */
export interface CaseRecord {
  caseId: string;
  partnerId?: string;
  receivedAt?: string;
  channel?: string;
  kind?: Stamped<string>;
  category?: Stamped<{ major: string; minor?: string }>;
  place?: Stamped<Omit<Jurisdiction, 'resolvedBy'>>;
  /** Where the case stood before it was routed (held for triage, handed to mediation, linked). */
  milestones: Partial<Record<'classified' | 'triage' | 'mediation-requested' | 'mediation-opened', string>>;
  /** The first 派遣: when, to whom, with which limits. */
  dispatch?: { at: string; departmentId: string; signDeadline: string; resolveDeadline: string };
  workSteps: WorkStepFact[];
  supervisions: SupervisionFact[];
  /** Set when the case was linked to an open case about the same matter (重复件). */
  repeatOf?: { caseId: string; at: string };
  /** The dispute this case became, or is (registered directly at a centre). */
  disputeId?: string;
  disputeSteps: DisputeStepFact[];
}

export interface Stamped<T> {
  value: T;
  at: string;
}

export interface WorkStepFact {
  sequence: number;
  type: string;
  at: string;
  from: WorkOrderStatus;
  to: WorkOrderStatus;
  departmentId: string;
  signDeadline: string;
  resolveDeadline: string;
  rating?: Rating;
}

export interface SupervisionFact {
  level: SupervisionLevel;
  deadlineKind: 'sign' | 'resolve';
  deadline: string;
  departmentId: string;
  at: string;
}

export interface DisputeStepFact {
  sequence: number;
  type: string;
  at: string;
  to: DisputeStatus;
  tier: MediationTier;
  riskFlags: RiskFlag[];
  escalated: boolean;
  judicial?: string;
}

export function emptyRecord(caseId: string): CaseRecord {
  return { caseId, milestones: {}, workSteps: [], supervisions: [], disputeSteps: [] };
}

function isDisputeStep(event: AnyEvent): event is DisputeStepEvent {
  return disputeStepEvents.some((c) => c.type === event.type && c.version === event.version);
}

function isWorkStep(event: AnyEvent): event is WorkOrderStepEvent {
  return event.type.startsWith('workorder.') && event.type !== 'workorder.dispatched' && event.type !== 'workorder.supervised';
}

/** Keeps the later of two stamped values; equal stamps keep the smaller value, so the merge commutes. */
function later<T>(current: Stamped<T> | undefined, candidate: Stamped<T>): Stamped<T> {
  if (!current || candidate.at > current.at) return candidate;
  // Stryker disable next-line EqualityOperator: of two equal values either may be kept
  if (candidate.at === current.at && JSON.stringify(candidate.value) < JSON.stringify(current.value)) return candidate;
  return current;
}

function placeOf(j: Jurisdiction): Omit<Jurisdiction, 'resolvedBy'> {
  const place: Omit<Jurisdiction, 'resolvedBy'> = {};
  if (j.districtId) place.districtId = j.districtId;
  if (j.townId) place.townId = j.townId;
  if (j.villageId) place.villageId = j.villageId;
  if (j.gridId) place.gridId = j.gridId;
  return place;
}

function withPlace(record: CaseRecord, j: Jurisdiction, at: string): void {
  if (j.resolvedBy === 'unresolved' && !j.districtId) return;
  record.place = later(record.place, { value: placeOf(j), at });
}

function bySequence<T extends { sequence: number }>(list: readonly T[], fact: T): T[] {
  if (list.some((f) => f.sequence === fact.sequence)) return [...list];
  return [...list, fact].sort((a, b) => a.sequence - b.sequence);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Stryker disable next-line EqualityOperator: of two equal times either may be kept
const earliest = (a: string | undefined, b: string) => (a === undefined || b < a ? b : a);

/** Folds one event into the record. Pure; merging an event already merged changes nothing. */
export function mergeEvent(current: CaseRecord | undefined, event: AnyEvent): CaseRecord {
  // Shallow: every list and fact below is replaced, never changed in place.
  const r: CaseRecord = current ? { ...current, milestones: { ...current.milestones } } : emptyRecord(event.caseId);
  const at = event.occurredAt;
  const p = event.payload;
  r.partnerId ??= p.partnerId;
  r.receivedAt = earliest(r.receivedAt, p.receivedAt);

  if (isDisputeStep(event)) {
    const d = event.payload;
    r.kind = later(r.kind, { value: 'dispute', at: '' });
    r.category ??= { value: { major: 'dispute' }, at: '' };
    r.disputeId ??= d.disputeId;
    withPlace(r, d.jurisdiction, at);
    r.disputeSteps = bySequence(r.disputeSteps, {
      sequence: d.sequence,
      type: event.type,
      at,
      to: d.to,
      tier: d.tier,
      riskFlags: [...d.riskFlags].sort(),
      escalated: d.escalation !== undefined,
      ...(d.judicial?.outcome ? { judicial: d.judicial.outcome } : {}),
    });
    return r;
  }
  if (isWorkStep(event)) {
    const s = event.payload;
    r.workSteps = bySequence(r.workSteps, {
      sequence: s.sequence,
      type: event.type,
      at,
      from: s.from,
      to: s.to,
      departmentId: s.departmentId,
      signDeadline: s.signDeadline,
      resolveDeadline: s.resolveDeadline,
      ...(s.rating ? { rating: s.rating } : {}),
    });
    return r;
  }
  switch (event.type) {
    case 'case.received':
      r.channel = event.payload.channel;
      r.kind = later(r.kind, { value: event.payload.kind, at });
      break;
    case 'case.classified':
      r.kind = later(r.kind, { value: event.payload.kind, at });
      r.milestones.classified = earliest(r.milestones.classified, at);
      r.category = later(r.category, { value: { major: event.payload.major, minor: event.payload.minor }, at });
      withPlace(r, event.payload.jurisdiction, at);
      break;
    case 'case.held-for-triage':
      r.milestones.triage = earliest(r.milestones.triage, at);
      withPlace(r, event.payload.jurisdiction, at);
      break;
    case 'workorder.dispatched': {
      const d = event.payload;
      if (!r.dispatch || at < r.dispatch.at) r.dispatch = { at, departmentId: d.departmentId, signDeadline: d.signDeadline, resolveDeadline: d.resolveDeadline };
      r.category = later(r.category, { value: { major: d.major, minor: d.minor }, at });
      withPlace(r, d.jurisdiction, at);
      break;
    }
    case 'workorder.supervised': {
      const s = event.payload;
      const fact: SupervisionFact = { level: s.level, deadlineKind: s.deadlineKind, deadline: s.deadline, departmentId: s.departmentId, at };
      if (!r.supervisions.some((f) => f.level === fact.level && f.deadline === fact.deadline && f.deadlineKind === fact.deadlineKind)) {
        // By time, then by what they are about, so that the order is the same whatever order they came in.
        r.supervisions = [...r.supervisions, fact].sort((a, b) => byText(a.at, b.at) || byText(a.level, b.level) || byText(a.deadlineKind, b.deadlineKind) || byText(a.deadline, b.deadline));
      }
      break;
    }
    case 'case.linked-as-repeat':
      r.repeatOf = { caseId: event.payload.originalCaseId, at };
      r.category = later(r.category, { value: { major: event.payload.major, minor: event.payload.minor }, at });
      withPlace(r, event.payload.jurisdiction, at);
      break;
    case 'mediation.requested':
      r.milestones['mediation-requested'] = earliest(r.milestones['mediation-requested'], at);
      r.category = later(r.category, { value: { major: 'dispute', minor: event.payload.minor }, at });
      withPlace(r, event.payload.jurisdiction, at);
      break;
    case 'mediation.opened':
      // v1: opened before disputes had a life of their own.
      r.milestones['mediation-opened'] = earliest(r.milestones['mediation-opened'], at);
      withPlace(r, event.payload.jurisdiction, at);
      break;
  }
  return r;
}

/** The department handling the case now: the last step's, else the first dispatch's. */
export function currentDepartment(r: CaseRecord): string | undefined {
  return r.workSteps.at(-1)?.departmentId ?? r.dispatch?.departmentId;
}

export function workOrderStatus(r: CaseRecord): WorkOrderStatus | undefined {
  return r.workSteps.at(-1)?.to ?? (r.dispatch ? 'dispatched' : undefined);
}

export function disputeStatus(r: CaseRecord): DisputeStatus | undefined {
  return r.disputeSteps.at(-1)?.to;
}

/** The case's progress as a partner sees it, as the summary reports it. */
export function statusOf(r: CaseRecord): CaseStatus {
  if (r.repeatOf) return 'linked';
  const dispute = disputeStatus(r);
  if (dispute) return caseStatusOfDispute[dispute];
  const order = workOrderStatus(r);
  if (order) return order;
  if (r.milestones['mediation-opened']) return 'mediation-opened';
  if (r.milestones['mediation-requested']) return 'mediation-requested';
  if (r.milestones.triage) return 'triage';
  if (r.milestones.classified) return 'classified';
  return 'received';
}

/** Done with: closed, linked to another case, or a dispute that ended. */
export function isFinished(r: CaseRecord): boolean {
  if (r.repeatOf || workOrderStatus(r) === 'closed') return true;
  const dispute = disputeStatus(r);
  return terminalDisputeStatuses.some((s) => s === dispute);
}

/** The highest 督办 level the case reached. */
export function highestSupervision(r: CaseRecord): SupervisionLevel | undefined {
  const ascending: SupervisionLevel[] = ['due-soon', 'overdue', 'notice'];
  return ascending.findLast((level) => r.supervisions.some((s) => s.level === level));
}
