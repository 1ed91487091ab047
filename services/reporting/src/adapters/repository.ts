import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '@govflow/platform';
import { dayKeyOf, type CaseProjection } from '../domain/projection';

const projectionKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'PROJECTION' });

/** Reporting's table: one projection per case, indexed by the UTC day it was received. */
export class ReportingRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(caseId: string): Promise<CaseProjection | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: projectionKey(caseId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, dayKey: _d, projectedAt: _p, ...projection } = out.Item;
    return projection as CaseProjection;
  }

  /** Replaces the projection only if nobody changed it since it was read (optimistic concurrency). */
  saveIfUnchanged(next: CaseProjection, readVersion: number | undefined, projectedAt: Date): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...projectionKey(next.caseId), ...next, dayKey: dayKeyOf(next.receivedAt), projectedAt: projectedAt.toISOString() },
        ...(readVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': readVersion } }),
      },
    };
  }

  async receivedOn(day: string, from: string, to: string): Promise<CaseProjection[]> {
    const items: CaseProjection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byDay',
          KeyConditionExpression: 'dayKey = :day AND receivedAt BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':day': `DAY#${day}`, ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as CaseProjection[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
