import { apiEntry, DynamoKeyStore, sealerFor } from '@govflow/platform';
import { createObjectStore } from '@govflow/platform/object-store';
import { createIntakeApi } from '../app/api';
import { CallbackAudience } from '../adapters/callback-audience';
import { CallbacksRepository } from '../adapters/callbacks-repository';
import { callbackSettingsFrom } from '../adapters/callbacks-runtime';
import { intakeSendsTo, logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env, intakeSendsTo);
const settings = callbackSettingsFrom(process.env);
const callbacks = new CallbacksRepository(runtime.doc, runtime.tableName);
const store = createObjectStore(process.env);
const keys = new DynamoKeyStore(runtime.doc, runtime.tableName);
const audience = new CallbackAudience((partnerId) => callbacks.listEndpoints(partnerId, true));

/** API Gateway (HTTP API, payload 2.0): requests, case status, uploads, taxonomy, partner callbacks and deliveries, OpenAPI. */
export const handler = apiEntry(logger, (secrets) =>
  createIntakeApi({ ...runtime, store, keys, secrets, sealer: sealerFor(process.env, secrets), logger, now: () => new Date(), callbacks, listens: (partnerId) => audience.listens(partnerId), allowLocalHttp: settings.allowLocalHttp, gapWaitMs: settings.gapWaitMs }),
);
