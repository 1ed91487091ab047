import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { loadRegion } from '@govflow/regions';
import { makeDailyReport } from '../app/daily';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const deps = { region: loadRegion(runtime.config.regionId), repository: new ReportingRepository(runtime.doc, runtime.tableName), logger };

/** Scheduled (hourly): yesterday's daily report (日报), made once. */
export const handler = middy<ScheduledEvent, { day: string; stored: boolean }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => makeDailyReport(deps, event.time ? new Date(event.time) : new Date()));
