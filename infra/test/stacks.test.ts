import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { queueNames, stages } from '@govflow/contracts';
import { compiledRegionFile, loadRegion, parseRegion } from '@govflow/regions';
import { compiledRegionPath } from '../src/function';
import { buildRegionApp } from '../src/app';
import { functions, queues, routes, streamSources } from '../src/manifest';
import { alarmPeriod, deadLetterAgeThresholdSeconds, queueAgeThresholdSeconds } from '../src/monitoring';
import { personalDataKeyActions, tableItemActions } from '../src/stacks';
import { normalizeTopology } from '../src/topology';
import { topologyFromAssembly, topologyFromManifest } from '../src/template-topology';

const region = loadRegion('wuhai');
// Synthesize without esbuild: these tests check the topology, not the bundles.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const built = buildRegionApp(app, region);
const messaging = Template.fromStack(built.messaging);
const api = Template.fromStack(built.api);
const monitoring = Template.fromStack(built.monitoring);
const service = Object.fromEntries(stages.map((s) => [s, Template.fromStack(built.services[s])]));

describe('messaging stack', () => {
  it('has a queue and a dead-letter queue per stage and for callbacks, with the manifest redrive', () => {
    messaging.resourceCountIs('AWS::SQS::Queue', queueNames.length * 2);
    for (const spec of queues) {
      messaging.hasResource('AWS::SQS::Queue', {
        Metadata: { 'govflow:queue': spec.name, 'govflow:stage': spec.stage, 'govflow:role': 'queue' },
        Properties: Match.objectLike({
          VisibilityTimeout: spec.visibilityTimeoutSeconds,
          RedrivePolicy: Match.objectLike({ maxReceiveCount: spec.maxReceiveCount }),
          SqsManagedSseEnabled: true,
        }),
      });
    }
  });

  it('keeps the alarms elsewhere (monitoring stack)', () => {
    messaging.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('service stacks', () => {
  it('each own one on-demand table with point-in-time recovery', () => {
    for (const stage of stages) {
      service[stage]!.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      service[stage]!.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    }
  });

  it('stream each table to its relay, filtered on the events a write stored, and reporting’s records to the fold (ADR 0022, 0023)', () => {
    for (const stage of stages) {
      service[stage]!.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        StreamSpecification: { StreamViewType: stage === 'reporting' ? 'NEW_IMAGE' : 'NEW_AND_OLD_IMAGES' },
      });
      // The filter names the typed leaf (`B`): Lambda's `exists` matches a primitive value, not a map.
      service[stage]!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 100,
        StartingPosition: 'TRIM_HORIZON',
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { outbox: { B: [{ exists: true }] } } } }) }] },
        MaximumBatchingWindowInSeconds: Match.absent(),
        TumblingWindowInSeconds: Match.absent(),
        BisectBatchOnFunctionError: Match.absent(),
      });
    }
    service.reporting!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      TumblingWindowInSeconds: 900,
      BisectBatchOnFunctionError: true,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: ['RECORD'] } } } }) }] },
    });
  });

  it('run every manifest function on nodejs24.x with its environment', () => {
    for (const fn of functions) {
      const env: Record<string, unknown> = { REGION_ID: region.id, TABLE_NAME: Match.anyValue(), PII_KEY_ARN: Match.anyValue() };
      for (const target of fn.sendsTo) env[`QUEUE_URL_${target.toUpperCase()}`] = Match.anyValue();
      service[fn.stage]!.hasResource('AWS::Lambda::Function', {
        Metadata: Match.objectLike({ 'govflow:function': fn.id }),
        Properties: Match.objectLike({ Runtime: 'nodejs24.x', Handler: 'index.handler', Environment: { Variables: Match.objectLike(env) } }),
      });
    }
    // The partner-key signing secret is the authorizer's alone: the functions read the caller from its verdict.
    for (const stage of stages) expect(JSON.stringify(service[stage]!.findResources('AWS::Lambda::Function'))).not.toContain('AUTH_SECRET');
  });

  it('report partial batch failures on every event-source mapping', () => {
    for (const stage of stages) {
      service[stage]!.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    }
  });

  it('let a function write only its own table', () => {
    for (const stage of stages) {
      const template = service[stage]!.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      const tableIds = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::GlobalTable').map(([id]) => id);
      const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
      const text = JSON.stringify(policies);
      for (const id of tableIds) expect(text).toContain(id);
      // Other stacks' tables can only be reached through a cross-stack import, and no policy imports one.
      expect(text).not.toMatch(/ImportValue[^}]*Table/);
    }
  });

  it('give each function its own role with no AWS managed policy, writing only its own log group', () => {
    for (const stage of stages) {
      const roles = service[stage]!.findResources('AWS::IAM::Role');
      expect(Object.keys(roles)).toHaveLength(functions.filter((f) => f.stage === stage).length);
      for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      service[stage]!.resourceCountIs('AWS::Logs::LogGroup', functions.filter((f) => f.stage === stage).length);
      service[stage]!.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
    }
  });

  it('grant item actions on the own table and queries on its indexes by name, without wildcards', () => {
    // The only wildcards: objects under a key prefix of the upload bucket (storage stack tests).
    const storageSids = new Set(['SignUploads', 'LinkUploads', 'OwnFiles', 'EraseFiles']);
    for (const stage of stages) {
      const policies = service[stage]!.findResources('AWS::IAM::Policy') as Record<string, { Properties: { PolicyDocument: { Statement: { Sid?: string }[] } } }>;
      const withoutStorage = Object.values(policies).map((p) => p.Properties.PolicyDocument.Statement.filter((st) => !storageSids.has(st.Sid ?? '')));
      const text = JSON.stringify(withoutStorage);
      expect(text).not.toContain('*');
      expect(text).not.toContain('dynamodb:Scan');
      expect(text).not.toContain('dynamodb:DeleteTable');
      service[stage]!.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'OwnTableItems', Action: [...tableItemActions] })]) },
      });
    }
    service.dispatch!.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'OwnTableIndexQueries', Action: 'dynamodb:Query', Resource: Match.arrayWith([{ 'Fn::Join': ['', [Match.anyValue(), '/index/triage']] }]) }),
        ]),
      },
    });
  });
});

