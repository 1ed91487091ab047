import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import { localDate, sweepBudgetMs } from '@govflow/platform';
import { closedAt, erasePersonalData, erasureDue } from '../domain/retention';
import type { MediationRepository } from '../adapters/repository';

export interface ErasureDeps {
  repository: MediationRepository;
  /** Where the disputes' evidence and signed agreements are: each is deleted before the dispute forgets it. */
  store: { delete(key: string): Promise<void> };
  region: RegionConfig;
  logger: Pick<Logger, 'info'>;
}

/**
 * The scheduled erasure (ADR 0013): every dispute whose retention ended by `now`'s region day
 * loses its sealed minutes and document bodies, then the sealed originals in the dispute
 * itself. Each dispute is re-read and decided from what it is now; the dispute is marked
 * erased last, so a run stopped halfway is finished by the next.
 */
export async function eraseDuePersonalData(deps: ErasureDeps, now: Date, options: { deadline?: number } = {}) {
  const today = localDate(now, deps.region.timeZone);
  return deps.repository.erasures(today, options.deadline ?? Date.now() + sweepBudgetMs, async (marker) => {
    const dispute = await deps.repository.get(marker.id);
    if (!dispute) return 'stale';
    const ended = closedAt(dispute);
    // Erased already, reopened, or ended again later (that step wrote its own marker).
    if (!erasureDue(dispute, ended && deps.repository.erasureDayOf(ended), today)) return 'stale';
    await deps.repository.eraseSealedItems(dispute.disputeId);
    for (const file of dispute.files ?? []) await deps.store.delete(file.key);
    if (!(await deps.repository.replaceIfUnchanged(erasePersonalData(dispute, now.toISOString()), dispute.version))) return 'retry';
    deps.logger.info('personal data erased', { disputeId: dispute.disputeId, closedAt: ended, files: dispute.files?.length ?? 0 });
    return 'erased';
  });
}
