import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { superviseDue } from '../app/supervisor';
import { DispatchRepository } from '../adapters/repository';
import { logger, runtimeFromEnv, supervisionSettings } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const settings = supervisionSettings(runtime.region);
const deps = { ...runtime, repository: new DispatchRepository(runtime.doc, runtime.tableName, settings), settings, logger };

/** Scheduled (EventBridge, every minute): due-soon warnings, overdue supervision, notices. */
export const handler = middy<ScheduledEvent, { raised: number; skipped: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => superviseDue(deps, event.time ? new Date(event.time) : new Date()));
