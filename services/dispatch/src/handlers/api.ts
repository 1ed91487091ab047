import { apiEntry } from '@govflow/platform';
import { createDispatchApi } from '../app/api';
import { DispatchRepository } from '../adapters/repository';
import { logger, runtimeFromEnv, supervisionSettings } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);

/** API Gateway (HTTP API, payload 2.0): triage and work orders. */
export const handler = apiEntry(logger, () =>
  createDispatchApi({
    region: runtime.region,
    repository: new DispatchRepository(runtime.doc, runtime.tableName, supervisionSettings(runtime.region)),
    relay: runtime.relay,
    logger,
    now: () => new Date(),
  }),
);
