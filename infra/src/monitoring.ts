import { CfnOutput, Duration, Stack, type App, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  TextWidget,
  TreatMissingData,
  type IMetric,
  type Metric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { queueNames, stages, type QueueName, type RegionConfig, type Stage } from '@govflow/contracts';
import { queues, streamSources } from './manifest';
import type { ApiStack, MessagingStack, ServiceStack } from './stacks';

/** How long a metric is summed or maxed for one alarm evaluation. */
export const alarmPeriod = Duration.minutes(5);

/**
 * Alarm thresholds, derived from the manifest where there is something to derive from.
 * - A queue's oldest message: a message that is only being retried leaves the queue for its
 *   DLQ after maxReceiveCount × visibility timeout; older than that means consumption stalled.
 * - A DLQ's oldest message: three days before the queue's retention would drop it.
 * - Function errors and throttles, API 5xx, DLQ depth: any at all (> 0).
 * - A stream reader's iterator age: fifteen minutes, far beyond its batching window and far
 *   within the stream's 24 hours (a record older than that is gone, and its change with it).
 */
export const iteratorAgeThresholdMs = 15 * 60_000;
export function queueAgeThresholdSeconds(queue: QueueName): number {
  const spec = queues.find((q) => q.name === queue)!;
  return spec.maxReceiveCount * spec.visibilityTimeoutSeconds;
}
export function deadLetterAgeThresholdSeconds(queue: QueueName): number {
  const spec = queues.find((q) => q.name === queue)!;
  return (spec.retentionDays - 3) * 24 * 3600;
}

interface MonitoringStackProps extends StackProps {
  region: RegionConfig;
  messaging: MessagingStack;
  services: Record<Stage, ServiceStack>;
  api: ApiStack;
}

/**
 * The region's alarms, all to one SNS topic (TLS only), and its dashboard: queues and their
 * DLQs, every function (the API authorizer included) and the API.
 */
export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: App, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `govflow ${props.region.id} alarms`, enforceSSL: true });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe the on-call rota here' });
    const action = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, metric: Metric, threshold: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    const { messaging, services, api } = props;
    for (const name of queueNames) {
      const queue = messaging.queues[name];
      const dlq = messaging.deadLetterQueues[name];
      alarm(`${name}-dlq-depth`, dlq.metricApproximateNumberOfMessagesVisible({ period: alarmPeriod, statistic: 'Maximum' }), 0, `Messages the ${name} queue's consumer could not process are waiting in its dead-letter queue (npm run dlq).`);
      const dlqAge = deadLetterAgeThresholdSeconds(name);
      alarm(`${name}-dlq-age`, dlq.metricApproximateAgeOfOldestMessage({ period: alarmPeriod, statistic: 'Maximum' }), dlqAge, `A message has waited more than ${dlqAge / 86400} days in the ${name} dead-letter queue; retention will drop it soon.`);
      const age = queueAgeThresholdSeconds(name);
      alarm(`${name}-queue-age`, queue.metricApproximateAgeOfOldestMessage({ period: alarmPeriod, statistic: 'Maximum' }), age, `The ${name} queue's oldest message is older than ${age} s: its consumer is not keeping up or not running.`);
    }

    const allFunctions: [string, IFunction][] = [...stages.flatMap((stage) => [...services[stage].functions.entries()]), ['api-authorizer', api.authorizerFunction]];
    for (const [functionId, fn] of allFunctions) {
      alarm(`${functionId}-errors`, fn.metricErrors({ period: alarmPeriod, statistic: 'Sum' }), 0, `The ${functionId} function failed (an invocation error, not a handled 4xx).`);
      alarm(`${functionId}-throttles`, fn.metricThrottles({ period: alarmPeriod, statistic: 'Sum' }), 0, `The ${functionId} function was throttled: raise its concurrency or the account limit.`);
    }
    for (const source of streamSources) {
      const fn = services[source.stage].functions.get(source.functionId)!;
      alarm(`${source.functionId}-iterator-age`, fn.metric('IteratorAge', { period: alarmPeriod, statistic: 'Maximum' }), iteratorAgeThresholdMs, `The ${source.functionId} function is more than ${iteratorAgeThresholdMs / 60_000} min behind its table's stream: events or figures lag, and records older than 24 h leave the stream.`);
    }
    alarm('api-5xx', api.api.metricServerError({ period: alarmPeriod, statistic: 'Sum' }), 0, 'The partner API answered 5xx: bad input must be a 4xx, so any 5xx is a fault.');

    const graph = (title: string, metrics: IMetric[], width = 8) => new GraphWidget({ title, left: metrics, width, height: 6 });
    const queueMetrics = (pick: (queue: QueueName) => IMetric) => queueNames.map(pick);
    const fnMetrics = (pick: (fn: IFunction, id: string) => IMetric) => allFunctions.map(([id, fn]) => pick(fn, id));
    const minute = Duration.minutes(1);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `govflow-${props.region.id}` });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# govflow ${props.region.name} (${props.region.id})\nAlarms go to the region's alarm topic; dead letters: \`npm run dlq\`.`, width: 24, height: 2 }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [api.api.metricCount({ period: minute, statistic: 'Sum' }), api.api.metricClientError({ period: minute, statistic: 'Sum' }), api.api.metricServerError({ period: minute, statistic: 'Sum' })]),
      graph('API latency p50 / p99 (ms)', [api.api.metricLatency({ period: minute, statistic: 'p50' }), api.api.metricLatency({ period: minute, statistic: 'p99' })]),
      graph('API integration latency p99 (ms)', [api.api.metricIntegrationLatency({ period: minute, statistic: 'p99' })]),
    );
    this.dashboard.addWidgets(
      graph('Queue depth (visible)', queueMetrics((s) => messaging.queues[s].metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum', label: s }))),
      graph('Dead-letter queue depth', queueMetrics((s) => messaging.deadLetterQueues[s].metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum', label: `${s} DLQ` }))),
      graph('Oldest message age (s)', queueMetrics((s) => messaging.queues[s].metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum', label: s }))),
    );
    // How far each table-stream reader is behind its stream (the fold's figures lag by this much).
    this.dashboard.addWidgets(
      graph('Stream readers behind (ms)', streamSources.map((source) => services[source.stage].functions.get(source.functionId)!.metric('IteratorAge', { period: minute, statistic: 'Maximum', label: source.functionId })), 24),
    );
    this.dashboard.addWidgets(
      graph('Function errors', fnMetrics((fn, id) => fn.metricErrors({ period: minute, statistic: 'Sum', label: id })), 6),
      graph('Function throttles', fnMetrics((fn, id) => fn.metricThrottles({ period: minute, statistic: 'Sum', label: id })), 6),
      graph('Function duration p99 (ms)', fnMetrics((fn, id) => fn.metricDuration({ period: minute, statistic: 'p99', label: id })), 6),
      graph('Function duration average (ms)', fnMetrics((fn, id) => fn.metricDuration({ period: minute, statistic: 'Average', label: id })), 6),
    );
  }
}
