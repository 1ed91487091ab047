import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps, type App, type CfnResource } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, ClientAttributes, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { queueUrlEnvName, stages, type QueueName, type RegionConfig, type Stage } from '@govflow/contracts';
import { authorizerEnvNames } from '@govflow/platform/authorizer';
import { keyPartition } from '@govflow/platform/keys';
import { consumedQueue, envNames, eventSources, functions, projectionOf, queues, routes, schedules, streamFilterPattern, streamSources, tables, type FunctionSpec } from './manifest';
import { governedFunction, logRetention } from './function';
import { ConsoleStack } from './console';
import { MonitoringStack } from './monitoring';
import { StorageStack } from './storage';

export { repositoryRoot } from './function';

/**
 * Acknowledges a cdk-nag finding on one construct, with the reason a reviewer reads.
 * Keep each call next to the construct it excuses.
 */
export function acknowledgeNag(construct: Construct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}

/**
 * What each function may do on its own table: the item calls the repositories make
 * (GetCommand, BatchGetCommand, QueryCommand, PutCommand, UpdateCommand, DeleteCommand,
 * and the Put/Update/Delete items of TransactWriteCommand), no scans, no table management.
 */
export const tableItemActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/** What a function that seals or reveals personal data may do with the region's KMS key: a data key a cold start, and unwrap. */
export const personalDataKeyActions = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

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

/** Queues with their dead-letter queues, and the region's secrets. */
export class MessagingStack extends Stack {
  readonly queues = {} as Record<QueueName, Queue>;
  readonly deadLetterQueues = {} as Record<QueueName, Queue>;
  readonly authSecret: Secret;
  readonly piiKey: Secret;
  /** Wraps the data keys of sealed personal data (`v2`, ADR 0013): used only by functions whose spec says `personalData`. */
  readonly personalDataKey: Key;

