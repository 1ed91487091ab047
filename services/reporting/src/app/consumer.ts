import type { Logger } from '@aws-lambda-powertools/logger';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allEvents, type AnyEvent, makeEvent, type RegionConfig, warningRaisedV1 } from '@govflow/contracts';
import { sqsConsumer, type Effect, type OperatorMetrics } from '@govflow/platform';
import { projectEvents, type Step } from '../domain/projector';
import { pendingChanges } from '../domain/digests';
import { localDay } from '../domain/time';
import { ReportingRepository, type StoredRecord } from '../adapters/repository';

export interface ReportingConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
  metrics?: OperatorMetrics;
  region: RegionConfig;
  now?: () => Date;
}

/** DynamoDB's limit of items per transaction. */
const transactionLimit = 100;

/**
 * Projects one event: the case's record, its counter changes, the event into the archive,
 * and any warning it raises (stored, and sent as `warning.raised`), in one transaction. A
 * change with more counter items than fit is applied in parts first (see `project`), each
 * part its own conditional transaction.
 */
export function createProjector(deps: Omit<ReportingConsumerDeps, 'logger'>) {
  const projectCase = createCaseProjector(deps);
  return (event: AnyEvent, options: { archive: boolean; reserved: number }): Promise<Effect> => projectCase([event], options);
}

/**
 * How a change reaches the counters: in the transaction that writes the record (replay, and
 * any table without the fold), or on the record itself, for the fold to add from the table's
 * stream (ADR 0022): then the record is written plainly and no counter item by the consumer,
 * and the events to archive ride on it to the fold as well (ADR 0026).
 */
export type CounterPath = 'transaction' | 'stream';

/** The same for several events of one case, in order, as one change (see `projectEvents`). */
export function createCaseProjector(deps: Omit<ReportingConsumerDeps, 'logger'>, counters: CounterPath = 'transaction') {
  const repository = new ReportingRepository(deps.doc, deps.tableName);
  const now = deps.now ?? (() => new Date());
  return async (events: readonly AnyEvent[], options: { archive: boolean; reserved: number }): Promise<Effect> => {
    const archive = () => repository.archive(events);
    for (;;) {
      const stored = await repository.getRecord(events[0]!.caseId);
      if (counters === 'stream') return projectOntoRecord(stored, events, options, { repository, region: deps.region });
      // Room for the record (and what the caller reserves); each warning takes one more (its event rides on it).
      const room = transactionLimit - options.reserved - 1;
      const today = localDay(now(), deps.region.timeZone);
      // A change to a closed day or month also goes to its digest's pending item (at most one per counter item).
      const itemsOf = (s: Step) => s.delta.size + pendingChanges(s.delta, today).size + (s.complete ? s.warnings.length : 0);
      let step = projectEvents(stored, events, deps.region, room);
      if (itemsOf(step) > room) step = projectEvents(stored, events, deps.region, Math.floor((room - step.warnings.length) / 2));
      const counterWrites = [
        ...[...step.delta].map(([id, counts]) => repository.counterUpdate(id, counts)),
        ...[...pendingChanges(step.delta, today)].map(([id, amounts]) => repository.pendingUpdate(id, amounts)),
      ];
      const save = repository.saveRecord(step.next, stored?.version);
      if (!step.complete) {
        await deps.doc.send(new TransactWriteCommand({ TransactItems: [save, ...counterWrites] }));
        continue;
      }
      // A redelivered event merges into nothing new: nothing to write (no inbox marker is kept; see below).
      if (stored && step.delta.size === 0 && step.warnings.length === 0 && JSON.stringify(step.next.record) === JSON.stringify(stored.record) && !stored.appliedCells) {
        if (options.archive) await archive();
        return { writes: [], emit: [] };
      }
      const { caseId, traceId } = events.at(-1)!;
      const emit = step.warnings.map((w) => makeEvent(warningRaisedV1, { region: deps.region.id, caseId, traceId, occurredAt: new Date(w.raisedAt), payload: w }));
      // The archive keeps every event by its id: an idempotent put, outside the transaction (where it would cost twice).
      if (options.archive) await archive();
      return {
        // Warnings first: the first carries the events to the relay (ADR 0023), not the record the fold reads.
        writes: [
          ...step.warnings.map((w) => repository.warningPut(w, localDay(w.raisedAt, deps.region.timeZone).slice(0, 7))),
          save,
          ...counterWrites,
        ],
        emit,
      };
    }
  };

}

/**
 * The record with its counter change and its events on it, and any warnings: the fold adds the
 * change to the counters and the events to the archive, from the stream (ADR 0022, ADR 0026).
 */
async function projectOntoRecord(
  stored: StoredRecord | undefined,
  events: readonly AnyEvent[],
  options: { archive: boolean },
  deps: { repository: ReportingRepository; region: RegionConfig },
): Promise<Effect> {
  const step = projectEvents(stored, events, deps.region, Number.POSITIVE_INFINITY);
  // Nothing new to write (a redelivery, or an event that moves no fact): no write carries the events, so they are archived here.
  if (stored && step.delta.size === 0 && step.warnings.length === 0 && JSON.stringify(step.next.record) === JSON.stringify(stored.record) && !stored.appliedCells) {
    if (options.archive) await deps.repository.archive(events);
    return { writes: [], emit: [] };
  }
  const { caseId, traceId } = events.at(-1)!;
  const delta = step.delta.size > 0 ? Object.fromEntries(step.delta) : undefined;
  const { write, apart } = deps.repository.saveRecordWithEvents({ ...step.next, delta }, stored?.version, options.archive ? events : []);
  // Events that would take the record over a kilobyte line are archived here instead (before the write: a retry archives them again, in the same item).
  if (apart.length > 0) await deps.repository.archive(apart);
  return {
    // Warnings first: the first carries the events to the relay (ADR 0023), not the record the fold reads.
    writes: [...step.warnings.map((w) => deps.repository.warningPut(w, localDay(w.raisedAt, deps.region.timeZone).slice(0, 7))), write],
    emit: step.warnings.map((w) => makeEvent(warningRaisedV1, { region: deps.region.id, caseId, traceId, occurredAt: new Date(w.raisedAt), payload: w })),
  };
}

/**
 * Consumes every event: each one folds into its case's record exactly once, written with the
 * counter change it makes and the events that made it; the fold adds the change to the
 * counters and the events to the archive from the table's stream (ADR 0022, ADR 0026).
 * Merging facts is idempotent and the record's version guards the change, so a redelivery
 * changes nothing: no inbox marker is needed.
 */
export function createReportingConsumer(deps: ReportingConsumerDeps) {
  const projectCase = createCaseProjector(deps, 'stream');
  return sqsConsumer({
    accepted: allEvents,
    doc: deps.doc,
    tableName: deps.tableName,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: (event) => projectCase([event], { archive: true, reserved: 0 }),
    // A case's events in one batch (received, classified, dispatched arrive together) are one change.
    handleCase: (events) => projectCase(events, { archive: true, reserved: 0 }),
  });
}
