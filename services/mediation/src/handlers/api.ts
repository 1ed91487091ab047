import { apiEntry } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { createMediationApi } from '../app/api';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const store = createObjectStore(process.env);

/** API Gateway (HTTP API, payload 2.0): disputes and the mediator directory. */
export const handler = apiEntry(logger, () => {
  // The service is ready once the same secrets are read; the first request waits for it.
  const api = runtime.service.then((service) => createMediationApi({ ...runtime, service, logger, store }));
  return async (event) => (await api)(event);
});
