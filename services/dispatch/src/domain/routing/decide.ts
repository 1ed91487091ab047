import { type AnyEvent, caseClassifiedV1, caseHeldForTriageV1, type CaseReceived, type Jurisdiction, type Location, type MajorCode, makeEvent, mediationRequestedV1, type MinorCategory, type RegionConfig, type RequestKind, type StoredFile, workorderDispatchedV1 } from '@govflow/contracts';
import { addHours, addWorkingDays, resolveJurisdiction } from '@govflow/regions';
import type { Classifier } from '../classification/classify';
import { pickDepartment } from './departments';
import type { WorkOrder, WorkOrderContext } from '../workorder/lifecycle';

export type DispatchStatus = 'dispatched' | 'triage' | 'mediation-requested' | 'linked';
export type TriageReason = 'unclassified' | 'location-unresolved';

/** What dispatch keeps of the request itself, so an operator can route it later. */
export interface CaseRequest {
  region: string;
  caseId: string;
  caseNumber: string;
  traceId: string;
  partnerId: string;
  kind: RequestKind;
  title: string;
  description: string;
  location: Location;
  receivedAt: string;
}

/** What dispatch decided about one case, as it keeps it. */
export interface DispatchRecord {
  caseId: string;
  caseNumber: string;
  partnerId: string;
  status: DispatchStatus;
  triageReason?: TriageReason;
  category?: { major: MajorCode; minor: string; minorName: string; confidence: number; by: 'classifier' | 'operator' };
  /** While in triage: the classifier's likeliest categories, best first, for the operator. */
  suggestions?: Suggestion[];
  jurisdiction: Jurisdiction;
  workOrder?: WorkOrder;
  request: CaseRequest;
  /** For a repeat (重复件): the open case it was linked to. */
  repeatOf?: { caseId: string; caseNumber: string };
  /** Photos the resolving department attached (办结 before-and-after), kept under `workorders/<caseId>/`. */
  workOrderFiles?: StoredFile[];
  /** When retention erased the work order's photos (ADR 0013). */
  personalDataErasedAt?: string;
  receivedAt: string;
  decidedAt: string;
  history: { at: string; status: DispatchStatus; by: string; note?: string }[];
  version: number;
}

export interface Suggestion {
  major: MajorCode;
  minor: string;
  minorName: string;
  confidence: number;
}

export interface Decision {
  record: DispatchRecord;
  events: AnyEvent[];
}

export function requestOf(received: CaseReceived): CaseRequest {
  const p = received.payload;
  return {
    region: received.region,
    caseId: received.caseId,
    caseNumber: p.caseNumber,
    traceId: received.traceId,
    partnerId: p.partnerId,
    kind: p.kind,
    title: p.title,
    description: p.description,
    location: p.location,
    receivedAt: p.receivedAt,
  };
}

/**
 * 分拨: classify, place, and route one received case — to one department as a work
 * order, to mediation if it is a dispute, or to manual triage when either the category
 * or (for local matters) the place cannot be established.
 */
export function decideDispatch(region: RegionConfig, classifier: Classifier, received: CaseReceived, now: Date): Decision {
  const request = requestOf(received);
  const jurisdiction = resolveJurisdiction(region, request.location, `${request.title} ${request.description}`);
  const classification = classifier.classify(request.title, request.description, request.kind);
  const suggestions = classification?.candidates.map((c) => ({ major: c.minor.major, minor: c.minor.code, minorName: c.minor.name, confidence: c.confidence }));
  if (!classification || classification.confidence < region.settings.classificationThreshold) {
    return withSuggestions(triage({ request, jurisdiction, reason: 'unclassified', now }), suggestions);
  }
  return withSuggestions(route({ region, request, jurisdiction, minor: classification.minor, confidence: classification.confidence, by: 'classifier', now }), suggestions);
}

/** A case left for triage keeps the classifier's candidates; a routed one has no use for them. */
function withSuggestions(decision: Decision, suggestions: Suggestion[] | undefined): Decision {
  return decision.record.status === 'triage' && suggestions?.length ? { ...decision, record: { ...decision.record, suggestions } } : decision;
}

