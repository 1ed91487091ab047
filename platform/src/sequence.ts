import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The next number of a day's series (case numbers, dispute codes): an atomic counter item
 * `SEQUENCE#<prefix>#<day>`. A number taken by a write that then fails is skipped, never reused.
 */
export async function nextDaySequence(doc: DynamoDBDocumentClient, tableName: string, prefix: string, day: string): Promise<number> {
  const out = await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: `SEQUENCE#${prefix}#${day}`, sk: 'SEQUENCE' },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.value);
}
