import type { CaseStatus, NoticeType } from '@govflow/contracts';
import { retryDelayMs, type RetrySchedule } from './backoff';

/** One notice waiting to be delivered to one endpoint. */
export interface PendingNotice {
  eventId: string;
  type: NoticeType;
  sequence: number;
  status: CaseStatus;
  message: string;
  occurredAt: string;
  /** When notice `sequence - 1` happened (absent for the first, the acceptance). */
  previousAt?: string;
  /** A type the endpoint did not ask for: it keeps its place in the order and is passed over, not sent. */
  silent?: boolean;
}

/**
 * The delivery of one case's notices to one endpoint: strictly in sequence order, so a
 * notice waits while the one before it is missing (not yet arrived) or failing.
 */
export interface DeliveryStream {
  endpointId: string;
  partnerId: string;
  caseId: string;
  caseNumber: string;
  externalId?: string;
  /** The sequence to deliver next; 0 until the stream knows where it starts. */
  next: number;
  /** Notices not yet delivered, in sequence order; the head is the one being tried. */
  queue: PendingNotice[];
  /** Failed attempts at the head so far, the first and last of them, and why the last failed. */
  attempts: number;
  firstAttemptAt?: string;
  lastAttemptAt?: string;
  lastError?: string;
  /** Since when the head has waited for a missing earlier notice. */
  waitingSince?: string;
  /** When the retry sweep should look at this stream again (absent: nothing to do). */
  retryAt?: string;
  /** Dead-lettered: nothing more is tried until the partner asks for a redelivery. */
  failedAt?: string;
  version: number;
}

export interface StreamContext {
  now: Date;
  /** When the endpoint was registered: notices that happened before it are not owed to it. */
  endpointCreatedAt: string;
  /** How long a notice waits for a missing earlier one before it is sent anyway. */
  gapWaitMs: number;
}

export type AttemptOutcome = { kind: 'delivered' } | { kind: 'failed'; error: string } | { kind: 'gone' };

const iso = (d: Date) => d.toISOString();
const later = (d: Date, ms: number) => new Date(d.getTime() + ms).toISOString();

/** The first notice this endpoint is owed for the case: the acceptance, or the first after the endpoint was registered. */
function opensStream(notice: PendingNotice, endpointCreatedAt: string): boolean {
  return notice.sequence === 1 || (notice.previousAt !== undefined && notice.previousAt < endpointCreatedAt);
}

function inOrder(stream: DeliveryStream, head: PendingNotice, ctx: StreamContext): boolean {
  return stream.next === 0 ? opensStream(head, ctx.endpointCreatedAt) : head.sequence === stream.next;
}

function gapExpired(stream: DeliveryStream, ctx: StreamContext): boolean {
  return stream.waitingSince !== undefined && ctx.now.getTime() - Date.parse(stream.waitingSince) >= ctx.gapWaitMs;
}

/** The notice to try now, if any: the head, when it is next in order (or waited long enough for a missing one) and not backing off. */
export function sendable(stream: DeliveryStream, ctx: StreamContext): PendingNotice | undefined {
  const head = stream.queue[0];
  if (!head || stream.failedAt) return undefined;
  if (!inOrder(stream, head, ctx) && !gapExpired(stream, ctx)) return undefined;
  if (stream.attempts > 0 && stream.retryAt !== undefined && stream.retryAt > iso(ctx.now)) return undefined;
  return head;
}

/** Sets when the sweep should look again: a failing head's retry time, or the end of a wait for a missing notice. */
function scheduled(stream: DeliveryStream, ctx: StreamContext): DeliveryStream {
  const next = { ...stream };
  const head = next.queue[0];
  if (!head || next.failedAt) {
    delete next.retryAt;
    delete next.waitingSince;
    return next;
  }
  if (inOrder(next, head, ctx)) delete next.waitingSince;
  else next.waitingSince ??= iso(ctx.now);
  if (next.attempts === 0) {
    if (next.waitingSince) next.retryAt = later(new Date(next.waitingSince), ctx.gapWaitMs);
    else next.retryAt = iso(ctx.now);
  }
  return next;
}