export class NotInTriage extends Error {
  override name = 'NotInTriage';
}

/** An operator sets the category of a case waiting in triage; dispatch routes it at once. */
export function classifyByOperator(region: RegionConfig, record: DispatchRecord, minorCode: string, operator: string, now: Date): Decision {
  if (record.status !== 'triage') throw new NotInTriage(`case ${record.caseNumber} is ${record.status}, not in triage`);
  const minor = region.taxonomy.minors.find((m) => m.code === minorCode);
  if (!minor) throw new RangeError(`unknown category ${minorCode}`);
  // An operator decides the category; the place, if still unknown, falls back to the city's units.
  return route({ region, request: record.request, jurisdiction: record.jurisdiction, minor, confidence: 1, by: `operator:${operator}`, now, previous: record });
}

/** `case.classified`: the category every other service files the case under. */
function classifiedEvent(request: CaseRequest, jurisdiction: Jurisdiction, minor: MinorCategory, confidence: number, now: Date) {
  return makeEvent(caseClassifiedV1, {
    region: request.region,
    caseId: request.caseId,
    traceId: request.traceId,
    occurredAt: now,
    payload: {
      partnerId: request.partnerId,
      kind: request.kind,
      major: minor.major,
      minor: minor.code,
      minorName: minor.name,
      confidence,
      route: minor.major === 'dispute' ? 'mediation' : 'workorder',
      jurisdiction,
      receivedAt: request.receivedAt,
    },
  });
}

/**
 * A dispatcher gives a dispatched case another category (改类): where that category goes from
 * the case's place, with its time limits, for the work order's re-dispatch; the category
 * the record takes, and the event that tells the other services.
 */
export type Recategorisation =
  | { refused: 'unknown-category' | 'dispute-category' | 'same-category' }
  | { placement: NonNullable<WorkOrderContext['placement']>; category: NonNullable<DispatchRecord['category']>; classified: ReturnType<typeof classifiedEvent> };

export function recategorisation(region: RegionConfig, record: DispatchRecord, minorCode: string, now: Date): Recategorisation {
  const minor = region.taxonomy.minors.find((m) => m.code === minorCode);
  if (!minor) return { refused: 'unknown-category' };
  if (minor.major === 'dispute') return { refused: 'dispute-category' };
  if (record.category?.minor === minor.code) return { refused: 'same-category' };
  const placement = (code: string) => {
    const target = region.taxonomy.minors.find((m) => m.code === code);
    const assignment = target && pickDepartment(region, target, record.jurisdiction);
    return assignment && target ? { ...assignment, signHours: target.limits.signHours, resolveWorkingDays: target.limits.resolveWorkingDays[record.request.kind] } : undefined;
  };
  const category = { major: minor.major, minor: minor.code, minorName: minor.name, confidence: 1, by: 'operator' as const };
  return { placement, category, classified: classifiedEvent(record.request, record.jurisdiction, minor, 1, now) };
}

interface RouteOptions {
  region: RegionConfig;
  request: CaseRequest;
  jurisdiction: Jurisdiction;
  minor: MinorCategory;
  confidence: number;
  /** `classifier`, or `operator:<id>` for an operator's decision. */
  by: string;
  now: Date;
  /** The record so far, when an operator routes a case that was waiting. */
  previous?: DispatchRecord;
}

