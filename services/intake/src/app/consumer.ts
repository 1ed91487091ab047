import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  caseClassifiedV1,
  caseNoticeIssuedV1,
  makeEvent,
  caseHeldForTriageV1,
  caseLinkedAsRepeatV1,
  disputeStepEvents,
  mediationOpenedV1,
  workorderDispatchedV1,
  workOrderStepEvents,
  workorderSupervisedV1,
  type RegionConfig,
} from '@govflow/contracts';
import { erasureDay, markForErasure, sqsConsumer, type OperatorMetrics } from '@govflow/platform';
import { alreadyApplied, applyProgress, type CaseRecord } from '../domain/case';
import { withClosing } from '../domain/retention';
import { noticeFor } from '../domain/callbacks/notices';
import { progressOf, type ProgressEvent } from '../domain/progress';
import type { IntakeRepository } from '../adapters/repository';

export const intakeAccepts = [
  caseClassifiedV1,
  caseHeldForTriageV1,
  workorderDispatchedV1,
  mediationOpenedV1,
  ...disputeStepEvents,
  ...workOrderStepEvents,
  workorderSupervisedV1,
  caseLinkedAsRepeatV1,
] as const;

export class CaseNotYetStored extends Error {
  override name = 'CaseNotYetStored';
}

export interface IntakeConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  repository: IntakeRepository;
  logger: Logger;
  metrics?: OperatorMetrics;
  region: RegionConfig;
  /** Days after a case finishes until its sealed personal data is erased. */
  retentionDays: number;
  /** Whether the partner has a callback endpoint to send notices to (default: always; see CallbackAudience). */
  listens?: (partnerId: string) => Promise<boolean>;
}

/**
 * The partner's notice of a change (ADR 0008): numbered per case in the order changes are
 * applied here (the case's version check makes that order one), sent to the callbacks queue.
 */
function notice(event: ProgressEvent, before: CaseRecord, after: CaseRecord, region: RegionConfig) {
  const text = noticeFor(event, region.timeZone);
  if (!text) return undefined;
  const sequence = (before.noticeSequence ?? 1) + 1;
  after.noticeSequence = sequence;
  after.lastNoticeAt = event.occurredAt;
  return makeEvent(caseNoticeIssuedV1, {
    region: region.id,
    caseId: before.caseId,
    traceId: event.traceId,
    occurredAt: new Date(event.occurredAt),
    payload: {
      partnerId: before.partnerId,
      caseNumber: before.caseNumber,
      externalId: before.externalId,
      sequence,
      previousAt: before.lastNoticeAt ?? before.receivedAt,
      notice: text.notice,
      status: after.status,
      message: text.message,
    },
  });
}

/** Keeps the partner-facing status of each case up to date from the later stages' events. */
export function createIntakeConsumer(deps: IntakeConsumerDeps) {
  /** A case's events (one, or a batch's run of them, in order) applied one after the other and written once. */
  const progress = async (events: readonly ProgressEvent[]) => {
    const record = await deps.repository.getCase(events[0]!.caseId);
    // Intake writes the case before any later stage can hear of it; retry rather than drop.
    if (!record) throw new CaseNotYetStored(`case ${events[0]!.caseId} not found`);
    const notices = [];
    let current = record;
    for (const event of events) {
      const report = progressOf(event);
      // A redelivery: it changes nothing and tells the partner nothing again.
      if (alreadyApplied(current, report)) continue;
      // Stamped when stored, not when it happened: a late event still shows in a partner's next `changedSince` page.
      const progressed = { ...applyProgress(current, report), changedAt: new Date().toISOString() };
      const { record: next, closes } = withClosing(current, progressed, event.occurredAt);
      const issued = notice(event, current, next, deps.region);
      if (issued) notices.push(issued);
      // The day its personal data falls due is marked before the close is written: no close goes unmarked.
      if (closes) await markForErasure(deps.doc, deps.tableName, next.caseId, erasureDay(event.occurredAt, deps.retentionDays, deps.region.timeZone));
      current = next;
    }
    if (current === record) return { writes: [], emit: [] };
    // The notices are numbered on the case either way; they are sent only to a partner with an endpoint (asked only when there is one to send).
    const emit = notices.length > 0 && (!deps.listens || (await deps.listens(record.partnerId))) ? notices : [];
    // One version step for the lot: the version counts writes, not events.
    return { writes: [deps.repository.replaceCaseIfUnchanged({ ...current, version: record.version + 1 }, record.version)], emit };
  };
  return sqsConsumer({
    accepted: intakeAccepts,
    doc: deps.doc,
    tableName: deps.tableName,
    logger: deps.logger,
    metrics: deps.metrics,
    // Idempotent by state: a report already in the case's history is skipped, so no inbox marker is kept.
    handle: (event) => progress([event]),
    handleCase: (events) => progress(events),
  });
}
