import * as z from 'zod';
import { defineEvent, type EventOf } from './envelope';
import { StoredFileView, UploadId } from './uploads';
import { IsoDateTime, Jurisdiction, Location, MediationTier, type CaseStatus } from './vocabulary';

/**
 * The dispute-mediation context (矛调中心): its vocabulary, its events and its API
 * shapes. A dispute has one code for its whole life (一案一码), carried by every event.
 */

/** 邻里, 婚姻家庭, 物业, 劳资, 土地承包/合同, 医患, 交通事故, 消费, 其他 */
export const disputeTypes = ['neighbour', 'family', 'property-management', 'labour', 'land-contract', 'medical', 'traffic-accident', 'consumer', 'other'] as const;
export const DisputeType = z.enum(disputeTypes);
export type DisputeType = z.infer<typeof DisputeType>;

/** 有暴力倾向, 群体性 (many people), 扬言越级上访, 涉及弱势群体 */
export const riskFlags = ['violence', 'group', 'petition', 'vulnerable'] as const;
export const RiskFlag = z.enum(riskFlags);
export type RiskFlag = z.infer<typeof RiskFlag>;

/** Where a dispute entered: handed over by dispatch from a citizen case, or registered directly. */
export const disputeSources = ['case', 'counter', 'mediator-app', 'petition', 'court-referral'] as const;
export const DisputeSource = z.enum(disputeSources);
export type DisputeSource = z.infer<typeof DisputeSource>;

/**
 * queued: waiting in a centre's queue for a free mediator; assigned: a mediator holds it,
 * not yet accepted (受理); accepted: being mediated; agreed: an agreement was reached
 * (effective once every party confirmed); closed / declined / referred-to-court / withdrawn: done;
 * linked: the same parties and matter as an open dispute, handled there.
 */
export const disputeStatuses = ['queued', 'assigned', 'accepted', 'agreed', 'closed', 'declined', 'referred-to-court', 'withdrawn', 'linked'] as const;
export const DisputeStatus = z.enum(disputeStatuses);
export type DisputeStatus = z.infer<typeof DisputeStatus>;

export const terminalDisputeStatuses: readonly DisputeStatus[] = ['closed', 'declined', 'referred-to-court', 'withdrawn', 'linked'];

/** How a dispute's status reads on the citizen case it came from. */
export const caseStatusOfDispute: Record<DisputeStatus, CaseStatus> = {
  queued: 'mediation-opened',
  assigned: 'mediation-opened',
  accepted: 'mediating',
  agreed: 'mediation-agreed',
  closed: 'closed',
  declined: 'mediation-declined',
  'referred-to-court': 'referred-to-court',
  withdrawn: 'mediation-withdrawn',
  linked: 'linked',
};

export const sessionOutcomes = ['agreement', 'partial-agreement', 'no-agreement', 'withdrawn'] as const;
export const SessionOutcome = z.enum(sessionOutcomes);
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/** 三官三师 and the mediators themselves. */
export const mediatorProfessions = ['mediator', 'police', 'judge', 'prosecutor', 'lawyer', 'counsellor', 'psychologist'] as const;
export const MediatorProfession = z.enum(mediatorProfessions);
export type MediatorProfession = z.infer<typeof MediatorProfession>;

export const escalationCauses = ['time-limit', 'session-failed', 'risk', 'requested'] as const;
export const EscalationCause = z.enum(escalationCauses);
export type EscalationCause = z.infer<typeof EscalationCause>;

export const declineReasons = ['criminal', 'before-court', 'administrative', 'labour-arbitration', 'not-civil', 'other'] as const;
export const DeclineReason = z.enum(declineReasons);
export type DeclineReason = z.infer<typeof DeclineReason>;

export const judicialOutcomes = ['applied', 'confirmed', 'rejected', 'not-applied'] as const;
export const JudicialOutcome = z.enum(judicialOutcomes);
export type JudicialOutcome = z.infer<typeof JudicialOutcome>;

export const performanceStates = ['performed', 'in-progress', 'breached'] as const;
export const Performance = z.enum(performanceStates);
export type Performance = z.infer<typeof Performance>;

