import { disputeStepEvents } from './disputes';
import type { Envelope } from './envelope';
import { workOrderStepEvents, type EventType } from './events';

/** The four stages; each has one queue (with a DLQ) and one table. */
export const stages = ['intake', 'dispatch', 'mediation', 'reporting'] as const;
export type Stage = (typeof stages)[number];

/**
 * Which stage's queue receives a copy of which event. Producers send each event to
 * every subscriber's queue; reporting receives everything.
 */
const workOrderSteps = workOrderStepEvents.map((e) => e.type);
const disputeSteps = [...new Set(disputeStepEvents.map((e) => e.type))];

export const subscriptions: Record<Stage, readonly EventType[]> = {
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
};

/** The events each stage produces (from its API, consumer or timed duties). Declared once: the queues a stage sends to follow. */
export const emissions: Record<Stage, readonly string[]> = {
  intake: ['case.received'],
  dispatch: ['case.classified', 'case.held-for-triage', 'workorder.dispatched', 'mediation.requested', ...workOrderSteps, 'workorder.supervised', 'case.linked-as-repeat'],
  mediation: disputeSteps,
  // Warnings are kept in reporting's own archive; no other stage takes them.
  reporting: ['warning.raised'],
};

/** The stages whose queues a stage sends to: those subscribed to anything it emits. */
export function sendsTo(stage: Stage): Stage[] {
  return stages.filter((other) => emissions[stage].some((type) => subscriptions[other].includes(type as EventType)));
}

/**
 * Of the types a stage takes, the events it has no use for: intake keeps citizens' cases
 * only, so a dispute registered directly at a centre (no case behind it) is not sent there.
 */
const uninterested: Partial<Record<Stage, (event: Pick<Envelope, 'type' | 'payload'>) => boolean>> = {
  intake: (event) => event.type.startsWith('mediation.') && ((event.payload as { source?: string } | undefined)?.source ?? 'case') !== 'case',
};

/** The stages an event is sent to. */
export function subscribersOf(event: Pick<Envelope, 'type' | 'payload'>): Stage[] {
  return stages.filter((stage) => subscriptions[stage].includes(event.type as EventType) && !uninterested[stage]?.(event));
}

/** Environment variable a function reads to find a stage's queue URL. */
export function queueUrlEnvName(stage: Stage): string {
  return `QUEUE_URL_${stage.toUpperCase()}`;
}
