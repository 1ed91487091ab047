import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Where the local runtime's fault injection (tests only) leaves a function that adds its
 * middleware to a client. Nothing sets it in AWS: the lookup happens once per client.
 */
export const clientHookKey = Symbol.for('govflow.sdk-client-hook');
type ClientHook = (client: DynamoDBClient | SQSClient) => void;

function hooked<T extends DynamoDBClient | SQSClient>(client: T): T {
  (globalThis as { [clientHookKey]?: ClientHook })[clientHookKey]?.(client);
  return client;
}

/**
 * SDK clients. Endpoints come from the standard AWS_ENDPOINT_URL_DYNAMODB /
 * AWS_ENDPOINT_URL_SQS variables, which the local runtime sets.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  // The document client shares the middleware stack of the client it wraps.
  return DynamoDBDocumentClient.from(hooked(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createSqsClient(): SQSClient {
  return hooked(new SQSClient({}));
}
