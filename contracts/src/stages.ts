import { workOrderStepEvents, type EventType } from './events';

/** The four stages; each has one queue (with a DLQ) and one table. */
export const stages = ['intake', 'dispatch', 'mediation', 'reporting'] as const;
export type Stage = (typeof stages)[number];

/**
 * Which stage's queue receives a copy of which event. Producers send each event to
 * every subscriber's queue; reporting receives everything.
 */
const workOrderSteps = workOrderStepEvents.map((e) => e.type);

export const subscriptions: Record<Stage, readonly EventType[]> = {
  intake: ['case.classified', 'case.held-for-triage', 'workorder.dispatched', 'mediation.opened', ...workOrderSteps, 'workorder.supervised', 'case.linked-as-repeat'],
  dispatch: ['case.received'],
  mediation: ['mediation.requested'],
  reporting: [
    'case.received',
    'case.classified',
    'case.held-for-triage',
    'workorder.dispatched',
    'mediation.requested',
    'mediation.opened',
    ...workOrderSteps,
    'workorder.supervised',
    'case.linked-as-repeat',
  ],
};

export function subscribersOf(type: EventType): Stage[] {
  return stages.filter((stage) => subscriptions[stage].includes(type));
}

/** Environment variable a function reads to find a stage's queue URL. */
export function queueUrlEnvName(stage: Stage): string {
  return `QUEUE_URL_${stage.toUpperCase()}`;
}
