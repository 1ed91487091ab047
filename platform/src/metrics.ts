import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Envelope } from '@govflow/contracts';

/**
 * What operators watch, as CloudWatch embedded metrics (one JSON log line, no API call):
 * cases received and dispatched, how long dispatch took, write conflicts retried, and
 * messages parked in a dead-letter queue. Namespace `govflow`, dimension `service`.
 * Counted where events leave a function (at least once: a resent event counts again).
 */
export const operatorMetrics = {
  casesReceived: 'CasesReceived',
  casesDispatched: 'CasesDispatched',
  timeToDispatch: 'TimeToDispatch',
  writeConflicts: 'WriteConflicts',
  deadLettered: 'DeadLettered',
} as const;

/** The part of Powertools' `Metrics` the system uses. */
export interface OperatorMetrics {
  addMetric(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): unknown;
  hasStoredMetrics(): boolean;
  publishStoredMetrics(): unknown;
}

/** A service's metrics; `POWERTOOLS_METRICS_DISABLED=true` (the local system's default) keeps them quiet. */
export function serviceMetrics(serviceName: string): OperatorMetrics {
  return new Metrics({ namespace: 'govflow', serviceName });
}

/** Counts the events a function has just sent: received and dispatched cases. */
export function countSent(metrics: OperatorMetrics, events: readonly Envelope[]): void {
  for (const event of events) {
    if (event.type === 'case.received') metrics.addMetric(operatorMetrics.casesReceived, MetricUnit.Count, 1);
    if (event.type === 'workorder.dispatched') metrics.addMetric(operatorMetrics.casesDispatched, MetricUnit.Count, 1);
  }
}

/** Time from a case's arrival to its dispatch, when `handled` is the case arriving and `emitted` holds its dispatch. */
export function countDispatchTime(metrics: OperatorMetrics, handled: Envelope, emitted: readonly Envelope[]): void {
  if (handled.type !== 'case.received') return;
  const dispatched = emitted.find((e) => e.type === 'workorder.dispatched');
  if (dispatched) metrics.addMetric(operatorMetrics.timeToDispatch, MetricUnit.Milliseconds, Date.parse(dispatched.occurredAt) - Date.parse(handled.occurredAt));
}

/** Writes what was counted (one log line), if anything was. */
export function flushMetrics(metrics: OperatorMetrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
