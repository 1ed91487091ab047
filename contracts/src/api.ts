import * as z from 'zod';
import type { Role } from './roles';
import { DisputeStatus, SessionOutcome } from './disputes';
import { AttachmentRef, StoredFileView, UploadId } from './uploads';
import { CaseStatus, Channel, IsoDateTime, Jurisdiction, Location, MajorCode, MediationTier, Rating, RequestKind, SupervisionLevel, WorkOrderStatus } from './vocabulary';

/** Mainland mobile or landline number, digits with an optional +86 / area-code dash. */
const Phone = z.string().regex(/^(\+?86)?[0-9][0-9-]{6,15}$/, 'phone must be digits, optionally +86 and dashes');

export const SubmitRequestBody = z
  .object({
    channel: Channel,
    kind: RequestKind,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(5000),
    location: Location,
    reporter: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        phone: Phone.optional(),
        email: z.email().max(254).optional(),
      })
      .strict()
      .optional(),
    attachments: z
      .array(AttachmentRef)
      .max(20)
      .default([])
      .meta({ description: 'Links the partner hosts, or `{ "uploadId": … }` of photos uploaded with POST /v1/uploads (purpose case-photo) by this partner.' }),
    externalId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .meta({ id: 'SubmitRequest', description: 'A citizen request (诉求) as a partner system submits it.' });
export type SubmitRequestBody = z.infer<typeof SubmitRequestBody>;

/**
 * The number read to citizens: the region's prefix, the day it was received in the
 * region's time zone (Asia/Shanghai for wuhai), and that day's sequence. Every route that
 * takes a case id takes it too.
 */
export const caseNumberPattern = /^[A-Z]{1,8}-\d{8}-\d{6}$/;

export const SubmitAccepted = z
  .object({
    caseId: z.string(),
    caseNumber: z.string().meta({ example: 'WH-20261123-000042' }),
    status: CaseStatus,
    receivedAt: IsoDateTime,
  })
  .meta({ id: 'SubmitAccepted' });
export type SubmitAccepted = z.infer<typeof SubmitAccepted>;

export const CaseHistoryEntry = z.object({
  at: IsoDateTime,
  status: CaseStatus,
  note: z.string(),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

export const CaseView = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    status: CaseStatus,
    channel: Channel,
    kind: RequestKind,
    title: z.string(),
    description: z.string(),
    location: Location,
    reporter: z.object({ name: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }).optional(),
    attachments: z.array(z.string()).meta({ description: 'The links given at submission.' }),
    /** Photos uploaded to storage, each with a short-lived download URL. */
    files: z.array(StoredFileView),
    externalId: z.string().optional(),
    receivedAt: IsoDateTime,
    category: z.object({ major: MajorCode, minor: z.string(), minorName: z.string() }).optional(),
    department: z.object({ id: z.string(), name: z.string() }).optional(),
    /** The dispute this case became (矛盾纠纷), with its one code (一案一码) and progress. */
    mediation: z
      .object({
        tier: MediationTier,
        committeeName: z.string(),
        mediatorName: z.string().optional(),
        disputeId: z.string().optional(),
        code: z.string().optional(),
        status: DisputeStatus.optional(),
        nextSession: z.object({ at: IsoDateTime, place: z.string() }).optional(),
        outcome: SessionOutcome.optional(),
      })
      .optional(),
    deadline: IsoDateTime.optional(),
    /** Set when this request was linked to an open case about the same matter (重复件). */
    repeatOf: z.object({ caseId: z.string(), caseNumber: z.string() }).optional(),
    history: z.array(CaseHistoryEntry),
    /** When intake last recorded a change to this case (what `GET /v1/requests?changedSince=` orders by). */
    changedAt: IsoDateTime.optional(),
  })
  .meta({ id: 'Case', description: 'A case as its partner sees it; the reporter’s phone and email are masked.' });
export type CaseView = z.infer<typeof CaseView>;

