import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import { sweepBudgetMs, sweepShards } from '@govflow/platform';
import { supervise, supervisionShards, type SupervisionSettings } from '../domain/workorder/supervision';
import { ConcurrentChange, type DispatchRepository } from '../adapters/repository';

export interface SupervisorDeps {
  region: RegionConfig;
  repository: DispatchRepository;
  settings: SupervisionSettings;
  logger: Logger;
}

/**
 * The scheduled 督办 sweep over the deadline index, its shards side by side, each to its
 * end (or until `deadline`; the next run goes on). `now` is the schedule's own time, so the
 * same code runs on EventBridge in AWS, on a timer locally, and in tests at any hour.
 */
export async function superviseDue(deps: SupervisorDeps, now: Date, options: { pageSize?: number; deadline?: number } = {}): Promise<{ raised: number; skipped: number; finished: boolean }> {
  let raised = 0;
  let skipped = 0;
  const { finished } = await sweepShards({
    shards: supervisionShards,
    deadline: options.deadline ?? Date.now() + sweepBudgetMs,
    page: (shard, cursor) => deps.repository.dueForSupervision(shard, now, options.pageSize ?? 100, cursor),
    handle: async (record) => {
      if (!record.workOrder) return;
      const step = supervise(record.workOrder, now, deps.settings, { ...record.request, receivedAt: record.receivedAt });
      if (!step) return;
      try {
        await deps.repository.saveStep({ ...record, workOrder: step.order, version: record.version + 1 }, record.version, [step.event]);
        raised++;
        deps.logger.info('work order supervised', { caseId: record.caseId, level: step.event.payload.level, departmentId: step.order.departmentId });
      } catch (error) {
        // Someone acted on the order meanwhile: the next sweep sees its new state.
        if (!(error instanceof ConcurrentChange)) throw error;
        skipped++;
      }
    },
  });
  return { raised, skipped, finished };
}
