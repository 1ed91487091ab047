import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { loadRegion } from '@govflow/regions';
import { sweepWarnings } from '../app/warner';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const deps = { ...runtime, region: loadRegion(runtime.config.regionId), repository: new ReportingRepository(runtime.doc, runtime.tableName), logger };

/** Scheduled (every 10 minutes): volume surges and clusters (预警). */
export const handler = middy<ScheduledEvent, { raised: number; judged: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => sweepWarnings(deps, event.time ? new Date(event.time) : new Date()));
