import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallbackEndpoint } from '../domain/callbacks/endpoints';
import type { DeliveryStream } from '../domain/callbacks/stream';

/**
 * Partner callbacks in intake's table (ADR 0008):
 * - `PARTNER#<partnerId>` / `CALLBACK#<endpointId>`: an endpoint with its sealed secrets;
 * - `STREAM#<endpointId>#<caseId>` / `STREAM`: one case's notices to one endpoint, in order;
 *   sparse index keys `retryShard`/`retryAt` while the retry sweep has something to do, and
 *   `failedKey`/`failedAt` while dead-lettered. The stream itself is kept under `stream`, so
 *   its partner id and case number never enter an index built on those names (`partnerCases`).
 */
export const retryIndex = 'callbackRetries';
export const failuresIndex = 'callbackFailures';
export const retryShards = 4;
/** Streams are kept this long after their last change (then a late notice starts a new one). */
const streamRetentionSeconds = 90 * 24 * 3600;

const endpointKey = (partnerId: string, endpointId: string) => ({ pk: `PARTNER#${partnerId}`, sk: `CALLBACK#${endpointId}` });
const streamKey = (endpointId: string, caseId: string) => ({ pk: `STREAM#${endpointId}#${caseId}`, sk: 'STREAM' });

function shardOf(caseId: string): number {
  let hash = 0;
  for (const ch of caseId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % retryShards;
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}

function streamOf(item: Record<string, unknown>): DeliveryStream {
  return { ...(item.stream as DeliveryStream), version: item.version as number };
}

export interface StreamKey {
  endpointId: string;
  caseId: string;
}

export class CallbacksRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listEndpoints(partnerId: string, consistent = false): Promise<CallbackEndpoint[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PARTNER#${partnerId}`, ':prefix': 'CALLBACK#' },
        ConsistentRead: consistent,
      }),
    );
    return (out.Items ?? []).map((item) => strip<CallbackEndpoint>(item));
  }

  async getEndpoint(partnerId: string, endpointId: string): Promise<CallbackEndpoint | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: endpointKey(partnerId, endpointId), ConsistentRead: true }));
    return out.Item ? strip<CallbackEndpoint>(out.Item) : undefined;
  }

  async createEndpoint(endpoint: CallbackEndpoint): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...endpointKey(endpoint.partnerId, endpoint.id), ...endpoint }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  /** Replaces the secrets if the endpoint still exists; false if it was deleted meanwhile. */
  async replaceSecrets(endpoint: CallbackEndpoint, secrets: CallbackEndpoint['secrets']): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: endpointKey(endpoint.partnerId, endpoint.id),
        UpdateExpression: 'SET secrets = :secrets',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':secrets': secrets },
      }),
    );
  }

  async deleteEndpoint(partnerId: string, endpointId: string): Promise<boolean> {
    return this.conditional(new DeleteCommand({ TableName: this.tableName, Key: endpointKey(partnerId, endpointId), ConditionExpression: 'attribute_exists(pk)' }));
  }

  /** Health of an endpoint: failing since a time (new notices wait for the sweep), or healthy again. */
  async setFailing(endpoint: CallbackEndpoint, since: string | undefined): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: endpointKey(endpoint.partnerId, endpoint.id),
        UpdateExpression: since ? 'SET failingSince = :since' : 'REMOVE failingSince',
        ConditionExpression: 'attribute_exists(pk)',
        ...(since ? { ExpressionAttributeValues: { ':since': since } } : {}),
      }),
    );
  }

  /** The endpoint answered 410 Gone: nothing more is sent to it. */
  async disable(endpoint: CallbackEndpoint, at: string, reason: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: endpointKey(endpoint.partnerId, endpoint.id),
        UpdateExpression: 'SET disabledAt = :at, disabledReason = :reason',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(disabledAt)',
        ExpressionAttributeValues: { ':at': at, ':reason': reason },
      }),
    );
  }

  async getStream(endpointId: string, caseId: string): Promise<DeliveryStream | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: streamKey(endpointId, caseId), ConsistentRead: true }));
    return out.Item ? streamOf(out.Item) : undefined;
  }

  /** Writes the stream if nobody changed it since it was read (version); false if someone did. */
  async saveStream(stream: DeliveryStream, now: Date): Promise<boolean> {
    const readVersion = stream.version;
    const item: Record<string, unknown> = {
      ...streamKey(stream.endpointId, stream.caseId),
      stream: { ...stream, version: readVersion + 1 },
      version: readVersion + 1,
      expiresAt: Math.floor(now.getTime() / 1000) + streamRetentionSeconds,
    };
    if (stream.retryAt) Object.assign(item, { retryShard: `RETRY#${shardOf(stream.caseId)}`, retryAt: stream.retryAt });
    if (stream.failedAt) Object.assign(item, { failedKey: `PARTNER#${stream.partnerId}`, failedAt: stream.failedAt });
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':read': readVersion } }),
      }),
    );
  }

  async deleteStream(stream: DeliveryStream): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: streamKey(stream.endpointId, stream.caseId) }));
  }

  /** Streams whose retry time has come, oldest first per shard (keys only). */
  async dueStreams(now: Date, limit: number): Promise<StreamKey[]> {
    const keys: StreamKey[] = [];
    for (let shard = 0; shard < retryShards; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: retryIndex,
            KeyConditionExpression: 'retryShard = :shard AND retryAt <= :now',
            ExpressionAttributeValues: { ':shard': `RETRY#${shard}`, ':now': now.toISOString() },
            ExclusiveStartKey: startKey,
            Limit: Math.min(limit - keys.length, 500),
          }),
        );
        for (const item of page.Items ?? []) {
          const [, endpointId, caseId] = String(item.pk).split('#');
          if (endpointId && caseId) keys.push({ endpointId, caseId });
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey && keys.length < limit);
    }
    return keys;
  }

  /** A partner's dead-lettered streams, newest first. */
  async failedStreams(partnerId: string, limit: number, startKey?: Record<string, unknown>): Promise<{ streams: DeliveryStream[]; lastKey?: Record<string, unknown> }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: failuresIndex,
        KeyConditionExpression: 'failedKey = :key',
        ExpressionAttributeValues: { ':key': `PARTNER#${partnerId}` },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { streams: (out.Items ?? []).map(streamOf), lastKey: out.LastEvaluatedKey };
  }

  private async conditional(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    try {
      await this.doc.send(command as PutCommand);
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