/** What every step of a dispute's life reports: the same shape for every event type, in sequence. */
const DisputeStep = z.object({
  disputeId: z.string(),
  /** 一案一码: the dispute's one code, e.g. `WHTJ-20261126-000012`. */
  code: z.string(),
  /** The partner the dispute came through (its citizen case's partner, or the registering partner). */
  partnerId: z.string(),
  /** The citizen case's number when the dispute came from one. */
  caseNumber: z.string().optional(),
  /** Increases by one per step, so consumers apply steps in order whatever order they arrive in. */
  sequence: z.number().int().positive(),
  from: DisputeStatus.optional(),
  to: DisputeStatus,
  by: z.object({ id: z.string(), role: z.string() }),
  tier: MediationTier,
  centreId: z.string(),
  centreName: z.string(),
  mediatorId: z.string().optional(),
  mediatorName: z.string().optional(),
  disputeType: DisputeType,
  source: DisputeSource,
  riskFlags: z.array(RiskFlag),
  partyCount: z.number().int().nonnegative(),
  amount: z.number().nonnegative().optional(),
  jurisdiction: Jurisdiction,
  /** A short data-free reason (never a party's words). */
  reason: z.string().optional(),
  escalation: z.object({ fromTier: MediationTier, toTier: MediationTier, cause: EscalationCause }).optional(),
  outcome: SessionOutcome.optional(),
  nextSession: z.object({ at: IsoDateTime, place: z.string() }).optional(),
  /** The 司法确认 window once the agreement took effect, and its outcome once recorded. */
  judicial: z.object({ outcome: JudicialOutcome.optional(), windowClosesAt: IsoDateTime.optional() }).optional(),
  performance: Performance.optional(),
  /** For a repeat: the open dispute it was linked to. */
  linkedTo: z.object({ disputeId: z.string(), code: z.string() }).optional(),
  openedAt: IsoDateTime,
  /** When the citizen case (or the registration) was received. */
  receivedAt: IsoDateTime,
});
export type DisputeStep = z.infer<typeof DisputeStep>;

export const mediationOpenedV2 = defineEvent('mediation.opened', 2, DisputeStep);
export const mediationAssignedV1 = defineEvent('mediation.assigned', 1, DisputeStep);
export const mediationQueuedV1 = defineEvent('mediation.queued', 1, DisputeStep);
export const mediationRiskAlertedV1 = defineEvent('mediation.risk-alerted', 1, DisputeStep);
export const mediationAcceptedV1 = defineEvent('mediation.accepted', 1, DisputeStep);
export const mediationDeclinedV1 = defineEvent('mediation.declined', 1, DisputeStep);
export const mediationSessionScheduledV1 = defineEvent('mediation.session-scheduled', 1, DisputeStep);
export const mediationSessionHeldV1 = defineEvent('mediation.session-held', 1, DisputeStep);
export const mediationExtendedV1 = defineEvent('mediation.extended', 1, DisputeStep);
export const mediationEscalatedV1 = defineEvent('mediation.escalated', 1, DisputeStep);
export const mediationReassignedV1 = defineEvent('mediation.reassigned', 1, DisputeStep);
export const mediationAgreedV1 = defineEvent('mediation.agreed', 1, DisputeStep);
export const mediationPartyConfirmedV1 = defineEvent('mediation.party-confirmed', 1, DisputeStep);
export const mediationJudicialRecordedV1 = defineEvent('mediation.judicial-recorded', 1, DisputeStep);
export const mediationRemindedV1 = defineEvent('mediation.reminded', 1, DisputeStep);
export const mediationFollowedUpV1 = defineEvent('mediation.followed-up', 1, DisputeStep);
export const mediationBreachedV1 = defineEvent('mediation.breached', 1, DisputeStep);
export const mediationReopenedV1 = defineEvent('mediation.reopened', 1, DisputeStep);
export const mediationReferredToCourtV1 = defineEvent('mediation.referred-to-court', 1, DisputeStep);
export const mediationWithdrawnV1 = defineEvent('mediation.withdrawn', 1, DisputeStep);
export const mediationClosedV1 = defineEvent('mediation.closed', 1, DisputeStep);
export const mediationLinkedV1 = defineEvent('mediation.linked', 1, DisputeStep);

