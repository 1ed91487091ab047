import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, type App, type CfnResource } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, EventSourceMapping, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { queueUrlEnvName, stages, type RegionConfig, type Stage } from '@govflow/contracts';
import { envNames, eventSources, functions, queues, routes, schedules, tables, type FunctionSpec } from './manifest';

/** Repository root: function entries in the manifest are relative to it. */
export const repositoryRoot = join(import.meta.dirname, '..', '..');

/**
 * Metadata that names what a resource is in manifest terms, so a synthesized template
 * can be read back to the topology normal form (see template-topology.ts).
 */
export function tagResource(construct: Construct, facts: Record<string, string>): void {
  const resource = construct.node.defaultChild as CfnResource;
  for (const [key, value] of Object.entries(facts)) resource.addMetadata(`govflow:${key}`, value);
}

interface RegionStackProps extends StackProps {
  region: RegionConfig;
}

/** Queues with their dead-letter queues and alarms, and the region's secrets. */
export class MessagingStack extends Stack {
  readonly queues = {} as Record<Stage, Queue>;
  readonly deadLetterQueues = {} as Record<Stage, Queue>;
  readonly authSecret: Secret;
  readonly piiKey: Secret;
  readonly alarmTopic: Topic;

  constructor(scope: App, id: string, props: RegionStackProps) {
    super(scope, id, props);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `govflow ${props.region.id}: messages in a dead-letter queue` });
    for (const spec of queues) {
      const dlq = new Queue(this, `${spec.stage}-dlq`, {
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      tagResource(dlq, { stage: spec.stage, role: 'dead-letter-queue' });
      const queue = new Queue(this, `${spec.stage}-queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      });
      tagResource(queue, { stage: spec.stage, role: 'queue' });
      new Alarm(this, `${spec.stage}-dlq-alarm`, {
        alarmDescription: `Messages the ${spec.stage} service could not process are waiting in its dead-letter queue.`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.alarmTopic));
      this.queues[spec.stage] = queue;
      this.deadLetterQueues[spec.stage] = dlq;
    }
    const hexKey = { passwordLength: 64, excludeUppercase: true, excludePunctuation: true, excludeCharacters: 'ghijklmnopqrstuvwxyz' };
    this.authSecret = new Secret(this, 'AuthSigningSecret', { description: 'Signs partner API keys', generateSecretString: hexKey });
    this.piiKey = new Secret(this, 'PersonalDataKey', { description: 'Encrypts reporter phone numbers at rest', generateSecretString: hexKey });
  }
}

interface ServiceStackProps extends RegionStackProps {
  stage: Stage;
  messaging: MessagingStack;
}

/** One service: its table, its functions, the event-source mapping on its queue, its schedules. */
export class ServiceStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: App, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const spec = tables.find((t) => t.stage === props.stage)!;
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: spec.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: spec.globalIndexes.map((g) => ({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: AttributeType.STRING },
        sortKey: { name: g.sortKey, type: AttributeType.STRING },
        projectionType: g.keysOnly ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      })),
    });
    tagResource(table, { stage: props.stage });

    for (const fnSpec of functions.filter((f) => f.stage === props.stage)) {
      const fn = this.lambda(fnSpec, props, table.tableName);
      table.grantReadWriteData(fn);
      props.messaging.authSecret.grantRead(fn);
      props.messaging.piiKey.grantRead(fn);
      for (const target of fnSpec.sendsTo) props.messaging.queues[target].grantSendMessages(fn);
      if (fnSpec.role === 'consumer') props.messaging.deadLetterQueues[fnSpec.stage].grantSendMessages(fn);
      this.functions.set(fnSpec.id, fn);
    }

    for (const source of eventSources.filter((s) => s.queue === props.stage)) {
      const fn = this.functions.get(source.functionId)!;
      const queue = props.messaging.queues[source.queue];
      queue.grantConsumeMessages(fn);
      const mapping = new EventSourceMapping(this, `${source.functionId}-source`, {
        target: fn,
        eventSourceArn: queue.queueArn,
        batchSize: source.batchSize,
        maxBatchingWindow: source.maxBatchingWindowSeconds > 0 ? Duration.seconds(source.maxBatchingWindowSeconds) : undefined,
        reportBatchItemFailures: true,
      });
      tagResource(mapping, { stage: source.queue, function: source.functionId });
    }

    for (const schedule of schedules.filter((s) => this.functions.has(s.functionId))) {
      new Rule(this, `${schedule.functionId}-schedule`, {
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaTarget(this.functions.get(schedule.functionId)!)],
      });
    }
  }

  private lambda(spec: FunctionSpec, props: ServiceStackProps, tableName: string): NodejsFunction {
    const fn = new NodejsFunction(this, spec.id, {
      entry: join(repositoryRoot, spec.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      environment: {
        [envNames.regionId]: props.region.id,
        [envNames.tableName]: tableName,
        [envNames.authSecretArn]: props.messaging.authSecret.secretArn,
        [envNames.piiKeyArn]: props.messaging.piiKey.secretArn,
        POWERTOOLS_SERVICE_NAME: spec.stage,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...Object.fromEntries(spec.sendsTo.map((stage) => [queueUrlEnvName(stage), props.messaging.queues[stage].queueUrl])),
        ...(spec.role === 'consumer'
          ? {
              [envNames.deadLetterQueueUrl]: props.messaging.deadLetterQueues[spec.stage].queueUrl,
              [envNames.maxReceiveCount]: String(queues.find((q) => q.stage === spec.stage)!.maxReceiveCount),
            }
          : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); give ESM bundles one.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: [],
        // npm picks a native package's binary by these, not by the machine that bundles.
        ...(spec.nativeModules ? { nodeModules: [...spec.nativeModules], environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' } } : {}),
      },
    });
    tagResource(fn, { stage: spec.stage, function: spec.id });
    return fn;
  }
}

interface ApiStackProps extends RegionStackProps {
  services: Record<Stage, ServiceStack>;
}

/** The partner-facing HTTP API; each route goes to one manifest function. */
export class ApiStack extends Stack {
  constructor(scope: App, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const api = new HttpApi(this, 'HttpApi', {
      description: `govflow partner API for ${props.region.name}`,
      createDefaultStage: true,
    });
    const fnById = (functionId: string) => {
      for (const stage of stages) {
        const fn = props.services[stage].functions.get(functionId);
        if (fn) return fn;
      }
      throw new Error(`route names unknown function ${functionId}`);
    };
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of routes) {
      const integration = integrations.get(route.functionId) ?? new HttpLambdaIntegration(`${route.functionId}-integration`, fnById(route.functionId));
      integrations.set(route.functionId, integration);
      const [created] = api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      tagResource(created!, { function: route.functionId });
    }
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}

/** Every stack of one region, named `govflow-<region>-…` so several regions share an account. */
export function buildRegionStacks(app: App, region: RegionConfig) {
  const prefix = `govflow-${region.id}`;
  const messaging = new MessagingStack(app, `${prefix}-messaging`, { region });
  const services = {} as Record<Stage, ServiceStack>;
  for (const stage of stages) {
    services[stage] = new ServiceStack(app, `${prefix}-${stage}`, { region, stage, messaging });
  }
  const api = new ApiStack(app, `${prefix}-api`, { region, services });
  return { messaging, services, api };
}
