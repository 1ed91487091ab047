import { erasureSweeper } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { eraseDuePersonalData } from '../app/erasure';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const deps = { ...runtimeFromEnv(process.env, []), store: createObjectStore(process.env), logger };

/** Scheduled (EventBridge, hourly): erases the personal data of cases whose retention has passed (ADR 0013). */
export const handler = erasureSweeper(logger, (now) => eraseDuePersonalData(deps, now));
