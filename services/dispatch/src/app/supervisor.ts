import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import type { OutboxRelay } from '@govflow/platform';
import { supervise, type SupervisionSettings } from '../domain/workorder/supervision';
import { ConcurrentChange, type DispatchRepository } from '../adapters/repository';

export interface SupervisorDeps {
  region: RegionConfig;
  repository: DispatchRepository;
  relay: OutboxRelay;
  settings: SupervisionSettings;
  logger: Logger;
}

/** Orders looked at per sweep; the rest wait for the next one. */
const batch = 100;

/**
 * The scheduled 督办 sweep over the deadline index. `now` is the schedule's own time, so
 * the same code runs on EventBridge in AWS, on a timer locally, and in tests at any hour.
 */
export async function superviseDue(deps: SupervisorDeps, now: Date): Promise<{ raised: number; skipped: number }> {
  let raised = 0;
  let skipped = 0;
  for (const record of await deps.repository.dueForSupervision(now, batch)) {
    if (!record.workOrder) continue;
    const step = supervise(record.workOrder, now, deps.settings, { ...record.request, receivedAt: record.receivedAt });
    if (!step) continue;
    try {
      await deps.repository.saveStep({ ...record, workOrder: step.order, version: record.version + 1 }, record.version, [step.event]);
      await deps.relay.deliver([step.event]);
      raised++;
      deps.logger.info('work order supervised', { caseId: record.caseId, level: step.event.payload.level, departmentId: step.order.departmentId });
    } catch (error) {
      // Someone acted on the order meanwhile: the next sweep sees its new state.
      if (!(error instanceof ConcurrentChange)) throw error;
      skipped++;
    }
  }
  return { raised, skipped };
}