describe('personal-data KMS key', () => {
  type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }>;
  /** Function ids whose role's policies allow `action`, and those whose environment names the key. */
  function holders(action: string) {
    const granted = new Set<string>();
    const named = new Set<string>();
    for (const stage of stages) {
      const resources = (service[stage]!.toJSON() as { Resources: Resources }).Resources;
      const roleOf = new Map<string, string>();
      for (const r of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
        const id = r.Metadata!['govflow:function']!;
        roleOf.set((r.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!, id);
        if ((r.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PII_KMS_KEY_ID) named.add(id);
      }
      for (const policy of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
        const statements = (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement;
        if (!statements.some((st) => [st.Action].flat().includes(action))) continue;
        for (const role of policy.Properties.Roles as { Ref: string }[]) granted.add(roleOf.get(role.Ref)!);
      }
    }
    return { granted, named };
  }

  it('is one key per region, rotated, kept when the stack goes', () => {
    messaging.resourceCountIs('AWS::KMS::Key', 1);
    messaging.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
  });

  it('is granted (GenerateDataKey, Decrypt) to exactly the functions that seal or reveal, and named only in their environment', () => {
    const expected = functions.filter((f) => f.personalData).map((f) => f.id).sort();
    expect(expected).toEqual(['intake-api', 'intake-callback-retries', 'intake-callbacks', 'mediation-api', 'mediation-consumer', 'mediation-duties']);
    for (const action of personalDataKeyActions) {
      const { granted, named } = holders(action);
      expect([...granted].sort()).toEqual(expected);
      expect([...named].sort()).toEqual(expected);
    }
    expect(holders('kms:Encrypt').granted.size).toBe(0);
    expect(JSON.stringify(api.findResources('AWS::IAM::Policy'))).not.toContain('kms:');
  });
});

describe('storage stack', () => {
  const storage = Template.fromStack(built.storage);

  it('keeps uploads in a private, encrypted, TLS-only bucket with access logs', () => {
    storage.hasResource('AWS::S3::Bucket', {
      Metadata: Match.objectLike({ 'govflow:role': 'upload-bucket' }),
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'uploads/' }),
      }),
    });
    storage.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('aborts stale multipart uploads and deletes unlinked uploads after a day', () => {
    storage.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 1, Status: 'Enabled' }),
        ]),
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT', 'GET', 'HEAD'] })] },
    });
  });

  it('grants each storage function objects under its prefixes only, and names the bucket in its environment', () => {
    for (const fn of functions.filter((f) => f.storage)) {
      const template = service[fn.stage]!;
      const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': Match.stringLikeRegexp('Uploads') }, `/${prefix}/*`]] });
      const statements = [
        ...(fn.storage!.issuesUploads ? [Match.objectLike({ Sid: 'SignUploads', Action: 's3:PutObject', Resource: objectsUnder('incoming') })] : []),
        ...(fn.storage!.links
          ? [
              Match.objectLike({ Sid: 'LinkUploads', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: objectsUnder('incoming') }),
              Match.objectLike({ Sid: 'OwnFiles', Action: ['s3:GetObject', 's3:PutObject'], Resource: objectsUnder(fn.storage!.links) }),
            ]
          : []),
        ...(fn.storage!.erases ? [Match.objectLike({ Sid: 'EraseFiles', Action: 's3:DeleteObject', Resource: objectsUnder(fn.storage!.erases) })] : []),
      ];
      template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith(statements) } });
      template.hasResource('AWS::Lambda::Function', {
        Metadata: Match.objectLike({ 'govflow:function': fn.id }),
        Properties: Match.objectLike({ Environment: { Variables: Match.objectLike({ UPLOAD_BUCKET: Match.anyValue() }) } }),
      });
    }
    const text = JSON.stringify(Object.values(service).map((t) => t.findResources('AWS::IAM::Policy')));
    expect(text).not.toContain('s3:ListBucket');
    // The erasures delete files of their own prefix and read or write nothing in the bucket.
    const erased = { 'intake-erasure': 'cases', 'dispatch-erasure': 'workorders', 'mediation-erasure': 'disputes' };
    for (const [id, prefix] of Object.entries(erased)) expect(functions.find((f) => f.id === id)!.storage).toEqual({ erases: prefix });
    expect(text).not.toContain('"s3:*"');
  });
});

