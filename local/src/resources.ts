import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueNames, type QueueName, type Stage } from '@govflow/contracts';
import { projectionOf, queues, tables } from '@govflow/infra/manifest';

export const tableName = (regionId: string, stage: Stage) => `govflow-${regionId}-${stage}`;
const fifoSuffix = (queue: QueueName) => (queues.find((q) => q.name === queue)?.fifo ? '.fifo' : '');
export const queueName = (regionId: string, queue: QueueName) => `govflow-${regionId}-${queue}${fifoSuffix(queue)}`;
export const deadLetterQueueName = (regionId: string, queue: QueueName) => `govflow-${regionId}-${queue}-dlq${fifoSuffix(queue)}`;
/** Queue attributes of a FIFO queue as CDK declares it (high throughput: per message group). */
const fifoAttributes = (fifo: boolean): Record<string, string> => (fifo ? { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } : {});
/** The region's bucket of photos and documents. */
export const bucketName = (regionId: string) => `govflow-${regionId}-uploads`;

/** Creates each manifest table unless it already exists (data under .data/ survives restarts). */
export async function ensureTables(dynamo: DynamoDBClient, regionId: string): Promise<Record<Stage, string>> {
  const names = {} as Record<Stage, string>;
  for (const spec of tables) {
    const name = tableName(regionId, spec.stage);
    names[spec.stage] = name;
    const keyNames = new Set([spec.partitionKey, spec.sortKey, ...spec.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey])]);
    try {
      await dynamo.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...keyNames].map((n) => ({ AttributeName: n, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: spec.partitionKey, KeyType: 'HASH' },
            { AttributeName: spec.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: spec.globalIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey, KeyType: 'HASH' },
              { AttributeName: g.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: projectionOf(g).type, NonKeyAttributes: projectionOf(g).nonKeyAttributes },
          })),
          ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    let { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    // A table kept from before its stream: turned on as DynamoDB would (its earlier changes are not streamed).
    if (spec.stream && Table?.StreamSpecification?.StreamViewType !== spec.stream) {
      Table = (await dynamo.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }))).TableDescription;
    }
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    const missing = spec.globalIndexes.filter((g) => !present.has(g.name)).map((g) => g.name);
    if (missing.length > 0) {
      // Data kept from an older version: say so plainly rather than fail later on a query.
      throw new Error(`table ${name} in the data directory predates the index(es) ${missing.join(', ')}; move the old data directory aside (e.g. .data) and start again`);
    }
  }
  return names;
}

export interface QueueUrls {
  queueUrls: Record<QueueName, string>;
  dlqUrls: Record<QueueName, string>;
}

/** Each manifest queue with its dead-letter queue and redrive policy. */
export async function ensureQueues(sqs: SQSClient, regionId: string, visibilityOverrideSeconds?: number): Promise<QueueUrls> {
  const queueUrls = {} as Record<QueueName, string>;
  const dlqUrls = {} as Record<QueueName, string>;
  for (const spec of queues) {
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: deadLetterQueueName(regionId, spec.name),
        Attributes: { ...fifoAttributes(spec.fifo), MessageRetentionPeriod: String(spec.retentionDays * 86400) },
      }),
    );
    const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName(regionId, spec.name),
        Attributes: {
          ...fifoAttributes(spec.fifo),
          VisibilityTimeout: String(visibilityOverrideSeconds ?? spec.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(spec.retentionDays * 86400),
          RedrivePolicy: JSON.stringify({ maxReceiveCount: spec.maxReceiveCount, deadLetterTargetArn: dlqArn }),
        },
      }),
    );
    queueUrls[spec.name] = queue.QueueUrl!;
    dlqUrls[spec.name] = dlq.QueueUrl!;
  }
  for (const name of queueNames) if (!queueUrls[name]) throw new Error(`manifest has no queue ${name}`);
  return { queueUrls, dlqUrls };
}

export async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}
