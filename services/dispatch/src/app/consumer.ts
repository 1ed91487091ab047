import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseReceivedV1, type RegionConfig } from '@govflow/contracts';
import { sqsConsumer, type OperatorMetrics } from '@govflow/platform';
import type { CaseClassified } from '@govflow/contracts';
import { decideDispatch } from '../domain/routing/decide';
import { findRepeat, linkAsRepeat, matterKey, repeatHistoryEntry } from '../domain/routing/repeats';
import { LearningClassifier } from '../adapters/learning';
import { DispatchRepository } from '../adapters/repository';
import { supervisionSettings } from '../adapters/runtime';

export interface DispatchConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  region: RegionConfig;
  logger: Logger;
  metrics?: OperatorMetrics;
  now?: () => Date;
}

/**
 * Consumes `case.received`: one decision per case, committed with the events it emits. The
 * case's record says whether it was decided, so a redelivery changes nothing and no inbox
 * marker is kept (a read unit instead of two write units a case).
 */
export function createDispatchConsumer(deps: DispatchConsumerDeps) {
  const repository = new DispatchRepository(deps.doc, deps.tableName, supervisionSettings(deps.region));
  const classifier = new LearningClassifier(deps.region, repository);
  const now = deps.now ?? (() => new Date());
  return sqsConsumer({
    accepted: [caseReceivedV1],
    doc: deps.doc,
    tableName: deps.tableName,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: async (event) => {
      if (await repository.exists(event.caseId)) return { writes: [], emit: [] };
      const at = now();
      const { record, events } = decideDispatch(deps.region, await classifier.current(), event, at);
      // 重复件: a new request about a matter already being handled joins that case.
      const key = record.status === 'dispatched' && record.category ? matterKey(record.category.minor, record.jurisdiction) : undefined;
      if (key) {
        const settings = { windowDays: deps.region.settings.repeatWindowDays, similarity: deps.region.settings.repeatSimilarity };
        const candidates = await repository.openMatters(key, new Date(at.getTime() - settings.windowDays * 86_400_000));
        const original = findRepeat(candidates, record, at, settings);
        // Joined first, in one atomic update of the open case; then this case is written as linked. A crash in
        // between: the redelivery finds the join done and writes the case. A case closed meanwhile: routed afresh.
        const joined = original && (await repository.joinRepeat(original.caseId, record, repeatHistoryEntry(original, record, at)));
        if (original && joined && joined !== 'closed') {
          const linked = linkAsRepeat(original, record, events[0] as CaseClassified, at, joined.repeatCount);
          deps.logger.info('repeat linked', { caseId: record.caseId, originalCaseId: original.caseId, repeatCount: joined.repeatCount });
          return { writes: [repository.createOnce(linked.record)], emit: linked.events };
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
