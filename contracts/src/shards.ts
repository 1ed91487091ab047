/**
 * The shard of a time-ordered index an id belongs to: timed duties (督办, mediation time
 * limits) are spread over several partition keys so a region with a million open items
 * never makes one key hot, and a sweep can walk the shards side by side.
 */
export function shardOf(id: string, shards: number): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % shards;
}
