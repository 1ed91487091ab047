import {
  caseClassifiedV1,
  caseHeldForTriageV1,
  mediationRequestedV1,
  workorderDispatchedV1,
  type AnyEvent,
  type CaseReceived,
  type Jurisdiction,
  type MajorCode,
  type RegionConfig,
} from '@govflow/contracts';
import { makeEvent } from '@govflow/platform/events';
import { addHours, addWorkingDays } from './calendar';
import type { Classifier } from './classify';
import { resolveJurisdiction } from './jurisdiction';
import { pickDepartment } from './routing';

export type DispatchStatus = 'dispatched' | 'triage' | 'mediation-requested';

/** What dispatch decided about one case, as it keeps it. */
export interface DispatchRecord {
  caseId: string;
  caseNumber: string;
  partnerId: string;
  status: DispatchStatus;
  triageReason?: 'unclassified' | 'location-unresolved';
  category?: { major: MajorCode; minor: string; minorName: string; confidence: number };
  jurisdiction: Jurisdiction;
  workOrder?: {
    workOrderId: string;
    departmentId: string;
    departmentName: string;
    coHandlerIds: string[];
    signDeadline: string;
    resolveDeadline: string;
  };
  receivedAt: string;
  decidedAt: string;
}

export interface Decision {
  record: DispatchRecord;
  events: AnyEvent[];
}

/**
 * 分拨: classify, place, and route one received case — to one department as a work
 * order, to mediation if it is a dispute, or to manual triage when either the category
 * or (for local matters) the place cannot be established.
 */
export function decideDispatch(region: RegionConfig, classifier: Classifier, received: CaseReceived, now: Date): Decision {
  const { payload } = received;
  const common = { region: received.region, caseId: received.caseId, traceId: received.traceId, occurredAt: now };
  const jurisdiction = resolveJurisdiction(region, payload.location, `${payload.title} ${payload.description}`);
  const classification = classifier.classify(payload.title, payload.description, payload.kind);
  const base = {
    caseId: received.caseId,
    caseNumber: payload.caseNumber,
    partnerId: payload.partnerId,
    jurisdiction,
    receivedAt: payload.receivedAt,
    decidedAt: now.toISOString(),
  };
  const triage = (reason: 'unclassified' | 'location-unresolved', category?: DispatchRecord['category']): Decision => ({
    record: { ...base, status: 'triage', triageReason: reason, category },
    events: [
      makeEvent(caseHeldForTriageV1, {
        ...common,
        payload: { partnerId: payload.partnerId, reason, jurisdiction, receivedAt: payload.receivedAt },
      }),
    ],
  });

  if (!classification || classification.confidence < region.settings.classificationThreshold) return triage('unclassified');
  const { minor, confidence } = classification;
  const category = { major: minor.major, minor: minor.code, minorName: minor.name, confidence };
  const route = minor.major === 'dispute' ? 'mediation' : 'workorder';
  const classified = makeEvent(caseClassifiedV1, {
    ...common,
    payload: {
      partnerId: payload.partnerId,
      kind: payload.kind,
      major: minor.major,
      minor: minor.code,
      minorName: minor.name,
      confidence,
      route,
      jurisdiction,
      receivedAt: payload.receivedAt,
    },
  });

  if (route === 'mediation') {
    return {
      record: { ...base, status: 'mediation-requested', category },
      events: [
        classified,
        makeEvent(mediationRequestedV1, {
          ...common,
          payload: {
            caseNumber: payload.caseNumber,
            partnerId: payload.partnerId,
            minor: minor.code,
            minorName: minor.name,
            title: payload.title,
            description: payload.description,
            jurisdiction,
            receivedAt: payload.receivedAt,
          },
        }),
      ],
    };
  }

  // A city-level matter can be handled without knowing the place; a local one cannot.
  if (jurisdiction.resolvedBy === 'unresolved' && minor.handlingLevel !== 'city') return triage('location-unresolved', category);
  const assignment = pickDepartment(region, minor, jurisdiction);
  if (!assignment) return triage('location-unresolved', category);

  const received_ = new Date(payload.receivedAt);
  const workOrder = {
    workOrderId: `WO-${payload.caseNumber}`,
    departmentId: assignment.lead.id,
    departmentName: assignment.lead.name,
    coHandlerIds: assignment.coHandlers.map((d) => d.id),
    signDeadline: addHours(received_, minor.limits.signHours).toISOString(),
    resolveDeadline: addWorkingDays(region.calendar, region.timeZone, received_, minor.limits.resolveWorkingDays[payload.kind]).toISOString(),
  };
  return {
    record: { ...base, status: 'dispatched', category, workOrder },
    events: [
      classified,
      makeEvent(workorderDispatchedV1, {
        ...common,
        payload: {
          ...workOrder,
          partnerId: payload.partnerId,
          major: minor.major,
          minor: minor.code,
          jurisdiction,
          receivedAt: payload.receivedAt,
        },
      }),
    ],
  };
}
