import { apiEntry } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { createDispatchApi } from '../app/api';
import { logger, repositoryFor, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const store = createObjectStore(process.env);

/** API Gateway (HTTP API, payload 2.0): triage and work orders. */
export const handler = apiEntry(logger, () =>
  createDispatchApi({
    region: runtime.region,
    repository: repositoryFor(runtime, process.env),
    logger,
    store,
    now: () => new Date(),
  }),
);
