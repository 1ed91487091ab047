import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { stages } from '@govflow/contracts';
import { loadRegion, parseRegion } from '@govflow/regions';
import { buildRegionApp } from '../src/app';
import { functions, queues, routes } from '../src/manifest';
import { normalizeTopology } from '../src/topology';
import { topologyFromAssembly, topologyFromManifest } from '../src/template-topology';

const region = loadRegion('wuhai');
// Synthesize without esbuild: these tests check the topology, not the bundles.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const built = buildRegionApp(app, region);
const messaging = Template.fromStack(built.messaging);
const api = Template.fromStack(built.api);
const service = Object.fromEntries(stages.map((s) => [s, Template.fromStack(built.services[s])]));

describe('messaging stack', () => {
  it('has a queue and a dead-letter queue per stage, with the manifest redrive', () => {
    messaging.resourceCountIs('AWS::SQS::Queue', stages.length * 2);
    for (const spec of queues) {
      messaging.hasResource('AWS::SQS::Queue', {
        Metadata: { 'govflow:stage': spec.stage, 'govflow:role': 'queue' },
        Properties: Match.objectLike({
          VisibilityTimeout: spec.visibilityTimeoutSeconds,
          RedrivePolicy: Match.objectLike({ maxReceiveCount: spec.maxReceiveCount }),
          SqsManagedSseEnabled: true,
        }),
      });
    }
  });

  it('alarms on any message in a dead-letter queue', () => {
    messaging.resourceCountIs('AWS::CloudWatch::Alarm', stages.length);
    messaging.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
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

  it('run every manifest function on nodejs22.x with its environment', () => {
    for (const fn of functions) {
      const env: Record<string, unknown> = { REGION_ID: region.id, TABLE_NAME: Match.anyValue(), AUTH_SECRET_ARN: Match.anyValue(), PII_KEY_ARN: Match.anyValue() };
      for (const target of fn.sendsTo) env[`QUEUE_URL_${target.toUpperCase()}`] = Match.anyValue();
      service[fn.stage]!.hasResource('AWS::Lambda::Function', {
        Metadata: Match.objectLike({ 'govflow:function': fn.id }),
        Properties: Match.objectLike({ Runtime: 'nodejs22.x', Handler: 'index.handler', Environment: { Variables: Match.objectLike(env) } }),
      });
    }
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
});

describe('API stack', () => {
  it('has exactly the manifest routes', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    for (const route of routes) api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
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
});