/** Every step event of a dispute, one contract per fact. */
export const disputeStepEvents = [
  mediationOpenedV2,
  mediationAssignedV1,
  mediationQueuedV1,
  mediationRiskAlertedV1,
  mediationAcceptedV1,
  mediationDeclinedV1,
  mediationSessionScheduledV1,
  mediationSessionHeldV1,
  mediationExtendedV1,
  mediationEscalatedV1,
  mediationReassignedV1,
  mediationAgreedV1,
  mediationPartyConfirmedV1,
  mediationJudicialRecordedV1,
  mediationRemindedV1,
  mediationFollowedUpV1,
  mediationBreachedV1,
  mediationReopenedV1,
  mediationReferredToCourtV1,
  mediationWithdrawnV1,
  mediationClosedV1,
  mediationLinkedV1,
] as const;
export type DisputeStepEvent = EventOf<(typeof disputeStepEvents)[number]>;
export type DisputeEventType = DisputeStepEvent['type'];

// ---- API shapes ----

const Text = (max: number) => z.string().trim().min(1).max(max);
const Phone = z.string().regex(/^(\+?86)?[0-9][0-9-]{6,15}$/, 'phone must be digits, optionally +86 and dashes');
/** 18-character resident ID number (last may be X). */
const IdNumber = z.string().regex(/^\d{17}[\dXx]$/, 'ID number must be 18 characters');

export const PartyInput = z
  .object({
    role: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'organisation']),
    name: Text(100),
    phone: Phone.optional(),
    idNumber: IdNumber.optional(),
    address: Text(300).optional(),
    /** For an organisation: its legal representative or agent. */
    representative: Text(100).optional(),
    /** How the party is told and confirms: its own channel (a partner's app) or at the counter. */
    channel: z.enum(['own-channel', 'counter']).default('counter'),
  })
  .strict()
  .meta({ id: 'Party', description: 'A party to a dispute. Name, phone, ID number and address are personal data.' });
export type PartyInput = z.infer<typeof PartyInput>;

