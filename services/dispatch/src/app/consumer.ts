import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, type RegionConfig } from '@govflow/contracts';
import { sqsConsumer, type OutboxRelay } from '@govflow/platform';
import { decideDispatch } from '../domain/decide';
import { LearningClassifier } from '../adapters/learning';
import { DispatchRepository } from '../adapters/repository';
import { supervisionSettings } from '../adapters/runtime';

export interface DispatchConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  relay: OutboxRelay;
  region: RegionConfig;
  logger: Logger;
  now?: () => Date;
}

/** Consumes `case.received`: one decision per case, committed with the events it emits. */
export function createDispatchConsumer(deps: DispatchConsumerDeps) {
  const repository = new DispatchRepository(deps.doc, deps.tableName, supervisionSettings(deps.region));
  const classifier = new LearningClassifier(deps.region, repository);
  const now = deps.now ?? (() => new Date());
  return sqsConsumer({
    accepted: [caseReceivedV1],
    doc: deps.doc,
    tableName: deps.tableName,
    relay: deps.relay,
    logger: deps.logger,
    handle: async (event) => {
      const { record, events } = decideDispatch(deps.region, await classifier.current(), event, now());
      deps.logger.info('case routed', {
        caseId: record.caseId,
        status: record.status,
        minor: record.category?.minor,
        confidence: record.category?.confidence,
        departmentId: record.workOrder?.departmentId,
      });
      return { writes: [repository.createOnce(record)], emit: events };
    },
  });
}