describe('API stack', () => {
  it('has exactly the manifest routes', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    for (const route of routes) api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
  });

  it('has one cached REQUEST authorizer on the Authorization header, run by a platform function', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    });
    api.hasResource('AWS::Lambda::Function', {
      Properties: Match.objectLike({
        Runtime: 'nodejs24.x',
        Environment: {
          Variables: Match.objectLike({ AUTH_SECRET_ARN: Match.anyValue(), KEYS_TABLE_NAME: Match.anyValue(), TOKEN_ISSUER: Match.anyValue(), TOKEN_AUDIENCE: Match.anyValue() }),
        },
      }),
    });
    // The authorizer holds the signing secret only, never the personal-data key.
    expect(JSON.stringify(api.findResources('AWS::Lambda::Function'))).not.toContain('PII_KEY');
  });

  it('lets the authorizer read the key records of intake\'s table, item by item, and nothing else there', () => {
    const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('"dynamodb:LeadingKeys":["partner-keys"]');
    const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap((p) => (p.Properties.PolicyDocument.Statement as { Action: unknown; Sid?: string }[]));
    const onTable = statements.filter((st) => JSON.stringify(st.Action).includes('dynamodb:'));
    expect(onTable).toEqual([expect.objectContaining({ Sid: 'PartnerKeyRecords', Action: 'dynamodb:GetItem' })]);
  });

  it('signs staff in with a Cognito user pool when the region names no OIDC issuer: MFA, no self sign-up, role claims only administrators set', () => {
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
      Schema: Match.arrayWith([Match.objectLike({ Name: 'role', Mutable: true })]),
    });
    const clients = Object.values(api.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(JSON.stringify(clients[0]!.Properties.WriteAttributes)).not.toContain('custom:');
  });

  it('uses the region\'s own OIDC issuer instead, where it names one', () => {
    const withIssuer = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = buildRegionApp(withIssuer, { ...region, staffIdentity: { issuer: 'https://sso.example.gov.cn/realms/wuhai', audience: 'govflow' } });
    const template = Template.fromStack(stacks.api);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TOKEN_ISSUER: 'https://sso.example.gov.cn/realms/wuhai', TOKEN_AUDIENCE: 'govflow' }) },
    });
  });

  it('puts the authorizer on every route but the public ones', () => {
    const found = api.findResources('AWS::ApiGatewayV2::Route');
    const byKey = new Map(Object.values(found).map((r) => [r.Properties.RouteKey as string, r.Properties as Record<string, unknown>]));
    const publicRoutes = routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    // The API description, and Open311's routes, whose key travels in a form or query field (ADR 0007).
    expect(publicRoutes.filter((r) => !r.includes(' /open311/v2/'))).toEqual(['GET /v1/openapi.json']);
    expect(publicRoutes.filter((r) => r.includes(' /open311/v2/'))).toHaveLength(9);
    for (const route of routes) {
      const props = byKey.get(`${route.method} ${route.path}`)!;
      if (route.public) expect(props.AuthorizationType ?? 'NONE').toBe('NONE');
      else expect(props).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything() });
    }
  });

  it('writes access logs from its default stage to a log group kept six months', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"') },
    });
    api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });
});

