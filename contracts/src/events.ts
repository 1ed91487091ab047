import * as z from 'zod';
import { defineEvent, type EventOf } from './envelope';
import { disputeStepEvents } from './disputes';
import { Channel, IsoDateTime, Jurisdiction, Location, MajorCode, MediationTier, Rating, RequestKind, SupervisionLevel, WorkOrderStatus } from './vocabulary';

/** intake: a request was accepted and numbered. Carries no personal data. */
export const caseReceivedV1 = defineEvent(
  'case.received',
  1,
  z.object({
    caseNumber: z.string(),
    partnerId: z.string(),
    channel: Channel,
    kind: RequestKind,
    title: z.string(),
    description: z.string(),
    location: Location,
    receivedAt: IsoDateTime,
    externalId: z.string().optional(),
    attachmentCount: z.number().int().nonnegative(),
    /**
     * Whether the partner had a callback endpoint when the case was received. False: the
     * event is not sent to the callbacks queue, which would only find no endpoint and drop it.
     * Absent (events made before this field): taken as listening.
     */
    partnerListens: z.boolean().optional(),
  }),
);

/** dispatch: the case has a category and a place in the jurisdiction tree. */
export const caseClassifiedV1 = defineEvent(
  'case.classified',
  1,
  z.object({
    partnerId: z.string(),
    kind: RequestKind,
    major: MajorCode,
    minor: z.string(),
    minorName: z.string(),
    confidence: z.number().min(0).max(1),
    route: z.enum(['workorder', 'mediation']),
    jurisdiction: Jurisdiction,
    receivedAt: IsoDateTime,
  }),
);

/** dispatch: the case could not be routed automatically and waits for an operator. */
export const caseHeldForTriageV1 = defineEvent(
  'case.held-for-triage',
  1,
  z.object({
    partnerId: z.string(),
    reason: z.enum(['unclassified', 'location-unresolved']),
    jurisdiction: Jurisdiction,
    receivedAt: IsoDateTime,
  }),
);

/** dispatch: a work order went to one lead department (co-handlers listed, never several orders). */
export const workorderDispatchedV1 = defineEvent(
  'workorder.dispatched',
  1,
  z.object({
    workOrderId: z.string(),
    partnerId: z.string(),
    major: MajorCode,
    minor: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    coHandlerIds: z.array(z.string()),
    jurisdiction: Jurisdiction,
    signDeadline: IsoDateTime,
    resolveDeadline: IsoDateTime,
    receivedAt: IsoDateTime,
  }),
);

/** dispatch: a dispute goes to the mediation service. */
export const mediationRequestedV1 = defineEvent(
  'mediation.requested',
  1,
  z.object({
    caseNumber: z.string(),
    partnerId: z.string(),
    minor: z.string(),
    minorName: z.string(),
    title: z.string(),
    description: z.string(),
    jurisdiction: Jurisdiction,
    receivedAt: IsoDateTime,
  }),
);

/** mediation: a mediation case is open at a tier, with a mediator assigned. Superseded by v2 (the dispute step); still accepted. */
export const mediationOpenedV1 = defineEvent(
  'mediation.opened',
  1,
  z.object({
    mediationId: z.string(),
    partnerId: z.string(),
    tier: MediationTier,
    committeeId: z.string(),
    committeeName: z.string(),
    mediatorId: z.string().optional(),
    mediatorName: z.string().optional(),
    jurisdiction: Jurisdiction,
    receivedAt: IsoDateTime,
  }),
);

/** What every step of a work order's life reports: who did what, from which state to which. */
const WorkOrderStep = z.object({
  workOrderId: z.string(),
  partnerId: z.string(),
  /** Increases by one per step, so consumers apply steps in order whatever order they arrive in. */
  sequence: z.number().int().positive(),
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  by: z.object({ id: z.string(), role: z.string() }),
  departmentId: z.string(),
  departmentName: z.string(),
  reason: z.string().optional(),
  signDeadline: IsoDateTime,
  resolveDeadline: IsoDateTime,
  rating: Rating.optional(),
  escalated: z.boolean(),
  receivedAt: IsoDateTime,
});

export const workorderSignedV1 = defineEvent('workorder.signed', 1, WorkOrderStep);
export const workorderReturnedV1 = defineEvent('workorder.returned', 1, WorkOrderStep);
export const workorderTransferredV1 = defineEvent('workorder.transferred', 1, WorkOrderStep);
export const workorderExtensionRequestedV1 = defineEvent('workorder.extension-requested', 1, WorkOrderStep);
export const workorderExtensionDecidedV1 = defineEvent('workorder.extension-decided', 1, WorkOrderStep);
export const workorderResolvedV1 = defineEvent('workorder.resolved', 1, WorkOrderStep);
export const workorderVerifiedV1 = defineEvent('workorder.verified', 1, WorkOrderStep);
export const workorderRatedV1 = defineEvent('workorder.rated', 1, WorkOrderStep);

export const workOrderStepEvents = [
  workorderSignedV1,
  workorderReturnedV1,
  workorderTransferredV1,
  workorderExtensionRequestedV1,
  workorderExtensionDecidedV1,
  workorderResolvedV1,
  workorderVerifiedV1,
  workorderRatedV1,
] as const;

/** dispatch: a work order nears or passes its deadline (督办), escalating to supervisors. */
export const workorderSupervisedV1 = defineEvent(
  'workorder.supervised',
  1,
  z.object({
    workOrderId: z.string(),
    partnerId: z.string(),
    level: SupervisionLevel,
    deadlineKind: z.enum(['sign', 'resolve']),
    deadline: IsoDateTime,
    departmentId: z.string(),
    departmentName: z.string(),
    status: WorkOrderStatus,
    receivedAt: IsoDateTime,
  }),
);

/** dispatch: a new request about a matter already open was linked to it (重复件) instead of a new order. */
export const caseLinkedAsRepeatV1 = defineEvent(
  'case.linked-as-repeat',
  1,
  z.object({
    partnerId: z.string(),
    originalCaseId: z.string(),
    originalCaseNumber: z.string(),
    /** Repeats of the original so far, this one included. */
    repeatCount: z.number().int().positive(),
    major: MajorCode,
    minor: z.string(),
    jurisdiction: Jurisdiction,
    receivedAt: IsoDateTime,
  }),
);

export const allEvents = [
  caseReceivedV1,
  caseClassifiedV1,
  caseHeldForTriageV1,
  workorderDispatchedV1,
  mediationRequestedV1,
  mediationOpenedV1,
  ...workOrderStepEvents,
  workorderSupervisedV1,
  caseLinkedAsRepeatV1,
  ...disputeStepEvents,
] as const;

export type AnyEvent = EventOf<(typeof allEvents)[number]>;
export type EventType = AnyEvent['type'];
export type CaseReceived = EventOf<typeof caseReceivedV1>;
export type CaseClassified = EventOf<typeof caseClassifiedV1>;
export type CaseHeldForTriage = EventOf<typeof caseHeldForTriageV1>;
export type WorkorderDispatched = EventOf<typeof workorderDispatchedV1>;
export type MediationRequested = EventOf<typeof mediationRequestedV1>;
export type MediationOpened = EventOf<typeof mediationOpenedV1>;
export type WorkOrderStepEvent = EventOf<(typeof workOrderStepEvents)[number]>;
export type WorkorderSupervised = EventOf<typeof workorderSupervisedV1>;
export type CaseLinkedAsRepeat = EventOf<typeof caseLinkedAsRepeatV1>;