function route({ region, request, jurisdiction, minor, confidence, by, now, previous }: RouteOptions): Decision {
  const byOperator = by.startsWith('operator:');
  const category = { major: minor.major, minor: minor.code, minorName: minor.name, confidence, by: byOperator ? ('operator' as const) : ('classifier' as const) };
  const common = { region: request.region, caseId: request.caseId, traceId: request.traceId, occurredAt: now };
  const isDispute = minor.major === 'dispute';
  const classified = classifiedEvent(request, jurisdiction, minor, confidence, now);

  if (isDispute) {
    return {
      record: recordOf(request, jurisdiction, now, by, previous, { status: 'mediation-requested', category }),
      events: [
        classified,
        makeEvent(mediationRequestedV1, {
          ...common,
          payload: {
            caseNumber: request.caseNumber,
            partnerId: request.partnerId,
            minor: minor.code,
            minorName: minor.name,
            title: request.title,
            description: request.description,
            jurisdiction,
            receivedAt: request.receivedAt,
          },
        }),
      ],
    };
  }

  // A city-level matter can be handled without knowing the place; a local one waits for
  // triage unless an operator has decided, in which case the city's unit takes it.
  if (jurisdiction.resolvedBy === 'unresolved' && minor.handlingLevel !== 'city' && !byOperator) {
    return triage({ request, jurisdiction, reason: 'location-unresolved', now, category, previous });
  }
  const assignment = pickDepartment(region, minor, jurisdiction);
  if (!assignment) return triage({ request, jurisdiction, reason: 'location-unresolved', now, category, previous });

  const receivedAt = new Date(request.receivedAt);
  // An order routed late by an operator gets its time limits from the moment it is routed.
  const clockStart = byOperator ? now : receivedAt;
  const workOrder: WorkOrder = {
    workOrderId: `WO-${request.caseNumber}`,
    partnerId: request.partnerId,
    status: 'dispatched',
    sequence: 0,
    departmentId: assignment.lead.id,
    departmentName: assignment.lead.name,
    coHandlerIds: assignment.coHandlers.map((d) => d.id),
    signDeadline: addHours(clockStart, minor.limits.signHours).toISOString(),
    resolveDeadline: addWorkingDays(region.calendar, region.timeZone, clockStart, minor.limits.resolveWorkingDays[request.kind]).toISOString(),
    signHours: minor.limits.signHours,
    resolveWorkingDays: minor.limits.resolveWorkingDays[request.kind],
    returnCount: 0,
    reopenCount: 0,
    escalated: false,
    clockStartedAt: clockStart.toISOString(),
    audit: [],
  };
  const { workOrderId, departmentId, departmentName, coHandlerIds, signDeadline, resolveDeadline } = workOrder;
  return {
    record: recordOf(request, jurisdiction, now, by, previous, { status: 'dispatched', category, workOrder }),
    events: [
      classified,
      makeEvent(workorderDispatchedV1, {
        ...common,
        payload: {
          workOrderId,
          departmentId,
          departmentName,
          coHandlerIds,
          signDeadline,
          resolveDeadline,
          partnerId: request.partnerId,
          major: minor.major,
          minor: minor.code,
          jurisdiction,
          receivedAt: request.receivedAt,
        },
      }),
    ],
  };
}

interface TriageOptions {
  request: CaseRequest;
  jurisdiction: Jurisdiction;
  reason: TriageReason;
  now: Date;
  /** The classifier's guess, kept as the operator's suggestion. */
  category?: DispatchRecord['category'];
  previous?: DispatchRecord;
}

function triage({ request, jurisdiction, reason, now, category, previous }: TriageOptions): Decision {
  return {
    record: recordOf(request, jurisdiction, now, 'classifier', previous, { status: 'triage', triageReason: reason, category }),
    events: [
      makeEvent(caseHeldForTriageV1, {
        region: request.region,
        caseId: request.caseId,
        traceId: request.traceId,
        occurredAt: now,
        payload: { partnerId: request.partnerId, reason, jurisdiction, receivedAt: request.receivedAt },
      }),
    ],
  };
}

function recordOf(
  request: CaseRequest,
  jurisdiction: Jurisdiction,
  now: Date,
  by: string,
  previous: DispatchRecord | undefined,
  outcome: Pick<DispatchRecord, 'status' | 'triageReason' | 'category' | 'workOrder'>,
): DispatchRecord {
  const at = now.toISOString();
  return {
    caseId: request.caseId,
    caseNumber: request.caseNumber,
    partnerId: request.partnerId,
    ...outcome,
    jurisdiction,
    request,
    receivedAt: request.receivedAt,
    decidedAt: at,
    history: [...(previous?.history ?? []), { at, status: outcome.status, by, note: outcome.triageReason ?? outcome.category?.minor }],
    version: (previous?.version ?? 0) + 1,
  };
}
