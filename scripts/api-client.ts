import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '@govflow/contracts/openapi-types';

/** The API's schemas as the OpenAPI document describes them (`components['schemas']`). */
export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

/**
 * A client of the partner API acting with one key, typed from the OpenAPI document
 * (`npm run openapi:types`): a path, parameter or body the document does not describe
 * does not compile, so the demo and the benchmark cannot drift from what partners see.
 */
export function apiClient(baseUrl: string, key: string): ApiClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
}

/** One client per key, made once. */
export function clientsFor(baseUrl: string): (key: string) => ApiClient {
  const made = new Map<string, ApiClient>();
  return (key) => {
    let client = made.get(key);
    if (!client) made.set(key, (client = apiClient(baseUrl, key)));
    return client;
  };
}
