import { outboxSweeper } from '@govflow/platform';
import { logger, mediationSendsTo, storeFromEnv } from '../adapters/runtime';

/** Scheduled: resends mediation's outbox events that a failed send left behind. */
export const handler = outboxSweeper(storeFromEnv(process.env, mediationSendsTo).relay, logger);
