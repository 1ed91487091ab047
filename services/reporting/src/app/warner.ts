import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeEvent, type RegionConfig, type WarningFields, warningRaisedV1 } from '@govflow/contracts';
import { isWriteConflict, withEvents, writeAtomically } from '@govflow/platform';
import { cellId } from '../domain/figures';
import { addDays, addHours, localDay, localHour } from '../domain/time';
import { clusterWarning, judgeSurge, surgeWarning } from '../domain/warnings';
import type { ReportingRepository } from '../adapters/repository';

export interface WarnerDeps {
  region: RegionConfig;
  repository: ReportingRepository;
  doc: DynamoDBDocumentClient;
  logger: Logger;
}

/**
 * The scheduled 预警 sweep: for every community × category with requests in the last three
 * hours, compares the volume with the same weekday and hours of the trailing weeks; and
 * every grid × minor category with many requests today. Each new warning is stored once
 * and sent as `warning.raised`.
 */
export async function sweepWarnings(deps: WarnerDeps, now: Date): Promise<{ raised: number; judged: number }> {
  const { region, repository } = deps;
  const settings = region.reporting.warnings;
  const tz = region.timeZone;
  const hour = localHour(now, tz);
  const today = localDay(now, tz);
  const hours = [addHours(hour, -2), addHours(hour, -1), hour];
  const elapsed = (now.getTime() % 3_600_000) / 3_600_000;

  const since = await repository.watchingSince(today);
  const weeks = Array.from({ length: settings.baselineWeeks }, (_, i) => i + 1).filter((w) => addDays(today, -7 * w) >= since);
  const recentRows = await repository.hourCounters('hotspot', hours[0]!, hour);
  const cells = [...new Set(recentRows.map((r) => r.value))];
  const pastIds = cells.flatMap((value) => weeks.flatMap((w) => hours.map((h) => cellId({ dimension: 'hotspot', value, bucket: addHours(h, -24 * 7 * w) }))));
  const past = await repository.cells(pastIds);
  const received = (id: string) => past.get(id)?.received ?? 0;

  const warnings: WarningFields[] = [];
  for (const value of cells) {
    const recent = hours.map((h) => recentRows.find((r) => r.value === value && r.hour === h)?.counts.received ?? 0);
    const history = weeks.map((w) => hours.map((h) => received(cellId({ dimension: 'hotspot', value, bucket: addHours(h, -24 * 7 * w) }))));
    const finding = judgeSurge(recent, history, elapsed, settings);
    if (finding) warnings.push(surgeWarning(value, finding, now, tz));
  }
  for (const row of await repository.counters('cluster', today, today)) {
    const observed = row.counts.received ?? 0;
    if (observed >= settings.clusterMinCases) warnings.push(clusterWarning(row.value, today, observed, settings.clusterMinCases, now));
  }

  let raised = 0;
  for (const warning of warnings) if (await raiseOnce(deps, warning, today.slice(0, 7))) raised++;
  if (raised > 0) deps.logger.info('warnings raised', { raised, judged: cells.length });
  return { raised, judged: cells.length };
}

async function raiseOnce(deps: WarnerDeps, warning: WarningFields, month: string): Promise<boolean> {
  const event = makeEvent(warningRaisedV1, { region: deps.region.id, caseId: warning.warningId, traceId: warning.warningId, occurredAt: new Date(warning.raisedAt), payload: warning });
  try {
    // The warning carries its event; reporting's relay sends it (ADR 0023).
    await writeAtomically(deps.doc, withEvents(deps.repository.tableName, [deps.repository.warningPutOnce(warning, month)], [event]));
  } catch (error) {
    // Raised before (today, for this cell): nothing new to say.
    if (isWriteConflict(error)) return false;
    throw error;
  }
  return true;
}
