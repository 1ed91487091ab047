import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '@govflow/platform';
import type { MediationCase } from '../domain/opening';

const loadKey = (mediatorId: string) => ({ pk: `MEDIATOR#${mediatorId}`, sk: 'LOAD' });

/** Mediation's table: cases (`CASE#<caseId>` / `MEDIATION`) and each mediator's open-case count. */
export class MediationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async openCases(mediatorIds: string[]): Promise<Map<string, number>> {
    const loads = new Map<string, number>();
    for (let i = 0; i < mediatorIds.length; i += 100) {
      const keys = mediatorIds.slice(i, i + 100).map(loadKey);
      let request: Record<string, { Keys: Record<string, string>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: keys, ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) loads.set(String(item.pk).slice('MEDIATOR#'.length), Number(item.open ?? 0));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return loads;
  }

  createOnce(mediation: MediationCase): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk: `CASE#${mediation.caseId}`, sk: 'MEDIATION', ...mediation },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Takes one more case for the mediator unless that would pass their capacity: an
   * atomic increment, so concurrent openings never lose a count and two cases racing
   * for a last slot cannot both take it (the loser's record is retried and re-chooses).
   */
  takeCase(mediatorId: string, capacity: number): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: loadKey(mediatorId),
        UpdateExpression: 'SET #open = if_not_exists(#open, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(#open) OR #open < :capacity',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':capacity': capacity },
      },
    };
  }
}
