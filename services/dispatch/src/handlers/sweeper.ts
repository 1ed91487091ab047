import { outboxSweeper } from '@govflow/platform';
import { logger, runtimeFromEnv } from '../adapters/runtime';

/** Scheduled: resends dispatch's outbox events that a failed send left behind. */
export const handler = outboxSweeper(runtimeFromEnv(process.env).relay, logger);
