import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, type RegionConfig } from '@govflow/contracts';
import { sqsConsumer, type OutboxRelay } from '@govflow/platform';
import { regionClassifier } from '../domain/classify';
import { decideDispatch } from '../domain/decide';
import { DispatchRepository } from '../adapters/repository';

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
  const classifier = regionClassifier(deps.region);
  const repository = new DispatchRepository(deps.tableName);
  const now = deps.now ?? (() => new Date());
  return sqsConsumer({
    accepted: [caseReceivedV1],
    doc: deps.doc,
    tableName: deps.tableName,
    relay: deps.relay,
    logger: deps.logger,
    handle: async (event) => {
      const { record, events } = decideDispatch(deps.region, classifier, event, now());
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
