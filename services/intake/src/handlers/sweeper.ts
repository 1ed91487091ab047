import { outboxSweeper } from '@govflow/platform';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

/** Scheduled: resends intake's outbox events that a failed send left behind. */
export const handler = outboxSweeper(runtimeFromEnv(process.env, intakeSendsTo).relay, logger);
