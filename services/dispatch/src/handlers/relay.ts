import { relayHandler, serviceRuntime } from '@govflow/platform';
import { dispatchSendsTo, logger } from '../adapters/runtime';

const runtime = serviceRuntime(process.env, dispatchSendsTo);

/** Dispatch's table stream: sends the events its writes stored (routing, work-order steps, supervision; ADR 0023). */
export const handler = relayHandler(runtime.publisher, logger, runtime.metrics);
