import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  caseClassifiedV1,
  caseHeldForTriageV1,
  caseLinkedAsRepeatV1,
  disputeStepEvents,
  mediationOpenedV1,
  workorderDispatchedV1,
  workOrderStepEvents,
  workorderSupervisedV1,
} from '@govflow/contracts';
import { sqsConsumer, type OperatorMetrics, type OutboxRelay } from '@govflow/platform';
import { applyProgress } from '../domain/case';
import { progressOf } from '../domain/progress';
import type { IntakeRepository } from '../adapters/repository';

export const intakeAccepts = [
  caseClassifiedV1,
  caseHeldForTriageV1,
  workorderDispatchedV1,
  mediationOpenedV1,
  ...disputeStepEvents,
  ...workOrderStepEvents,
  workorderSupervisedV1,
  caseLinkedAsRepeatV1,
] as const;

export class CaseNotYetStored extends Error {
  override name = 'CaseNotYetStored';
}

export interface IntakeConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  repository: IntakeRepository;
  relay: OutboxRelay;
  logger: Logger;
  metrics?: OperatorMetrics;
}

/** Keeps the partner-facing status of each case up to date from the later stages' events. */
export function createIntakeConsumer(deps: IntakeConsumerDeps) {
  return sqsConsumer({
    accepted: intakeAccepts,
    doc: deps.doc,
    tableName: deps.tableName,
    relay: deps.relay,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: async (event) => {
      const record = await deps.repository.getCase(event.caseId);
      // Intake writes the case before any later stage can hear of it; retry rather than drop.
      if (!record) throw new CaseNotYetStored(`case ${event.caseId} not found`);
      // Stamped when stored, not when it happened: a late event still shows in a partner's next `changedSince` page.
      const next = { ...applyProgress(record, progressOf(event)), changedAt: new Date().toISOString() };
      return { writes: [deps.repository.replaceCaseIfUnchanged(next, record.version)], emit: [] };
    },
  });
}
