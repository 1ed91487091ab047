import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, type RegionConfig } from '@govflow/contracts';
import { sqsConsumer, type OperatorMetrics, type OutboxRelay } from '@govflow/platform';
import type { CaseClassified } from '@govflow/contracts';
import { decideDispatch } from '../domain/routing/decide';
import { findRepeat, linkAsRepeat, matterKey } from '../domain/routing/repeats';
import { LearningClassifier } from '../adapters/learning';
import { DispatchRepository } from '../adapters/repository';
import { supervisionSettings } from '../adapters/runtime';

export interface DispatchConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  relay: OutboxRelay;
  region: RegionConfig;
  logger: Logger;
  metrics?: OperatorMetrics;
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
    metrics: deps.metrics,
    handle: async (event) => {
      const at = now();
      const { record, events } = decideDispatch(deps.region, await classifier.current(), event, at);
      // 重复件: a new request about a matter already being handled joins that case.
      const key = record.status === 'dispatched' && record.category ? matterKey(record.category.minor, record.jurisdiction) : undefined;
      if (key) {
        const settings = { windowDays: deps.region.settings.repeatWindowDays, similarity: deps.region.settings.repeatSimilarity };
        const candidates = await repository.openMatters(key, new Date(at.getTime() - settings.windowDays * 86_400_000));
        const original = findRepeat(candidates, record, at, settings);
        if (original) {
          const linked = linkAsRepeat(original, record, events[0] as CaseClassified, at);
          deps.logger.info('repeat linked', { caseId: record.caseId, originalCaseId: original.caseId, repeatCount: linked.original.workOrder?.repeatCount });
          return {
            writes: [repository.createOnce(linked.record), repository.replaceIfUnchanged(linked.original, original.version)],
            emit: linked.events,
          };
        }
      }
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
