import * as z from 'zod';
import { disputeStepEvents, type DisputeEventType } from './disputes';
import { defineEvent, type EventOf } from './envelope';
import { CaseStatus, IsoDateTime } from './vocabulary';

/**
 * Partner callbacks (issue 13 §1): what a partner is told of its own cases, the notice
 * intake issues for each change, and the API shapes of callback endpoints and deliveries.
 */

/** The kinds of notice a partner can subscribe to: the case's steps, then each step of its dispute. */
export const caseNoticeTypes = [
  'case.accepted',
  'case.classified',
  'case.held-for-triage',
  'case.linked',
  'case.dispatched',
  'case.signed',
  'case.returned',
  'case.transferred',
  'case.extension-requested',
  'case.extended',
  'case.extension-refused',
  'case.resolved',
  'case.awaiting-rating',
  'case.reopened',
  'case.closed',
] as const;
export type NoticeType = (typeof caseNoticeTypes)[number] | DisputeEventType;
export const noticeTypes: readonly NoticeType[] = [...caseNoticeTypes, ...new Set(disputeStepEvents.map((e) => e.type))];
export const NoticeType = z.enum(noticeTypes as [NoticeType, ...NoticeType[]]).meta({ description: 'A kind of notice (case.* steps, mediation.* dispute steps).' });

/**
 * intake: a partner is to be told that its case moved on. Numbered per case (`sequence`; the
 * acceptance, from `case.received`, is 1) in the order intake applied the changes, so the
 * delivery keeps that order; `previousAt` says when notice `sequence - 1` happened.
 * No personal data: the message is written from codes and unit names only.
 */
export const caseNoticeIssuedV1 = defineEvent(
  'case.notice-issued',
  1,
  z.object({
    partnerId: z.string(),
    caseNumber: z.string(),
    externalId: z.string().optional(),
    sequence: z.number().int().min(2),
    previousAt: IsoDateTime,
    notice: NoticeType,
    status: CaseStatus,
    message: z.string().min(1),
  }),
);
export type CaseNoticeIssued = EventOf<typeof caseNoticeIssuedV1>;

/** What a partner's endpoint receives (Standard Webhooks payload: type, timestamp, data). */
export const CallbackNotice = z
  .object({
    type: NoticeType,
    timestamp: IsoDateTime,
    data: z.object({
      eventId: z.string().meta({ description: 'Also the `webhook-id` header: the same on every retry, so a receiver can drop repeats.' }),
      caseId: z.string(),
      caseNumber: z.string(),
      externalId: z.string().optional().meta({ description: 'The partner’s own id of the request, when it gave one.' }),
      sequence: z.number().int().positive().meta({ description: 'Per case, from 1 (accepted); notices of one case arrive in this order.' }),
      status: CaseStatus,
      message: z.string().meta({ description: 'A sentence for the citizen, in Chinese.' }),
      occurredAt: IsoDateTime,
    }),
  })
  .meta({
    id: 'CallbackNotice',
    example: {
      type: 'case.signed',
      timestamp: '2026-11-27T02:10:00.000Z',
      data: {
        eventId: '3f1c2a7e-8b1d-4c55-9a3e-1f0e2d3c4b5a',
        caseId: '0b6f3f7e-2a51-4c1e-9f3d-6c2b8a9d1e40',
        caseNumber: 'WH-20261127-000042',
        sequence: 4,
        status: 'signed',
        message: '海勃湾区住房和城乡建设局已签收您的诉求，正在办理。',
        occurredAt: '2026-11-27T02:09:58.412Z',
      },
    },
  });
export type CallbackNotice = z.infer<typeof CallbackNotice>;

export const CreateCallbackBody = z
  .object({
    url: z.url().max(2000).meta({ description: 'HTTPS (http://localhost or 127.0.0.1 only in the local system).' }),
    events: z.array(NoticeType).min(1).max(noticeTypes.length).optional().meta({ description: 'Notice types wanted; every type when omitted.' }),
    description: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: 'CreateCallback', example: { url: 'https://hotline.example.cn/govflow/notices', events: ['case.accepted', 'case.dispatched', 'case.resolved', 'case.closed'] } });
export type CreateCallbackBody = z.infer<typeof CreateCallbackBody>;

export const CallbackView = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(NoticeType),
    description: z.string().optional(),
    createdAt: IsoDateTime,
    /** Set when the endpoint answered 410 Gone: nothing more is sent to it. */
    disabled: z.object({ at: IsoDateTime, reason: z.string() }).optional(),
    /** When the signing secret was last rotated, and until when the previous one still signs too. */
    secretRotatedAt: IsoDateTime.optional(),
    previousSecretValidUntil: IsoDateTime.optional(),
  })
  .meta({ id: 'Callback' });
export type CallbackView = z.infer<typeof CallbackView>;

export const CallbackWithSecret = CallbackView.extend({
  secret: z.string().meta({ description: 'The signing secret (`whsec_` + base64), shown this once.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
}).meta({ id: 'CallbackWithSecret' });
export type CallbackWithSecret = z.infer<typeof CallbackWithSecret>;

export const CallbackList = z.object({ items: z.array(CallbackView) }).meta({ id: 'CallbackList' });

export const deliveryStates = ['failed'] as const;
export const DeliveryListQuery = z.object({ state: z.enum(deliveryStates) }).strict();

/** One case's notices to one endpoint that could not be delivered within the retry window (dead-lettered). */
export const DeliveryView = z
  .object({
    id: z.string(),
    callbackId: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    state: z.enum(['failed', 'pending']),
    attempts: z.number().int().nonnegative(),
    firstAttemptAt: IsoDateTime.optional(),
    lastAttemptAt: IsoDateTime.optional(),
    lastError: z.string().optional(),
    failedAt: IsoDateTime.optional(),
    notices: z.array(z.object({ eventId: z.string(), type: NoticeType, sequence: z.number().int(), status: CaseStatus, occurredAt: IsoDateTime })),
  })
  .meta({ id: 'Delivery' });
export type DeliveryView = z.infer<typeof DeliveryView>;

export const DeliveryList = z.object({ items: z.array(DeliveryView), nextCursor: z.string().optional() }).meta({ id: 'DeliveryList' });
