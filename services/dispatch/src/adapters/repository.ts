import type { TransactItem } from '@govflow/platform';
import type { DispatchRecord } from '../domain/decide';

/** Dispatch's table: one decision per case (`CASE#<caseId>` / `DISPATCH`), written once. */
export class DispatchRepository {
  constructor(private readonly tableName: string) {}

  createOnce(record: DispatchRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk: `CASE#${record.caseId}`, sk: 'DISPATCH', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}
