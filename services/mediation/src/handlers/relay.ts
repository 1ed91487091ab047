import { relayHandler, serviceRuntime } from '@govflow/platform';
import { logger, mediationSendsTo } from '../adapters/runtime';

const runtime = serviceRuntime(process.env, mediationSendsTo);

/** Mediation's table stream: sends the events its writes stored (every step of a dispute; ADR 0023). */
export const handler = relayHandler(runtime.publisher, logger, runtime.metrics);
