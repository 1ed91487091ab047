import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RegionConfig } from '@govflow/contracts';
import { erasureDay, localDate, sweepBudgetMs, sweepErasures } from '@govflow/platform';
import { erasePersonalData, erasureDue } from '../domain/retention';
import type { IntakeRepository } from '../adapters/repository';

export interface ErasureDeps {
  /** Where the cases' photos are: each is deleted before the case forgets it. */
  store: { delete(key: string): Promise<void> };
  doc: DynamoDBDocumentClient;
  tableName: string;
  repository: IntakeRepository;
  region: RegionConfig;
  retentionDays: number;
  logger: Pick<Logger, 'info'>;
}

/**
 * The scheduled erasure (ADR 0013): every case whose retention ended by `now`'s region day
 * loses its sealed text, reporter name, phone and email, and its photos. Each case is re-read
 * and decided from what it is now, so a run may stop anywhere and the next goes on (deleting
 * an object already gone changes nothing).
 */
export async function eraseDuePersonalData(deps: ErasureDeps, now: Date, options: { deadline?: number; pageSize?: number } = {}) {
  const today = localDate(now, deps.region.timeZone);
  return sweepErasures({
    doc: deps.doc,
    tableName: deps.tableName,
    today,
    deadline: options.deadline ?? Date.now() + sweepBudgetMs,
    pageSize: options.pageSize,
    erase: async (marker) => {
      const record = await deps.repository.getCase(marker.id);
      if (!record) return 'stale';
      const dueDay = record.closedAt ? erasureDay(record.closedAt, deps.retentionDays, deps.region.timeZone) : undefined;
      // Erased already, reopened, or closed again later (that close wrote its own marker).
      if (!erasureDue(record, dueDay, today)) return 'stale';
      for (const file of record.files ?? []) await deps.store.delete(file.key);
      if (!(await deps.repository.replaceErased(erasePersonalData(record, now.toISOString()), record.version))) return 'retry';
      deps.logger.info('personal data erased', { caseId: record.caseId, closedAt: record.closedAt, files: record.files?.length ?? 0 });
      return 'erased';
    },
  });
}
