/**
 * The change log a partner's `GET /v1/requests?changedSince=` reads (ADR 0027): each change a
 * partner sees (a case's `changedAt` moving) is one entry; a stream batch's entries of one
 * partner are one item, ordered by `changedAt`, keyed by the last of them.
 */

/** A case a partner sees change: when intake recorded the change (`changedAt`). */
export interface CaseChange {
  partnerId: string;
  caseId: string;
  changedAt: string;
}

/** One item of the log: a partner's changes from one stream batch. */
export interface ChangeLogItem {
  partnerId: string;
  /** The UTC day of its last change: the log is kept a partition per partner and day. */
  day: string;
  /** Its last change's time, then the batch's id: items sort by their last change. */
  sk: string;
  changes: CaseChange[];
}

const byTime = (a: CaseChange, b: CaseChange) => a.changedAt.localeCompare(b.changedAt) || a.caseId.localeCompare(b.caseId);

/**
 * A stream batch's changes as log items, one per partner. `batchId` names the batch (its first
 * record's sequence number): a batch handed over again writes the same items, or, longer, items
 * of other keys, whose entries the reader takes once (see `currentChanges`).
 */
export function changeLogItems(changes: readonly CaseChange[], batchId: string): ChangeLogItem[] {
  const byPartner = new Map<string, Map<string, CaseChange>>();
  for (const change of changes) {
    const own = byPartner.get(change.partnerId) ?? new Map<string, CaseChange>();
    byPartner.set(change.partnerId, own);
    own.set(`${change.changedAt} ${change.caseId}`, change);
  }
  return [...byPartner].map(([partnerId, own]) => {
    const sorted = [...own.values()].sort(byTime);
    const last = sorted.at(-1)!.changedAt;
    return { partnerId, day: last.slice(0, 10), sk: `${last}#${batchId}`, changes: sorted };
  });
}

/** An item's entries as stored: `<changedAt> <caseId>` lines, in time order. */
export const encodeEntries = (changes: readonly CaseChange[]) => changes.map((c) => `${c.changedAt} ${c.caseId}`).join('\n');

export function decodeEntries(partnerId: string, text: string): CaseChange[] {
  return text === ''
    ? []
    : text.split('\n').map((line) => {
        const [changedAt, caseId] = line.split(' ') as [string, string];
        return { partnerId, caseId, changedAt };
      });
}

/**
 * Of entries read in log order, those that may name a case's latest change: an entry followed
 * by a later one of the same case is not (the case is listed at its latest change only).
 */
export function latestOnly<T extends CaseChange>(entries: readonly T[]): T[] {
  const last = new Map<string, number>();
  entries.forEach((e, i) => last.set(e.caseId, i));
  return entries.filter((e, i) => last.get(e.caseId) === i);
}