export const RegisterDisputeBody = z
  .object({
    source: z.enum(['counter', 'mediator-app', 'petition', 'court-referral']),
    type: DisputeType,
    title: Text(200),
    narrative: Text(5000),
    parties: z.array(PartyInput).min(2).max(200),
    amount: z.number().nonnegative().max(1e12).optional(),
    location: Location,
    consentToMediate: z.boolean(),
    riskFlags: z.array(RiskFlag).max(riskFlags.length).default([]),
    /** A court's referral (诉前委派) carries its reference. */
    courtReference: Text(100).optional(),
    externalId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((b) => b.parties.some((p) => p.role === 'applicant') && b.parties.some((p) => p.role === 'respondent'), {
    message: 'a dispute needs at least one applicant and one respondent',
    path: ['parties'],
  })
  .meta({ id: 'RegisterDispute', description: 'A dispute registered directly at a centre, by a mediator, a 信访 office or a court (诉前委派).' });
export type RegisterDisputeBody = z.infer<typeof RegisterDisputeBody>;

export const DisputeRegistered = z
  .object({
    disputeId: z.string(),
    code: z.string().meta({ example: 'WHTJ-20261126-000012' }),
    status: DisputeStatus,
    tier: MediationTier,
    centreName: z.string(),
    /** Set when the dispute joined an open one about the same parties and matter. */
    linkedTo: z.object({ disputeId: z.string(), code: z.string() }).optional(),
  })
  .meta({ id: 'DisputeRegistered' });
export type DisputeRegistered = z.infer<typeof DisputeRegistered>;

const Reason = Text(1000);
const Attendance = z.array(z.object({ partyId: z.string().min(1).max(64), present: z.boolean() }).strict()).max(200);

export const DisputeActionBody = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('accept'), parties: z.array(PartyInput).max(200).optional(), note: Reason.optional() }).strict(),
    z.object({ type: z.literal('decline'), reason: DeclineReason, note: Reason.optional() }).strict(),
    z.object({ type: z.literal('schedule-session'), at: IsoDateTime, place: Text(200) }).strict(),
    z
      .object({
        type: z.literal('record-session'),
        attendance: Attendance.default([]),
        minutes: Text(20000),
        evidence: z.array(z.url().max(2000)).max(50).default([]),
        outcome: SessionOutcome,
        /** After no agreement: the parties agree to take it to the next tier. */
        escalate: z.boolean().default(false),
        terms: Text(10000).optional(),
        performanceDeadline: IsoDateTime.optional(),
      })
      .strict(),
    z.object({ type: z.literal('confirm'), partyId: z.string().min(1).max(64), via: z.enum(['own-channel', 'counter']) }).strict(),
    z.object({ type: z.literal('extend'), days: z.number().int().min(1).max(60), reason: Reason }).strict(),
    z.object({ type: z.literal('escalate'), reason: Reason }).strict(),
    z.object({ type: z.literal('flag-risk'), flag: RiskFlag, note: Reason.optional() }).strict(),
    z.object({ type: z.literal('reassign'), mediatorId: z.string().min(1).max(64).optional(), reason: Reason }).strict(),
    z.object({ type: z.literal('record-judicial'), outcome: JudicialOutcome, courtCaseNumber: Text(100).optional() }).strict(),
    z.object({ type: z.literal('follow-up'), performance: Performance, note: Reason.optional() }).strict(),
    z.object({ type: z.literal('report-breach'), then: z.enum(['reopen', 'refer-to-court']), note: Reason.optional() }).strict(),
    z.object({ type: z.literal('refer-to-court'), reason: Reason }).strict(),
    z.object({ type: z.literal('withdraw'), reason: Reason.optional() }).strict(),
    z.object({ type: z.literal('close'), note: Reason.optional() }).strict(),
    z
      .object({ type: z.literal('attach'), purpose: z.enum(['dispute-evidence', 'dispute-agreement']), uploads: z.array(UploadId).min(1).max(10) })
      .strict()
      .meta({ description: 'Evidence (证据) or the signed agreement (调解协议书), uploaded with POST /v1/uploads for that purpose by the same caller.' }),
  ])
  .meta({
    id: 'DisputeAction',
    description:
      '受理 accept / 不予受理 decline, schedule and record a session, a party confirms the agreement, extend the time limit, escalate, flag a risk, reassign (回避), record 司法确认, 回访 follow-up, breach, 诉调对接 refer to court, withdraw, close, attach evidence or the signed agreement.',
  });
export type DisputeActionBody = z.infer<typeof DisputeActionBody>;

export const PartyView = z.object({
  partyId: z.string(),
  role: z.enum(['applicant', 'respondent']),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  phone: z.string().optional(),
  idNumber: z.string().optional(),
  address: z.string().optional(),
  representative: z.string().optional(),
  confirmedAt: IsoDateTime.optional(),
});

