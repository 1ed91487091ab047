import type { DispatchRecord } from '../routing/decide';

/**
 * Personal-data retention of a work order (ADR 0013): the before-and-after photos a
 * department attached when it resolved the case may show people, homes and number plates, so
 * they go when the case's retention ends, counted from the step that closed the order.
 */

/** When the order was closed (its last step, a satisfied or basic rating), if it is closed. */
export function closedAt(record: DispatchRecord): string | undefined {
  const order = record.workOrder;
  if (order?.status !== 'closed') return undefined;
  return order.audit.findLast((entry) => entry.to === 'closed')?.at;
}

/** True when this version of the record is the write that closed the order: the last step led to `closed`. */
export function closesNow(record: DispatchRecord): boolean {
  return record.workOrder?.status === 'closed' && record.workOrder.audit.at(-1)?.to === 'closed';
}

/** Whether the record holds anything retention would erase: only then does closing it leave a marker. */
export function holdsPersonalFiles(record: DispatchRecord): boolean {
  return (record.workOrderFiles?.length ?? 0) > 0;
}

/** Closed, due by `today` and not erased since: a reopened order (重办) is not. */
export function erasureDue(record: DispatchRecord, dueDay: string | undefined, today: string): boolean {
  return record.workOrder?.status === 'closed' && record.personalDataErasedAt === undefined && dueDay !== undefined && dueDay <= today;
}

/** The record without its photos, stamped; the order, its history and its category stay (the figures do not move). */
export function erasePersonalData(record: DispatchRecord, at: string): DispatchRecord {
  const { workOrderFiles: _files, ...kept } = record;
  return { ...kept, personalDataErasedAt: at, version: record.version + 1 };
}
