import { apiEntry } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { createIntakeApi } from '../app/api';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, intakeSendsTo);
const store = createObjectStore(process.env);

/** API Gateway (HTTP API, payload 2.0): requests, case status, uploads, taxonomy, OpenAPI. */
export const handler = apiEntry(logger, (secrets) => createIntakeApi({ ...runtime, store, secrets, logger, now: () => new Date() }));
