import { relayHandler, serviceRuntime } from '@govflow/platform';
import { intakeSendsTo, logger } from '../adapters/runtime';

const runtime = serviceRuntime(process.env, intakeSendsTo);

/** Intake's table stream: sends the events its writes stored (`case.received`, status notices; ADR 0023). */
export const handler = relayHandler(runtime.publisher, logger, runtime.metrics);
