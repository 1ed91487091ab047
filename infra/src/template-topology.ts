import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { QueueName, Stage } from '@govflow/contracts';
import { eventSources, projectionName, projectionOf, queues, routes, streamSources, tables } from './manifest';
import type { Topology } from './topology';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, string>;
}

/**
 * Reads synthesized templates back into the topology normal form. Resources are known by
 * the `govflow:*` metadata the stacks put on them (see tagResource), not by logical ids.
 */
export function topologyFromAssembly(assembly: CloudAssembly): Topology {
  const resources: Resource[] = assembly.stacks.flatMap((s) => Object.values((s.template as { Resources?: Record<string, Resource> }).Resources ?? {}));
  const tagged = (type: string) =>
    resources.filter((r) => r.Type === type && (r.Metadata?.['govflow:stage'] !== undefined || r.Metadata?.['govflow:function'] !== undefined));
  const keyOf = (schema: unknown, type: string) => ((schema as { AttributeName: string; KeyType: string }[]) ?? []).find((k) => k.KeyType === type)?.AttributeName ?? '';

  return {
    tables: tagged('AWS::DynamoDB::GlobalTable').map((r) => ({
      stage: r.Metadata!['govflow:stage'] as Stage,
      partitionKey: keyOf(r.Properties?.KeySchema, 'HASH'),
      sortKey: keyOf(r.Properties?.KeySchema, 'RANGE'),
      globalIndexes: ((r.Properties?.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } }[]) ?? []).map((g) => ({
        name: g.IndexName,
        partitionKey: keyOf(g.KeySchema, 'HASH'),
        sortKey: keyOf(g.KeySchema, 'RANGE'),
        projection: projectionName({ type: g.Projection?.ProjectionType ?? 'ALL', nonKeyAttributes: g.Projection?.NonKeyAttributes }),
      })),
      stream: (r.Properties?.StreamSpecification as { StreamViewType?: string } | undefined)?.StreamViewType ?? 'NONE',
    })),
    queues: tagged('AWS::SQS::Queue')
      .filter((r) => r.Metadata!['govflow:role'] === 'queue')
      .map((r) => {
        const redrive = r.Properties?.RedrivePolicy as { maxReceiveCount?: number; deadLetterTargetArn?: unknown } | undefined;
        return {
          name: r.Metadata!['govflow:queue'] as QueueName,
          stage: r.Metadata!['govflow:stage'] as Stage,
          visibilityTimeoutSeconds: Number(r.Properties?.VisibilityTimeout),
          maxReceiveCount: Number(redrive?.maxReceiveCount ?? 0),
          hasDeadLetterQueue: redrive?.deadLetterTargetArn !== undefined,
        };
      }),
    routes: tagged('AWS::ApiGatewayV2::Route').map((r) => `${String(r.Properties?.RouteKey)} -> ${r.Metadata!['govflow:function']}`),
    eventSources: tagged('AWS::Lambda::EventSourceMapping')
      .filter((r) => r.Metadata!['govflow:queue'] !== undefined)
      .map((r) => ({
      queue: r.Metadata!['govflow:queue'] as QueueName,
      functionId: r.Metadata!['govflow:function']!,
      batchSize: Number(r.Properties?.BatchSize),
      reportBatchItemFailures: ((r.Properties?.FunctionResponseTypes as string[]) ?? []).includes('ReportBatchItemFailures'),
    })),
    streamSources: tagged('AWS::Lambda::EventSourceMapping')
      .filter((r) => r.Metadata!['govflow:queue'] === undefined)
      .map((r) => ({ stage: r.Metadata!['govflow:stage'] as Stage, functionId: r.Metadata!['govflow:function']!, batchSize: Number(r.Properties?.BatchSize) })),
  };
}

/** The topology the manifest describes, for comparison with either side. */
export function topologyFromManifest(): Topology {
  return {
    tables: tables.map((t) => ({
      stage: t.stage,
      partitionKey: t.partitionKey,
      sortKey: t.sortKey,
      globalIndexes: t.globalIndexes.map((g) => ({ name: g.name, partitionKey: g.partitionKey, sortKey: g.sortKey, projection: projectionName(projectionOf(g)) })),
      stream: t.stream ?? 'NONE',
    })),
    queues: queues.map((q) => ({ name: q.name, stage: q.stage, visibilityTimeoutSeconds: q.visibilityTimeoutSeconds, maxReceiveCount: q.maxReceiveCount, hasDeadLetterQueue: true })),
    routes: routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}`),
    eventSources: eventSources.map((e) => ({ queue: e.queue, functionId: e.functionId, batchSize: e.batchSize, reportBatchItemFailures: true })),
    streamSources: streamSources.map((s) => ({ stage: s.stage, functionId: s.functionId, batchSize: s.batchSize })),
  };
}
