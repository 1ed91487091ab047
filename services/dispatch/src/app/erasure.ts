import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import { localDate, sweepBudgetMs } from '@govflow/platform';
import { closedAt, erasePersonalData, erasureDue } from '../domain/workorder/retention';
import type { DispatchRepository } from '../adapters/repository';

export interface ErasureDeps {
  repository: DispatchRepository;
  /** Where the work orders' photos are: each is deleted before the record forgets it. */
  store: { delete(key: string): Promise<void> };
  region: RegionConfig;
  logger: Pick<Logger, 'info'>;
}

/**
 * The scheduled erasure (ADR 0013): every closed work order whose retention ended by `now`'s
 * region day loses its photos. Each case is re-read and decided from what it is now (reopened
 * since, or erased already: the marker is stale), the files deleted before the record forgets
 * them, so a run may stop anywhere and the next goes on.
 */
export async function eraseDuePersonalData(deps: ErasureDeps, now: Date, options: { deadline?: number } = {}) {
  const today = localDate(now, deps.region.timeZone);
  return deps.repository.erasures(today, options.deadline ?? Date.now() + sweepBudgetMs, async (marker) => {
    const record = await deps.repository.get(marker.id);
    if (!record) return 'stale';
    const closed = closedAt(record);
    if (!erasureDue(record, closed && deps.repository.erasureDayOf(closed), today)) return 'stale';
    for (const file of record.workOrderFiles ?? []) await deps.store.delete(file.key);
    if (!(await deps.repository.putIfUnchanged(erasePersonalData(record, now.toISOString()), record.version))) return 'retry';
    deps.logger.info('personal data erased', { caseId: record.caseId, closedAt: closed, files: record.workOrderFiles?.length ?? 0 });
    return 'erased';
  });
}