export const DisputeView = z
  .object({
    disputeId: z.string(),
    code: z.string(),
    caseId: z.string().optional(),
    caseNumber: z.string().optional(),
    status: DisputeStatus,
    source: DisputeSource,
    type: DisputeType,
    title: z.string(),
    narrative: z.string(),
    amount: z.number().optional(),
    riskFlags: z.array(RiskFlag),
    consentToMediate: z.boolean(),
    parties: z.array(PartyView),
    jurisdiction: Jurisdiction,
    tier: MediationTier,
    centre: z.object({ id: z.string(), name: z.string() }),
    mediator: z.object({ id: z.string(), name: z.string() }).optional(),
    team: z.array(z.object({ id: z.string(), name: z.string(), profession: MediatorProfession })),
    tierDeadline: IsoDateTime.optional(),
    sessions: z.array(
      z.object({
        sessionId: z.string(),
        at: IsoDateTime,
        place: z.string(),
        held: z.boolean(),
        outcome: SessionOutcome.optional(),
        minutes: z.string().optional(),
        evidence: z.array(z.string()),
      }),
    ),
    agreement: z
      .object({
        terms: z.string(),
        partial: z.boolean(),
        performanceDeadline: IsoDateTime.optional(),
        reachedAt: IsoDateTime,
        effectiveAt: IsoDateTime.optional(),
        judicialWindowClosesAt: IsoDateTime.optional(),
        judicial: JudicialOutcome.optional(),
      })
      .optional(),
    followUps: z.array(z.object({ dueAt: IsoDateTime, doneAt: IsoDateTime.optional(), performance: Performance.optional() })),
    documents: z.array(z.object({ name: z.string(), title: z.string(), href: z.string() })),
    linkedDisputes: z.array(z.object({ disputeId: z.string(), code: z.string() })),
    linkedTo: z.object({ disputeId: z.string(), code: z.string() }).optional(),
    declined: z.object({ reason: DeclineReason, guidance: z.string() }).optional(),
    openedAt: IsoDateTime,
    updatedAt: IsoDateTime,
    history: z.array(z.object({ at: IsoDateTime, action: z.string(), by: z.object({ id: z.string(), role: z.string() }), from: DisputeStatus.optional(), to: DisputeStatus, note: z.string().optional() })),
    /** Evidence and the signed agreement, each with a short-lived download URL (on a single dispute's answer). */
    files: z.array(StoredFileView).optional(),
  })
  .meta({ id: 'Dispute', description: 'A dispute with its whole life. Parties’ personal data is masked for roles that may not see it.' });
export type DisputeView = z.infer<typeof DisputeView>;

export const DisputeSummary = z.object({
  disputeId: z.string(),
  code: z.string(),
  status: DisputeStatus,
  type: DisputeType,
  title: z.string(),
  tier: MediationTier,
  centreId: z.string(),
  mediatorId: z.string().optional(),
  riskFlags: z.array(RiskFlag),
  openedAt: IsoDateTime,
  queuedAt: IsoDateTime.optional(),
});
export const DisputeList = z
  .object({ items: z.array(DisputeSummary), cursor: z.string().optional() })
  .meta({ id: 'DisputeList', description: 'A centre’s queue or docket, a mediator’s docket, or the region’s disputes, newest first.' });

export const DisputeListQuery = z
  .object({
    centreId: z.string().min(1).max(64).optional(),
    mediatorId: z.string().min(1).max(64).optional(),
    tier: MediationTier.optional(),
    status: DisputeStatus.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type DisputeListQuery = z.infer<typeof DisputeListQuery>;

export const MediatorBody = z
  .object({
    name: Text(100),
    committeeId: z.string().min(1).max(64),
    profession: MediatorProfession.default('mediator'),
    specialties: z.array(z.string().min(1).max(64)).min(1).max(50),
    capacity: z.number().int().min(1).max(500),
    /** On leave: takes no new disputes between these local dates (inclusive). */
    leave: z.array(z.object({ from: z.iso.date(), to: z.iso.date() }).strict()).max(50).default([]),
    active: z.boolean().default(true),
    /** 回避: the mediator's home village (conflicts above the village tier) and declared relations. */
    homeVillageId: z.string().min(1).max(64).optional(),
    relations: z.array(Text(100)).max(100).default([]),
  })
  .strict()
  .meta({ id: 'Mediator', description: 'A mediator in the region’s directory.' });
export type MediatorBody = z.infer<typeof MediatorBody>;

export const MediatorView = z
  .object({
  id: z.string(),
  name: z.string(),
  committeeId: z.string(),
  tier: MediationTier,
  profession: MediatorProfession,
  specialties: z.array(z.string()),
  capacity: z.number(),
  load: z.number(),
  leave: z.array(z.object({ from: z.string(), to: z.string() })),
  active: z.boolean(),
  homeVillageId: z.string().optional(),
  relationsDeclared: z.number(),
  })
  .meta({ id: 'MediatorView', description: 'A mediator with their load now; declared relations are counted, never shown.' });
export type MediatorView = z.infer<typeof MediatorView>;
export const MediatorList = z.object({ items: z.array(MediatorView) }).meta({ id: 'MediatorList' });
