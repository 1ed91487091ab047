import { addCounts, keptDimensions, parseCellId, type Counts, type Dimension } from './figures';
import { addDays, monthDays } from './time';

/**
 * Digests: a closed day's (or month's) counters of one dimension, all values in one item,
 * so a query over 30 days by department reads 30 items instead of 30 × 98.
 *
 * Counters keep changing after their day: a case received on Monday and closed on Friday
 * takes itself off Monday's `open`; a transfer moves all of a case's figures to another
 * department. So a digest is never rebuilt from scratch to stay true; instead:
 *
 * - counters are kept per day only; a month's digest is the sum of its days';
 * - every change to a **closed** day (before the writer's today) is written, in the same
 *   transaction, to the live counter item, as always, and to the day's **pending** item
 *   (`value|metric` attributes, ADD, and `seq` + 1), and to its month's pending item too
 *   once the month is closed;
 * - the sealing job, for a bucket that is **sealable** (over, and the next day twenty
 *   minutes old, so every writer already sees it closed), either builds the digest (a day's from its live items, a month's from its
 *   days), or folds the pending item into
 *   the digest, and in the same transaction deletes the pending item on condition that
 *   its `seq` is what was read: a change in between cancels the fold, which is retried.
 *
 * Invariant: where a digest exists, the bucket's true counts = digest + pending.
 */

/** Dimensions kept as digests (hotspot hours and cluster cells feed the warner, read a few at a time). */
export const digestedDimensions: readonly Dimension[] = keptDimensions;

const isMonth = (bucket: string) => bucket.length === 7;
const lastDayOf = (bucket: string) => (isMonth(bucket) ? monthDays(bucket).to : bucket);

/** A bucket no longer current for a writer whose region day is `today`: its changes go to the pending item too. */
export function isClosed(bucket: string, today: string): boolean {
  return lastDayOf(bucket) <= addDays(today, -1);
}

/** Minutes into the region's day before yesterday may be sealed: longer than any writer's clock is off plus its longest invocation. */
export const sealingMarginMinutes = 20;

/**
 * A bucket the sealing job may digest: its last day is over, and the day after it has run
 * long enough that every writer sees it closed (a writer decides by its own clock, and a
 * transaction it began before midnight has committed).
 */
export function isSealable(bucket: string, today: string, minutesIntoToday: number): boolean {
  const last = lastDayOf(bucket);
  return last <= addDays(today, -2) || (last === addDays(today, -1) && minutesIntoToday >= sealingMarginMinutes);
}

/** `dimension#bucket` of a digest (and its pending item). */
export type DigestId = string;
export const digestId = (dimension: Dimension, bucket: string): DigestId => `${dimension}#${bucket}`;
export function parseDigestId(id: DigestId): { dimension: Dimension; bucket: string } {
  const [dimension, bucket] = id.split('#') as [Dimension, string];
  return { dimension, bucket };
}

/** Attribute names of a pending item: `value|metric` (a value may contain `|`; a metric never does). */
export const pendingAttribute = (value: string, metric: string) => `${value}|${metric}`;

/**
 * The pending changes a counter delta makes: for each closed, digested day it changes, and
 * for that day's month once the month is closed too, the `value|metric` amounts.
 */
export function pendingChanges(delta: ReadonlyMap<string, Counts>, today: string): Map<DigestId, Record<string, number>> {
  const pending = new Map<DigestId, Record<string, number>>();
  const add = (key: DigestId, value: string, counts: Counts) => {
    const attributes = pending.get(key) ?? {};
    for (const [metric, amount] of Object.entries(counts)) attributes[pendingAttribute(value, metric)] = (attributes[pendingAttribute(value, metric)] ?? 0) + amount;
    pending.set(key, attributes);
  };
  for (const [id, counts] of delta) {
    const cell = parseCellId(id);
    if (!digestedDimensions.includes(cell.dimension) || !isClosed(cell.bucket, today)) continue;
    add(digestId(cell.dimension, cell.bucket), cell.value, counts);
    const month = cell.bucket.slice(0, 7);
    if (isClosed(month, today)) add(digestId(cell.dimension, month), cell.value, counts);
  }
  return pending;
}

/** Counts by value from a pending item's attributes. */
export function pendingRows(attributes: Record<string, unknown>): Map<string, Counts> {
  const rows = new Map<string, Counts>();
  for (const [name, amount] of Object.entries(attributes)) {
    const bar = name.lastIndexOf('|');
    if (bar < 0 || typeof amount !== 'number') continue;
    const value = name.slice(0, bar);
    rows.set(value, addCounts(rows.get(value) ?? {}, { [name.slice(bar + 1)]: amount }));
  }
  return rows;
}

/**
 * A digest's rows as one compact string: the metric names once, then per value its counts
 * in that order (zeros as 0, trailing zeros dropped). A day of 98 departments is ~10 KB.
 */
export function encodeDigest(rows: ReadonlyMap<string, Counts>): string {
  const metrics = [...new Set([...rows.values()].flatMap((counts) => Object.keys(counts).filter((m) => counts[m] !== 0)))].sort();
  const values: Record<string, number[]> = {};
  for (const [value, counts] of rows) {
    const vector = metrics.map((m) => counts[m] ?? 0);
    while (vector.at(-1) === 0) vector.pop();
    if (vector.length > 0) values[value] = vector;
  }
  return JSON.stringify({ m: metrics, v: values });
}

export function decodeDigest(text: string): Map<string, Counts> {
  const { m, v } = JSON.parse(text) as { m: string[]; v: Record<string, number[]> };
  const rows = new Map<string, Counts>();
  for (const [value, vector] of Object.entries(v)) {
    const counts: Counts = {};
    vector.forEach((amount, i) => amount !== 0 && (counts[m[i]!] = amount));
    rows.set(value, counts);
  }
  return rows;
}

/** Digest rows plus pending rows: the bucket's true counts. */
export function addRows(base: ReadonlyMap<string, Counts>, more: ReadonlyMap<string, Counts>): Map<string, Counts> {
  const sum = new Map<string, Counts>();
  for (const [value, counts] of base) sum.set(value, { ...counts });
  for (const [value, counts] of more) sum.set(value, addCounts(sum.get(value) ?? {}, counts));
  return sum;
}
