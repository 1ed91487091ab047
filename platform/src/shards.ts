/** How long a scheduled sweep keeps starting pages: its functions time out at 60 s. */
export const sweepBudgetMs = 40_000;

/** One page of a shard's due items, and where the next page starts (absent at the end). */
export interface ShardPage<T> {
  items: T[];
  cursor?: Record<string, unknown>;
}

export interface ShardSweep<T> {
  shards: number;
  /** The due items of one shard from `cursor` on, oldest first. */
  page: (shard: number, cursor: Record<string, unknown> | undefined) => Promise<ShardPage<T>>;
  handle: (item: T) => Promise<void>;
  /** Epoch ms after which no new page is started: a scheduled run stops before its timeout, the next one goes on. */
  deadline: number;
}

/**
 * Walks every shard of a time-ordered index to its end, shards side by side and items of
 * one shard one after another, until the deadline. Paging (not re-querying from the start)
 * moves past items that stay due without anything to do, so one run can work through a
 * backlog of any size that fits its time.
 */
export async function sweepShards<T>(sweep: ShardSweep<T>): Promise<{ handled: number; finished: boolean }> {
  let handled = 0;
  let finished = true;
  await Promise.all(
    Array.from({ length: sweep.shards }, async (_, shard) => {
      let cursor: Record<string, unknown> | undefined;
      do {
        if (Date.now() >= sweep.deadline) {
          finished = false;
          return;
        }
        const page = await sweep.page(shard, cursor);
        for (const item of page.items) {
          await sweep.handle(item);
          handled++;
        }
        cursor = page.cursor;
      } while (cursor);
    }),
  );
  return { handled, finished };
}