/** `GET /v1/requests`: a partner's cases by its own id for them, or those changed since a time. */
export const CaseListQuery = z
  .object({
    externalId: z.string().min(1).max(128).optional().meta({ description: 'The id the partner gave the case when it submitted it.' }),
    changedSince: IsoDateTime.optional().meta({ description: 'Cases changed after this time, oldest change first.' }),
    partnerId: z.string().min(1).max(64).optional().meta({ description: 'Operators only: whose cases.' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(4096).optional().meta({ description: 'The `cursor` of the previous page, as given.' }),
  })
  .strict()
  .refine((q) => (q.externalId === undefined) !== (q.changedSince === undefined), { message: 'give either externalId or changedSince' });
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseList = z
  .object({ items: z.array(CaseView), cursor: z.string().optional().meta({ description: 'Pass it back for the next page; absent on the last.' }) })
  .meta({ id: 'CaseList', description: 'A page of cases, in the order of the query.' });
export type CaseList = z.infer<typeof CaseList>;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowedNow: z
      .array(z.object({ action: z.string(), roles: z.array(z.string()) }))
      .optional()
      .meta({ description: 'On a 409 for a step taken at the wrong moment: the steps the work order or dispute allows now, and the roles that may take each.' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem document (application/problem+json). `type` is a stable URI per kind of problem.' });
export type Problem = z.infer<typeof Problem>;

export const SummaryQuery = z
  .object({
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to' });
export type SummaryQuery = z.infer<typeof SummaryQuery>;

const Counts = z.record(z.string(), z.number().int());
export const ReportSummary = z
  .object({
    region: z.string(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    total: z.number().int(),
    byStatus: Counts,
    byMajor: Counts,
    byDistrict: Counts,
    byDepartment: Counts,
    byChannel: Counts,
    /** Cases by the highest 督办 level they reached (due-soon, overdue, notice). */
    bySupervision: Counts.optional(),
    generatedAt: IsoDateTime,
  })
  .meta({ id: 'ReportSummary' });
export type ReportSummary = z.infer<typeof ReportSummary>;

/** One category as partners see it (the system's Open311-style service list). */
export const TaxonomyEntry = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  major: MajorCode,
  majorName: z.string(),
  leadDepartment: z.object({ kind: z.string(), level: z.enum(['city', 'district', 'town']) }),
  coHandlerKinds: z.array(z.string()),
  urgency: z.enum(['normal', 'urgent', 'emergency']),
  signHours: z.number(),
  resolveWorkingDays: z.record(RequestKind, z.number()),
  route: z.enum(['workorder', 'mediation']),
});
export const TaxonomyList = z
  .object({ region: z.string(), majors: z.array(z.object({ code: MajorCode, name: z.string() })), categories: z.array(TaxonomyEntry) })
  .meta({ id: 'Taxonomy', description: 'The region’s 12 major and their minor categories, each with its handler and time limits.' });
export type TaxonomyList = z.infer<typeof TaxonomyList>;

/** An operator's decision on a case waiting in triage. */
export const ClassificationBody = z
  .object({ minor: z.string().min(1).max(64), note: z.string().max(500).optional() })
  .strict()
  .meta({ id: 'Classification', description: 'The minor category an operator sets; the classifier learns from it.' });
export type ClassificationBody = z.infer<typeof ClassificationBody>;

/** A case's category as dispatch holds it: who set it (the classifier or a dispatcher), and how sure the classifier was. */
export const DispatchCategory = z.object({
  major: MajorCode,
  minor: z.string(),
  minorName: z.string(),
  confidence: z.number().optional(),
  by: z.enum(['classifier', 'operator']).optional(),
});

export const TriageItem = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  reason: z.enum(['unclassified', 'location-unresolved', 'returned']).optional(),
  kind: RequestKind,
  title: z.string(),
  description: z.string(),
  location: Location,
  jurisdiction: Jurisdiction.meta({ description: 'Where the case was placed (resolvedBy `unresolved`: nowhere yet).' }),
  suggestion: DispatchCategory.partial().optional(),
  suggestions: z
    .array(z.object({ major: MajorCode, minor: z.string(), minorName: z.string(), confidence: z.number() }))
    .max(3)
    .meta({
      description:
        'The classifier’s likeliest majors, best first (at most three), each with its likeliest minor and the calibrated probability that the major is right; for a returned order, its current category.',
    }),
  receivedAt: IsoDateTime,
});
export const TriageList = z
  .object({ items: z.array(TriageItem), cursor: z.string().optional() })
  .meta({ id: 'TriageList', description: 'Cases the classifier could not route, oldest first.' });

const Reason = z.string().trim().min(2).max(1000);
/** One step in a work order's life, as the actor submits it. */
export const WorkOrderActionBody = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('sign') }).strict(),
    z.object({ type: z.literal('return'), reason: Reason }).strict(),
    z.object({ type: z.literal('transfer'), departmentId: z.string().min(1), reason: Reason }).strict(),
    z
      .object({ type: z.literal('recategorise'), minor: z.string().min(1).max(100), reason: Reason })
      .strict()
      .meta({ description: '改类: a dispatcher gives the case another category; it is re-dispatched to the unit that handles it, and the classifier learns.' }),
    z.object({ type: z.literal('request-extension'), workingDays: z.number().positive().max(30), reason: Reason }).strict(),
    z.object({ type: z.literal('decide-extension'), approved: z.boolean(), reason: Reason.optional() }).strict(),
    z
      .object({
        type: z.literal('resolve'),
        result: Reason,
        photos: z
          .array(UploadId)
          .max(9)
          .optional()
          .meta({ description: 'Before-and-after photos: upload ids from POST /v1/uploads (purpose workorder-photo) by the resolving caller.' }),
      })
      .strict(),
    z.object({ type: z.literal('verify'), passed: z.boolean(), reason: Reason.optional() }).strict(),
    z.object({ type: z.literal('rate'), rating: Rating, reason: Reason.optional() }).strict(),
  ])
  .meta({ id: 'WorkOrderAction', description: '签收 sign, 退单 return, 转办 transfer, 改类 recategorise, 延期 extension, 办结 resolve, 验 verify, 评 rate.' });
