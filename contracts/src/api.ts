import * as z from 'zod';
import { DisputeStatus, SessionOutcome } from './disputes';
import { AttachmentRef, StoredFileView, UploadId } from './uploads';
import { CaseStatus, Channel, IsoDateTime, Location, MajorCode, MediationTier, Rating, RequestKind } from './vocabulary';

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
  })
  .meta({ id: 'Case', description: 'A case as its partner sees it; the reporter’s phone and email are masked.' });
export type CaseView = z.infer<typeof CaseView>;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem document (application/problem+json).' });
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

export const TriageItem = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  reason: z.enum(['unclassified', 'location-unresolved', 'returned']).optional(),
  kind: RequestKind,
  title: z.string(),
  description: z.string(),
  location: Location,
  suggestion: z.object({ major: MajorCode, minor: z.string(), minorName: z.string(), confidence: z.number() }).partial().optional(),
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
