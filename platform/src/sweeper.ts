import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { OutboxRelay } from './outbox';

/** Events younger than this are still being sent inline by the code that stored them. */
export const sweepGraceMs = 5_000;

/** Scheduled entry point: sends outbox events whose inline send failed (a crash, a queue outage). */
export function outboxSweeper(relay: OutboxRelay, logger: Logger) {
  return middy()
    .use(injectLambdaContext(logger))
    .handler(async () => {
      const result = await relay.sweep(new Date(), sweepGraceMs);
      if (result.delivered + result.failed > 0) logger.info('outbox swept', { ...result });
      return result;
    });
}