export type WorkOrderActionBody = z.infer<typeof WorkOrderActionBody>;

/**
 * Who may ever take each work-order step (any other role gets 403 whatever the state). The
 * dispatch service's state machine takes its roles from here, and the OpenAPI document
 * states them, so the two cannot differ. Which of them may take it on one order (its own
 * department, the partner whose case it is) is the state machine's.
 */
export const workOrderActionRoles = {
  sign: ['department', 'operator'],
  return: ['department', 'operator'],
  transfer: ['dispatcher', 'operator'],
  recategorise: ['dispatcher', 'operator'],
  'request-extension': ['department', 'operator'],
  'decide-extension': ['supervisor', 'operator'],
  resolve: ['department', 'operator'],
  verify: ['grid-worker', 'partner', 'operator'],
  rate: ['partner', 'operator'],
} as const satisfies Record<WorkOrderActionBody['type'], readonly Role[]>;

export const WorkOrderAuditEntry = z.object({
  at: IsoDateTime,
  by: z.object({ id: z.string(), role: z.string() }),
  action: z.string(),
  from: WorkOrderStatus,
  to: WorkOrderStatus,
  reason: z.string().optional(),
});

/** A work order as the API shows it (in a list, without its audit trail). */
export const WorkOrderSummary = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    workOrderId: z.string(),
    status: WorkOrderStatus,
    departmentId: z.string(),
    departmentName: z.string(),
    coHandlerIds: z.array(z.string()),
    category: DispatchCategory.optional(),
    title: z.string(),
    signDeadline: IsoDateTime,
    resolveDeadline: IsoDateTime,
    returnCount: z.number().int(),
    reopenCount: z.number().int(),
    escalated: z.boolean(),
    supervision: z
      .object({ kind: z.enum(['sign', 'resolve']), deadline: IsoDateTime, level: SupervisionLevel, at: IsoDateTime })
      .optional()
      .meta({ description: '督办: the latest warning or supervision on the running deadline (sign or resolve), absent while none is due.' }),
    repeatCount: z.number().int(),
    priority: z.enum(['normal', 'high', 'urgent']),
    rating: Rating.optional(),
    receivedAt: IsoDateTime,
  })
  .meta({ id: 'WorkOrderSummary', description: 'A work order (工单): who holds it, its deadlines and counts.' });
export const WorkOrderView = WorkOrderSummary.extend({ audit: z.array(WorkOrderAuditEntry) }).meta({
  id: 'WorkOrder',
  description: 'A work order with its audit trail: every step, who took it, when, from which status to which.',
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;
export const WorkOrderList = z
  .object({ items: z.array(WorkOrderSummary), cursor: z.string().optional() })
  .meta({ id: 'WorkOrderList', description: 'A page of a department’s inbox, oldest first.' });
export const WorkOrderListQuery = z
  .object({
    departmentId: z.string().optional().meta({ description: 'Whose inbox (department staff: their own, may be left out).' }),
    status: WorkOrderStatus.optional(),
    limit: z.string().optional().meta({ description: '1–200, default 50.' }),
    cursor: z.string().optional(),
  });

export const ClassificationResult = z
  .object({
    caseId: z.string(),
    caseNumber: z.string(),
    status: z.string(),
    category: DispatchCategory.optional(),
    workOrder: z.object({ workOrderId: z.string(), status: WorkOrderStatus, departmentId: z.string(), departmentName: z.string() }).partial().passthrough().optional(),
  })
  .meta({ id: 'ClassificationResult', description: 'The case after the dispatcher’s decision: its category and, for a work order, where it went.' });
