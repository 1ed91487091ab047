import { apiEntry } from '@govflow/platform';
import { createIntakeApi } from '../app/api';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, intakeSendsTo);

/** API Gateway (HTTP API, payload 2.0): requests, case status, taxonomy, OpenAPI. */
export const handler = apiEntry(logger, (secrets) => createIntakeApi({ ...runtime, secrets, logger, now: () => new Date() }));
