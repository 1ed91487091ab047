import * as z from 'zod';
import { queueNames, queueUrlEnvName, type QueueName } from '@govflow/contracts';
import { ConfigError } from './errors';

const Base = z.object({
  REGION_ID: z.string().min(1),
  TABLE_NAME: z.string().min(1),
});

export interface ServiceEnv {
  regionId: string;
  tableName: string;
  /** URLs of the queues this function sends to. */
  queueUrls: Partial<Record<QueueName, string>>;
}

/** Reads and checks a function's environment once, failing fast with every missing name. */
export function readServiceEnv(env: NodeJS.ProcessEnv, sendsTo: readonly QueueName[] = []): ServiceEnv {
  const base = Base.safeParse(env);
  const missingQueues = sendsTo.filter((s) => !env[queueUrlEnvName(s)]);
  if (!base.success || missingQueues.length > 0) {
    const names = [
      ...(base.success ? [] : base.error.issues.map((i) => String(i.path[0]))),
      ...missingQueues.map(queueUrlEnvName),
    ];
    throw new ConfigError(`missing environment: ${names.join(', ')}`);
  }
  const queueUrls: Partial<Record<QueueName, string>> = {};
  for (const queue of queueNames) {
    const url = env[queueUrlEnvName(queue)];
    if (url) queueUrls[queue] = url;
  }
  return { regionId: base.data.REGION_ID, tableName: base.data.TABLE_NAME, queueUrls };
}