describe('monitoring stack', () => {
  const functionCount = functions.length + 1; // the manifest's and the API authorizer
  const alarmsOn = (metricName: string) =>
    Object.values(monitoring.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } })).map((r) => r.Properties as Record<string, unknown>);

  it('has one SNS topic that refuses plain HTTP, and every alarm notifies it', () => {
    monitoring.resourceCountIs('AWS::SNS::Topic', 1);
    monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    const topicId = Object.keys(monitoring.findResources('AWS::SNS::Topic'))[0]!;
    const alarms = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(queueNames.length * 3 + functionCount * 2 + streamSources.length + 1);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('alarms when a stream reader falls fifteen minutes behind', () => {
    const age = alarmsOn('IteratorAge');
    expect(age).toHaveLength(streamSources.length);
    expect(age[0]).toMatchObject({ Threshold: 900_000, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Namespace: 'AWS/Lambda' });
  });

  it('alarms on dead-letter depth > 0 and on the oldest message of every queue and DLQ', () => {
    const depth = alarmsOn('ApproximateNumberOfMessagesVisible');
    expect(depth).toHaveLength(queueNames.length);
    for (const a of depth) expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Namespace: 'AWS/SQS' });
    const age = alarmsOn('ApproximateAgeOfOldestMessage');
    expect(age).toHaveLength(queueNames.length * 2);
    const thresholds = age.map((a) => a.Threshold).sort((x, y) => Number(x) - Number(y));
    expect(thresholds).toEqual([...queueNames.map(queueAgeThresholdSeconds), ...queueNames.map(deadLetterAgeThresholdSeconds)].sort((x, y) => x - y));
    expect(queueAgeThresholdSeconds('intake')).toBe(300);
  });

  it('alarms on errors and throttles of every function and on API 5xx', () => {
    for (const name of ['Errors', 'Throttles']) {
      const found = alarmsOn(name);
      expect(found).toHaveLength(functionCount);
      for (const a of found) expect(a).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Period: alarmPeriod.toSeconds() });
    }
    const api5xx = alarmsOn('5xx');
    expect(api5xx).toHaveLength(1);
    expect(api5xx[0]).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 0, Dimensions: [{ Name: 'ApiId', Value: expect.anything() }] });
  });

  it('has one dashboard for the region with queue depths, ages, function errors, throttles and durations, how far stream readers lag, and API 5xx', () => {
    monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    monitoring.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `govflow-${region.id}` });
    const body = JSON.stringify(Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage', 'Errors', 'Throttles', 'Duration', '5xx', 'Latency', 'IteratorAge']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    for (const fn of functions) expect(body).toContain(fn.id);
  });
});

describe('topology', () => {
  it('read back from the templates is the manifest', () => {
    expect(normalizeTopology(topologyFromAssembly(app.synth()))).toEqual(normalizeTopology(topologyFromManifest()));
  });
});

describe('region validation at synth', () => {
  it('refuses a broken region before any stack is built', () => {
    const broken = JSON.parse(JSON.stringify(region)) as typeof region;
    broken.taxonomy.minors[0]!.leadDepartmentKind = 'nobody';
    expect(() => buildRegionApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), parseRegion(broken))).toThrow(/no department of kind nobody/);
  });

  it('writes the region as validated for the bundles to carry, and it needs no validation again', () => {
    const path = compiledRegionPath(region);
    expect(basename(path)).toBe(compiledRegionFile);
    expect(compiledRegionPath(region)).toBe(path);
    const compiled = JSON.parse(readFileSync(path, 'utf8')) as typeof region;
    expect(compiled).toEqual(region);
    // Nothing left for a default or a transform to change: what a function reads is what validation would give.
    expect(parseRegion(compiled)).toEqual(compiled);
  });
});

describe('console stack', () => {
  const site = Template.fromStack(built.console);

  it('serves the console from a private bucket and the API on the same origin, uncached', () => {
    site.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
    });
    site.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [distribution] = Object.values(site.findResources('AWS::CloudFront::Distribution')) as { Properties: { DistributionConfig: Record<string, unknown> } }[];
    const config = distribution!.Properties.DistributionConfig as {
      CacheBehaviors: { PathPattern: string; ViewerProtocolPolicy: string; AllowedMethods: string[]; CachePolicyId: unknown }[];
      Logging: unknown;
    };
    expect(config.CacheBehaviors.map((b) => b.PathPattern)).toEqual(['/v1/*']);
    expect(config.CacheBehaviors[0]).toMatchObject({ ViewerProtocolPolicy: 'https-only', AllowedMethods: expect.arrayContaining(['POST', 'PUT']) });
    expect(config.Logging).toBeDefined();
    // The caller's key reaches the API only as part of the cache key, and nothing is kept.
    site.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] } }),
      }),
    });
    site.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({ SecurityHeadersConfig: Match.objectLike({ ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("script-src 'self'") }) }) }),
    });
  });

  it('uploads the built console under console/ and invalidates it', () => {
    site.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketKeyPrefix: 'console/', DistributionPaths: ['/console/*'], Prune: true });
  });
});
