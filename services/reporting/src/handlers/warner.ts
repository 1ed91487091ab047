import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadRegion } from '@govflow/regions';
import { sealDigests } from '../app/digests';
import { sweepWarnings } from '../app/warner';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const deps = { ...runtime, region: loadRegion(runtime.config.regionId), repository: new ReportingRepository(runtime.doc, runtime.tableName), logger };

/** Scheduled (every 10 minutes): volume surges and clusters (预警), then the digests of closed days. */
export const handler = middy<ScheduledEvent, { raised: number; judged: number; folded: number; sealed: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event, context: Context) => {
    const now = event.time ? new Date(event.time) : new Date();
    const warnings = await sweepWarnings(deps, now);
    // Leave 10 s of the function's time for the last bucket under way.
    const deadline = Date.now() + Math.max(0, (context.getRemainingTimeInMillis?.() ?? 60_000) - 10_000);
    const digests = await sealDigests(deps, { now, deadline });
    return { ...warnings, folded: digests.folded, sealed: digests.sealed };
  });
