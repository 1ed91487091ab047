import type { QueueName, Stage } from '@govflow/contracts';

/**
 * A deployment's topology in a normal form that both a synthesized CDK assembly and a
 * running local stack can be reduced to, so a test can prove they are the same.
 */
export interface Topology {
  /** `stream`: the table stream's view type, or `NONE`. */
  tables: { stage: Stage; partitionKey: string; sortKey: string; globalIndexes: { name: string; partitionKey: string; sortKey: string; projection: string }[]; stream: string }[];
  queues: { name: QueueName; stage: Stage; visibilityTimeoutSeconds: number; maxReceiveCount: number; hasDeadLetterQueue: boolean }[];
  /** `METHOD /path -> functionId`, sorted. */
  routes: string[];
  eventSources: { queue: QueueName; functionId: string; batchSize: number; reportBatchItemFailures: boolean }[];
  /** Functions reading a table's stream. */
  streamSources: { stage: Stage; functionId: string; batchSize: number }[];
}

/** Sorts every list so two topologies compare with deep equality. */
export function normalizeTopology(t: Topology): Topology {
  const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
  return {
    tables: t.tables
      .map((x) => ({ ...x, globalIndexes: [...x.globalIndexes].sort(byKey((g) => g.name)) }))
      .sort(byKey((x) => x.stage)),
    queues: [...t.queues].sort(byKey((x) => x.name)),
    routes: [...t.routes].sort(),
    eventSources: [...t.eventSources].sort(byKey((x) => `${x.queue}:${x.functionId}`)),
    streamSources: [...t.streamSources].sort(byKey((x) => `${x.stage}:${x.functionId}`)),
  };
}
