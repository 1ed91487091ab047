import type { CaseNoticeIssued } from './callbacks';
import { disputeStepEvents } from './disputes';
import type { Envelope } from './envelope';
import { workOrderStepEvents, type EventType } from './events';

/** The four stages; each has one table and a queue of its own (with a DLQ). */
export const stages = ['intake', 'dispatch', 'mediation', 'reporting'] as const;
export type Stage = (typeof stages)[number];

/**
 * Every queue (each with a DLQ): one per stage, and `callbacks`, the partner-notice
 * delivery's own queue (a consumer of intake's, so a slow partner never holds up a stage).
 */
export const queueNames = [...stages, 'callbacks'] as const;
export type QueueName = (typeof queueNames)[number];

/**
 * Queues whose consumer keeps one versioned item per case and hears several events about
 * it: FIFO, with the case as message group, so a case's events are never handled side by
 * side and never collide on its version (ADR 0015). Dispatch and mediation hear one event
 * per case; callbacks keep their own per-case delivery order.
 */
export const orderedQueues: readonly QueueName[] = ['intake', 'reporting'];

/** The stage whose functions consume each queue (and whose table they write). */
export const queueOwners: Record<QueueName, Stage> = { intake: 'intake', dispatch: 'dispatch', mediation: 'mediation', reporting: 'reporting', callbacks: 'intake' };

/**
 * Which queue receives a copy of which event. Producers send each event to every
 * subscriber's queue; reporting receives every fact of the pipeline; callbacks receives
 * what a partner is told (the accepted case, then intake's notices).
 */
const workOrderSteps = workOrderStepEvents.map((e) => e.type);
const disputeSteps = [...new Set(disputeStepEvents.map((e) => e.type))];

/** Every pipeline event, and intake's notices to partners (only the callbacks queue takes those). */
type RoutedType = EventType | CaseNoticeIssued['type'];

export const subscriptions: Record<QueueName, readonly RoutedType[]> = {
  intake: ['case.classified', 'case.held-for-triage', 'workorder.dispatched', ...workOrderSteps, 'workorder.supervised', 'case.linked-as-repeat', ...disputeSteps],
  dispatch: ['case.received'],
  mediation: ['mediation.requested'],
  reporting: [
    'case.received',
    'case.classified',
    'case.held-for-triage',
    'workorder.dispatched',
    'mediation.requested',
    ...workOrderSteps,
    'workorder.supervised',
    'case.linked-as-repeat',
    ...disputeSteps,
  ],
  callbacks: ['case.received', 'case.notice-issued'],
};

/** The events each stage produces (from its API, consumer or timed duties). Declared once: the queues a stage sends to follow. */
export const emissions: Record<Stage, readonly string[]> = {
  intake: ['case.received', 'case.notice-issued'],
  dispatch: ['case.classified', 'case.held-for-triage', 'workorder.dispatched', 'mediation.requested', ...workOrderSteps, 'workorder.supervised', 'case.linked-as-repeat'],
  mediation: disputeSteps,
  // Warnings are kept in reporting's own archive; no other stage takes them.
  reporting: ['warning.raised'],
};

/** The queues a stage sends to: those subscribed to anything it emits. */
export function sendsTo(stage: Stage): QueueName[] {
  return queueNames.filter((queue) => emissions[stage].some((type) => subscriptions[queue].includes(type as RoutedType)));
}

/**
 * Of the types a stage takes, the events it has no use for: intake keeps citizens' cases
 * only, so a dispute registered directly at a centre (no case behind it) is not sent there.
 */
const uninterested: Partial<Record<QueueName, (event: Pick<Envelope, 'type' | 'payload'>) => boolean>> = {
  intake: (event) => event.type.startsWith('mediation.') && ((event.payload as { source?: string } | undefined)?.source ?? 'case') !== 'case',
  // A case of a partner with no callback endpoint: nobody to tell that it was received.
  callbacks: (event) => event.type === 'case.received' && (event.payload as { partnerListens?: boolean } | undefined)?.partnerListens === false,
};

/** The queues an event is sent to. */
export function subscribersOf(event: Pick<Envelope, 'type' | 'payload'>): QueueName[] {
  return queueNames.filter((queue) => subscriptions[queue].includes(event.type as RoutedType) && !uninterested[queue]?.(event));
}

/** Environment variable a function reads to find a queue's URL. */
export function queueUrlEnvName(queue: QueueName): string {
  return `QUEUE_URL_${queue.toUpperCase()}`;
}