  constructor(scope: App, id: string, props: RegionStackProps) {
    super(scope, id, props);
    for (const spec of queues) {
      // High-throughput FIFO: deduplication and the throughput limit per message group (per case).
      const fifo = spec.fifo ? { fifo: true, deduplicationScope: DeduplicationScope.MESSAGE_GROUP, fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID } : {};
      const dlq = new Queue(this, `${spec.name}-dlq`, {
        ...fifo,
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      tagResource(dlq, { queue: spec.name, stage: spec.stage, role: 'dead-letter-queue' });
      const queue = new Queue(this, `${spec.name}-queue`, {
        ...fifo,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      });
      tagResource(queue, { queue: spec.name, stage: spec.stage, role: 'queue' });
      this.queues[spec.name] = queue;
      this.deadLetterQueues[spec.name] = dlq;
    }
    const hexKey = { passwordLength: 64, excludeUppercase: true, excludePunctuation: true, excludeCharacters: 'ghijklmnopqrstuvwxyz' };
    this.authSecret = new Secret(this, 'AuthSigningSecret', { description: 'Signs partner API keys', generateSecretString: hexKey });
    acknowledgeNag(
      this.authSecret,
      'AwsSolutions-SMG4',
      'Not rotated automatically: every partner key is an HMAC under this one secret (platform/src/auth.ts), so a scheduled rotation ' +
        'would void every partner key at once. Partner keys themselves are rotated one by one (npm run keys -- rotate, with a grace ' +
        'period) and revoked in the key store (ADR 0012); replacing this secret is a planned operation after reissuing every key.',
    );
    this.personalDataKey = new Key(this, 'PersonalDataKmsKey', {
      description: 'Wraps the data keys that seal personal data at rest (envelope encryption, ADR 0013)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.piiKey = new Secret(this, 'PersonalDataKey', { description: 'Keys the identity hashes of dispute parties; opens personal data sealed before KMS (v1)', generateSecretString: hexKey });
    acknowledgeNag(
      this.piiKey,
      'AwsSolutions-SMG4',
      'Not rotated automatically: sealed personal data (platform/src/pii.ts, `v1.<iv>.<tag>.<data>`) names no key, so a rotated key ' +
        'could not open anything stored before it; rotating needs a re-encryption of every table first. Access is limited to the service functions.',
    );
  }
}

interface ServiceStackProps extends RegionStackProps {
  stage: Stage;
  messaging: MessagingStack;
  storage: StorageStack;
}

/** One service: its table, its functions, the event-source mapping on its queue, its schedules. */
export class ServiceStack extends Stack {
  readonly functions = new Map<string, NodejsFunction>();
  readonly table: TableV2;

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
        projectionType: ProjectionType[projectionOf(g).type],
        nonKeyAttributes: projectionOf(g).nonKeyAttributes,
      })),
      ...(spec.stream ? { dynamoStream: StreamViewType[spec.stream] } : {}),
    });
    tagResource(table, { stage: props.stage });
    this.table = table;

    for (const fnSpec of functions.filter((f) => f.stage === props.stage)) {
      const fn = this.lambda(fnSpec, props, table.tableName);
      // Its own table and its indexes by name: no `index/*`, no table management calls.
      fn.addToRolePolicy(new PolicyStatement({ sid: 'OwnTableItems', actions: [...tableItemActions], resources: [table.tableArn] }));
      if (spec.globalIndexes.length > 0) {
        fn.addToRolePolicy(
          new PolicyStatement({ sid: 'OwnTableIndexQueries', actions: ['dynamodb:Query'], resources: spec.globalIndexes.map((g) => `${table.tableArn}/index/${g.name}`) }),
        );
      }
      props.messaging.piiKey.grantRead(fn);
      if (fnSpec.personalData) props.messaging.personalDataKey.grant(fn, ...personalDataKeyActions);
      for (const target of fnSpec.sendsTo) props.messaging.queues[target].grantSendMessages(fn);
      const consumed = consumedQueue(fnSpec.id);
      if (consumed) props.messaging.deadLetterQueues[consumed.name].grantSendMessages(fn);
      if (fnSpec.storage) props.storage.grant(fn, fnSpec.id, fnSpec.storage);
      this.functions.set(fnSpec.id, fn);
    }

    for (const source of eventSources.filter((s) => this.functions.has(s.functionId))) {
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
      tagResource(mapping, { queue: source.queue, stage: props.stage, function: source.functionId });
    }

    for (const source of streamSources.filter((s) => this.functions.has(s.functionId))) {
      const fn = this.functions.get(source.functionId)!;
      table.grantStreamRead(fn);
      // Retried until it succeeds (the default): a batch is never skipped, the fold takes each change once and the relay loses no event.
      const mapping = new EventSourceMapping(this, `${source.functionId}-stream`, {
        target: fn,
        eventSourceArn: table.tableStreamArn!,
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: source.batchSize,
        maxBatchingWindow: source.maxBatchingWindowSeconds > 0 ? Duration.seconds(source.maxBatchingWindowSeconds) : undefined,
        tumblingWindow: source.tumblingWindowSeconds ? Duration.seconds(source.tumblingWindowSeconds) : undefined,
        bisectBatchOnError: source.bisectBatchOnError,
        filters: [FilterCriteria.filter(streamFilterPattern(source))],
      });
      tagResource(mapping, { stage: props.stage, function: source.functionId });
    }

    for (const schedule of schedules.filter((s) => this.functions.has(s.functionId))) {
      new Rule(this, `${schedule.functionId}-schedule`, {
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaTarget(this.functions.get(schedule.functionId)!)],
      });
    }
  }

  /** A consumer's dead-letter queue (its queue's) and the receives before a message goes there. */
  private consumerEnvironment(spec: FunctionSpec, messaging: MessagingStack): Record<string, string> {
    const consumed = consumedQueue(spec.id);
    if (!consumed) return {};
    return { [envNames.deadLetterQueueUrl]: messaging.deadLetterQueues[consumed.name].queueUrl, [envNames.maxReceiveCount]: String(consumed.maxReceiveCount) };
  }

  private lambda(spec: FunctionSpec, props: ServiceStackProps, tableName: string): NodejsFunction {
    const fn = governedFunction(this, spec.id, {
      entry: spec.entry,
      timeoutSeconds: spec.timeoutSeconds,
      memoryMb: spec.memoryMb,
      nativeModules: spec.nativeModules,
      files: spec.files,
      region: props.region,
      environment: {
        [envNames.regionId]: props.region.id,
        [envNames.tableName]: tableName,
        [envNames.piiKeyArn]: props.messaging.piiKey.secretArn,
        ...(spec.personalData ? { [envNames.piiKmsKeyId]: props.messaging.personalDataKey.keyArn } : {}),
        ...(spec.storage ? { [envNames.uploadBucket]: props.storage.bucket.bucketName } : {}),
        POWERTOOLS_SERVICE_NAME: spec.stage,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...Object.fromEntries(spec.sendsTo.map((stage) => [queueUrlEnvName(stage), props.messaging.queues[stage].queueUrl])),
        ...this.consumerEnvironment(spec, props.messaging),
      },
    });
    tagResource(fn, { stage: spec.stage, function: spec.id });
    return fn;
  }
}

interface ApiStackProps extends RegionStackProps {
  services: Record<Stage, ServiceStack>;
  messaging: MessagingStack;
}

