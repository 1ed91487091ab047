import { sendsTo } from '@govflow/contracts';
import { relayHandler, serviceRuntime } from '@govflow/platform';
import { logger } from '../adapters/runtime';

const runtime = serviceRuntime(process.env, sendsTo('reporting'));

/** Reporting's table stream: sends the warnings the warner stored (ADR 0023). */
export const handler = relayHandler(runtime.publisher, logger, runtime.metrics);
