import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { changeLogItems, type CaseChange } from '../domain/changes';
import type { IntakeRepository } from '../adapters/repository';

/** The change a partner sees in a stream record of a case: its `changedAt` moved (or the case is new). */
export function caseChangeOf(record: DynamoDBRecord): CaseChange | undefined {
  const now = record.dynamodb?.NewImage;
  const changedAt = now?.changedAt?.S;
  if (!changedAt || record.dynamodb?.OldImage?.changedAt?.S === changedAt) return undefined;
  const partnerId = now.partnerId?.S;
  const caseId = now.pk?.S?.replace(/^CASE#/, '');
  return partnerId && caseId ? { partnerId, caseId, changedAt } : undefined;
}

/**
 * Writes the change log from intake's table stream (ADR 0027): a batch's changes, one item per
 * partner. A failed write fails the batch, which the stream hands over again.
 */
export function createChangeLog(deps: { repository: IntakeRepository; logger: Logger }) {
  return async (event: DynamoDBStreamEvent): Promise<{ logged: number }> => {
    const changes = event.Records.map(caseChangeOf).filter((c): c is CaseChange => c !== undefined);
    const batchId = event.Records[0]?.dynamodb?.SequenceNumber;
    if (changes.length === 0 || !batchId) return { logged: 0 };
    const items = changeLogItems(changes, batchId);
    await deps.repository.logChanges(items);
    deps.logger.debug('changes logged', { changes: changes.length, items: items.length });
    return { logged: changes.length };
  };
}