export interface NewStreamFields {
  endpointId: string;
  partnerId: string;
  caseId: string;
  caseNumber: string;
  externalId?: string;
}

/**
 * Adds an arriving notice to the stream (creating it). Returns undefined when it changes
 * nothing: a notice delivered or queued already (at-least-once delivery repeats them).
 */
export function offer(stream: DeliveryStream | undefined, fields: NewStreamFields, notice: PendingNotice, ctx: StreamContext): DeliveryStream | undefined {
  const current: DeliveryStream = stream ?? { ...fields, next: 0, queue: [], attempts: 0, version: 0 };
  if (current.next !== 0 && notice.sequence < current.next) return undefined;
  if (current.queue.some((n) => n.sequence === notice.sequence)) return undefined;
  const queue = [...current.queue, notice].sort((a, b) => a.sequence - b.sequence);
  const headChanged = queue[0]!.sequence !== current.queue[0]?.sequence;
  // A new head (an earlier notice arrived) starts with a clean slate of attempts.
  const next = headChanged ? { ...current, queue, attempts: 0, firstAttemptAt: undefined, lastError: undefined } : { ...current, queue };
  return scheduled(next, ctx);
}

/** Records the outcome of an attempt at notice `eventId`; undefined when it is no longer the head (someone else delivered it). */
export function recordAttempt(
  stream: DeliveryStream,
  eventId: string,
  outcome: AttemptOutcome,
  ctx: StreamContext & { schedule: RetrySchedule; random: number },
): DeliveryStream | undefined {
  const head = stream.queue[0];
  if (!head || head.eventId !== eventId) return undefined;
  const now = iso(ctx.now);
  if (outcome.kind === 'delivered') {
    const next: DeliveryStream = { ...stream, queue: stream.queue.slice(1), next: head.sequence + 1, attempts: 0 };
    for (const key of ['firstAttemptAt', 'lastAttemptAt', 'lastError', 'waitingSince', 'retryAt'] as const) delete next[key];
    return scheduled(next, ctx);
  }
  const attempts = stream.attempts + 1;
  const firstAttemptAt = stream.firstAttemptAt ?? now;
  const base = { ...stream, attempts, firstAttemptAt, lastAttemptAt: now };
  if (outcome.kind === 'gone') return scheduled({ ...base, lastError: 'HTTP 410 Gone: endpoint disabled', failedAt: now }, ctx);
  if (ctx.now.getTime() - Date.parse(firstAttemptAt) >= ctx.schedule.giveUpAfterMs && attempts >= ctx.schedule.minAttempts) {
    return scheduled({ ...base, lastError: outcome.error, failedAt: now }, ctx);
  }
  return { ...base, lastError: outcome.error, retryAt: later(ctx.now, retryDelayMs(ctx.schedule, attempts, ctx.random)) };
}

/** Parks a stream in the dead-letter list without an attempt (its endpoint was disabled). */
export function deadLetter(stream: DeliveryStream, reason: string, ctx: StreamContext): DeliveryStream {
  return scheduled({ ...stream, lastError: reason, failedAt: iso(ctx.now) }, ctx);
}

/** The partner asked for a dead-lettered stream again: its head is tried at once, with a fresh retry window. */
export function redeliver(stream: DeliveryStream, ctx: StreamContext): DeliveryStream {
  const next: DeliveryStream = { ...stream, attempts: 0 };
  for (const key of ['failedAt', 'firstAttemptAt', 'waitingSince'] as const) delete next[key];
  // Whatever earlier notice it waited for is given up on: the partner wants what is there.
  next.next = next.queue[0]?.sequence ?? next.next;
  return scheduled(next, ctx);
}
