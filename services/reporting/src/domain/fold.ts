import { addCounts, type Counts } from './figures';

/**
 * Folding counter changes from the table's stream (ADR 0022). The consumer writes a case's
 * record plainly, with the counter change that write makes (`delta`); the stream hands the
 * records to the fold in order, shard by shard, and the fold adds a whole batch's changes to
 * each counter cell in one write. A stream delivers at least once, so each cell remembers,
 * per shard, the sequence number of the last record it took (its mark): a batch handed over
 * again adds to a cell only the records after the cell's mark.
 */

/** One stream record's counter change: its sequence number in its shard and its change by cell id. */
export interface FoldRecord {
  sequence: string;
  delta: Readonly<Record<string, Counts>>;
}

/** A cell's part of a batch: the records that change it, in stream order. */
export interface CellChanges {
  cellId: string;
  changes: { sequence: string; counts: Counts }[];
}

/** Sequence numbers are decimal strings of up to 40 digits; marks keep them padded, so that they compare as strings. */
export const markOf = (sequence: string) => sequence.padStart(40, '0');

/** The batch's changes grouped by cell, each cell's in the order of the stream. */
export function changesByCell(records: readonly FoldRecord[]): CellChanges[] {
  const cells = new Map<string, CellChanges>();
  for (const record of records) {
    for (const [cellId, counts] of Object.entries(record.delta)) {
      const cell = cells.get(cellId) ?? { cellId, changes: [] };
      cells.set(cellId, cell);
      cell.changes.push({ sequence: markOf(record.sequence), counts });
    }
  }
  return [...cells.values()];
}

/**
 * What a cell whose mark is `mark` still has to take of its changes: the sum of those after the
 * mark (all of them without a mark), zero figures left out (possibly all of them: the mark still
 * moves), and the mark to set. Undefined when it has taken them all.
 */
export function remaining(cell: CellChanges, mark?: string): { counts: Counts; mark: string } | undefined {
  const after = mark === undefined ? cell.changes : cell.changes.filter((c) => c.sequence > mark);
  if (after.length === 0) return undefined;
  const counts = after.reduce<Counts>((sum, c) => addCounts(sum, c.counts), {});
  for (const metric of Object.keys(counts)) if (counts[metric] === 0) delete counts[metric];
  return { counts, mark: after.at(-1)!.sequence };
}
