import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { ObjectStore } from '@govflow/platform/object-store';
import { loadRegion } from '@govflow/regions';
import type { LocalStack } from '@govflow/local/stack';

export type Stack = LocalStack;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Clients for the stack's servers, for checks the API does not expose. */
export function clientsFor(stack: Stack) {
  const dynamo = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials });
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials });
  return { dynamo, doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }), sqs };
}

/** The stack's upload bucket, as a function with a storage grant sees it. */
export function objectStoreFor(stack: Stack): ObjectStore {
  const s3 = new S3Client({
    endpoint: stack.endpoints.s3,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new ObjectStore(s3, stack.uploadBucket);
}

/** A department staff member's token from the local issuer. */
export function staffToken(stack: Stack, departmentId: string): string {
  return stack.issueToken({ partnerId: `staff-${departmentId}`, role: 'department', departmentId });
}

export function mediatorToken(stack: Stack, mediatorId: string): string {
  return stack.issueToken({ partnerId: `mediator-${mediatorId}`, role: 'mediator', mediatorId });
}

export function coordinatorToken(stack: Stack, committeeId: string): string {
  return stack.issueToken({ partnerId: `centre-${committeeId}`, role: 'coordinator', committeeId });
}

/** Partner systems' keys (seeded in the key store) and staff members' tokens. */
export function keysFor(stack: Stack) {
  const token = stack.issueToken;
  return {
    hotline: stack.partnerKeys['hotline-12345']!,
    grid: stack.partnerKeys['grid-app']!,
    petition: stack.partnerKeys.petition!,
    operator: token({ partnerId: 'hotline-12345', role: 'operator' }),
    dispatcher: token({ partnerId: 'hotline-12345', role: 'dispatcher' }),
    supervisor: token({ partnerId: 'supervision-office', role: 'supervisor' }),
    gridWorker: token({ partnerId: 'grid-app', role: 'grid-worker' }),
    administrator: token({ partnerId: 'mediation-office', role: 'administrator' }),
  };
}

export async function call<T = Record<string, unknown>>(
  stack: Stack,
  key: string | undefined,
  method: string,
  path: string,
  body?: string | object,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls until `probe` returns a value, or fails after the deadline with the last thing seen. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Items whose key begins with `prefix` (and, given `sortKey`, whose sort key is that: `CASE` counts intake's cases, not their sealed items). */
export async function countItems(stack: Stack, stage: 'intake' | 'dispatch' | 'mediation' | 'reporting', prefix: string, sortKey?: string): Promise<number> {
  const { dynamo } = clientsFor(stack);
  let count = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: stack.tableNames[stage],
        FilterExpression: sortKey ? 'begins_with(pk, :p) AND sk = :s' : 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': { S: prefix }, ...(sortKey ? { ':s': { S: sortKey } } : {}) },
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return count;
}

export async function queueDepth(stack: Stack, queueUrl: string): Promise<number> {
  const { sqs } = clientsFor(stack);
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export const streetlight = {
  channel: 'hotline-12345',
  kind: 'complaint',
  title: '小区路灯坏了',
  description: '尊敬的领导您好，海勃湾区新华街道我们小区门口的路灯不亮一个多月了，晚上黑灯瞎火的，请尽快维修。',
  location: { address: '海勃湾区新华街道' },
  reporter: { name: '张女士', phone: '13912345678' },
} as const;

const oneGridPerVillage = loadRegion('wuhai').grids.filter((g) => g.id.endsWith('-g1'));
let nextVillage = 0;

/**
 * The streetlight complaint, each time in another village: the same words at the same
 * place would rightly be linked to the first as a repeat (重复件).
 */
export function streetlightElsewhere() {
  const grid = oneGridPerVillage[nextVillage++ % oneGridPerVillage.length]!;
  return { ...streetlight, location: { gridId: grid.id } };
}

export const wageDispute = {
  channel: 'grid-worker-app',
  kind: 'dispute',
  title: '工地拖欠工资',
  description: '工地包工头拖欠我们几个工友半年工资三万多元，多次讨要没有结果，请求调解。',
  location: { address: '海南区拉僧庙镇' },
} as const;