/**
 * API Gateway access-log line: who called which route, the answer and its timing. No path,
 * query or body (they can carry case ids and personal data); the caller (or why it was refused) comes from the authorizer.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTimeEpoch',
    sourceIp: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    partnerId: '$context.authorizer.partnerId',
    role: '$context.authorizer.role',
    credential: '$context.authorizer.credential',
    keyId: '$context.authorizer.keyId',
    refused: '$context.authorizer.refused',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The partner-facing HTTP API; each route goes to one manifest function. Every route but the
 * public ones passes the credentials authorizer first; the functions read the caller from its verdict.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly authorizerFunction: NodejsFunction;

  constructor(scope: App, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const api = new HttpApi(this, 'HttpApi', {
      description: `govflow partner API for ${props.region.name}`,
      createDefaultStage: false,
    });
    this.api = api;
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    // Every credential is checked here, once per Authorization value per 5 minutes (the cache): partner keys
    // by signature and their record in the key store, staff tokens by the issuer's JWKS. The functions read
    // the verdict from the request context. A revocation takes effect within the cache's TTL.
    const staff = props.region.staffIdentity ?? this.staffUserPool(props.region);
    const keysTable = props.services.intake.table;
    this.authorizerFunction = governedFunction(this, 'authorizer', {
      entry: 'platform/src/authorizer.ts',
      // API Gateway waits at most 10 s for an authorizer; a cold start reading the key store can take a few.
      timeoutSeconds: 10,
      memoryMb: 256,
      environment: {
        [envNames.regionId]: props.region.id,
        [envNames.authSecretArn]: props.messaging.authSecret.secretArn,
        [authorizerEnvNames.keysTableName]: keysTable.tableName,
        [authorizerEnvNames.tokenIssuer]: staff.issuer,
        [authorizerEnvNames.tokenAudience]: staff.audience,
        ...(staff.jwksUrl ? { [authorizerEnvNames.tokenJwksUrl]: staff.jwksUrl } : {}),
      },
    });
    props.messaging.authSecret.grantRead(this.authorizerFunction);
    // The key records only: one partition of intake's table, read item by item.
    this.authorizerFunction.addToRolePolicy(
      new PolicyStatement({
        sid: 'PartnerKeyRecords',
        actions: ['dynamodb:GetItem'],
        resources: [keysTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [keyPartition] } },
      }),
    );
    const authorizer = new HttpLambdaAuthorizer('credentials', this.authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.minutes(5),
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
      const [created] = api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer: route.public ? undefined : authorizer });
      tagResource(created!, { function: route.functionId });
      if (route.public) {
        acknowledgeNag(
          created!,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} has no gateway authorizer by design (manifest \`public\`): ${route.public.reason}`,
        );
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'KeysTableName', { value: keysTable.tableName, description: 'npm run keys -- … --table <this>' });
  }

  /**
   * The region's staff directory when it names no OIDC issuer of its own: administrators create
   * the users (no self sign-up) with their role and jurisdiction as custom attributes, which the
   * ID token carries as `custom:role`, `custom:departmentId` … (platform/src/tokens.ts reads both forms).
   */
  private staffUserPool(region: RegionConfig): { issuer: string; audience: string; jwksUrl?: string } {
    const pool = new UserPool(this, 'StaffUserPool', {
      userPoolName: `govflow-${region.id}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: AccountRecovery.NONE,
      // Staff hold personal data: compromised-credential and risky sign-in checks, enforced.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        role: new StringAttribute({ mutable: true }),
        departmentId: new StringAttribute({ mutable: true }),
        mediatorId: new StringAttribute({ mutable: true }),
        committeeId: new StringAttribute({ mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Staff may read their attributes but never write them: role and jurisdiction are the administrators'.
    const client = pool.addClient('console', {
      authFlows: { userSrp: true },
      generateSecret: false,
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
    });
    new CfnOutput(this, 'StaffUserPoolId', { value: pool.userPoolId });
    return { issuer: pool.userPoolProviderUrl, audience: client.userPoolClientId };
  }
}

/** Every stack of one region, named `govflow-<region>-…` so several regions share an account. */
export function buildRegionStacks(app: App, region: RegionConfig) {
  const prefix = `govflow-${region.id}`;
  const messaging = new MessagingStack(app, `${prefix}-messaging`, { region });
  const storage = new StorageStack(app, `${prefix}-storage`, { region });
  const services = {} as Record<Stage, ServiceStack>;
  for (const stage of stages) {
    services[stage] = new ServiceStack(app, `${prefix}-${stage}`, { region, stage, messaging, storage });
  }
  const api = new ApiStack(app, `${prefix}-api`, { region, services, messaging });
  const monitoring = new MonitoringStack(app, `${prefix}-monitoring`, { region, messaging, services, api });
  const console = new ConsoleStack(app, `${prefix}-console`, { region, api: api.api });
  return { messaging, storage, services, api, monitoring, console };
}
