import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allEvents } from '@govflow/contracts';
import { sqsConsumer, type OutboxRelay } from '@govflow/platform';
import { applyEvent } from '../domain/projection';
import { ReportingRepository } from '../adapters/repository';

export interface ReportingConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  relay: OutboxRelay;
  logger: Logger;
  now?: () => Date;
}

/** Consumes every event: each one folds into its case's projection exactly once. */
export function createReportingConsumer(deps: ReportingConsumerDeps) {
  const repository = new ReportingRepository(deps.doc, deps.tableName);
  const now = deps.now ?? (() => new Date());
  return sqsConsumer({
    accepted: allEvents,
    doc: deps.doc,
    tableName: deps.tableName,
    relay: deps.relay,
    logger: deps.logger,
    handle: async (event) => {
      const current = await repository.get(event.caseId);
      const next = applyEvent(current, event);
      return { writes: [repository.saveIfUnchanged(next, current?.version, now())], emit: [] };
    },
  });
}
