import { erasureSweeper } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { eraseDuePersonalData } from '../app/erasure';
import { logger, repositoryFor, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, []);
const deps = { repository: repositoryFor(runtime, process.env), store: createObjectStore(process.env), region: runtime.region, logger };

/** Scheduled (EventBridge, hourly): erases the photos of work orders whose retention has passed (ADR 0013). */
export const handler = erasureSweeper(logger, (now) => eraseDuePersonalData(deps, now));
