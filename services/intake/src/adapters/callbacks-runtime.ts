import { createDocumentClient, deadLetterQueueFromEnv, loadSecrets, readServiceEnv, sealerFor } from '@govflow/platform';
import { CallbackDelivery } from '../app/callbacks-delivery';
import { defaultRetrySchedule, type RetrySchedule } from '../domain/callbacks/backoff';
import { CallbacksRepository } from './callbacks-repository';
import { postNotice } from './http-sender';
import { logger } from './runtime';

/** Delivery settings from the environment, read once; the defaults are the deployed ones (ADR 0008). */
export interface CallbackSettings {
  schedule: RetrySchedule;
  attemptTimeoutMs: number;
  gapWaitMs: number;
  /** Plain http to localhost is allowed (the local system only). */
  allowLocalHttp: boolean;
}

export function callbackSettingsFrom(env: NodeJS.ProcessEnv): CallbackSettings {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds`);
    return value;
  };
  return {
    schedule: {
      baseMs: read('CALLBACK_RETRY_BASE_MS', defaultRetrySchedule.baseMs),
      capMs: read('CALLBACK_RETRY_CAP_MS', defaultRetrySchedule.capMs),
      giveUpAfterMs: read('CALLBACK_GIVE_UP_AFTER_MS', defaultRetrySchedule.giveUpAfterMs),
      minAttempts: defaultRetrySchedule.minAttempts,
    },
    attemptTimeoutMs: read('CALLBACK_ATTEMPT_TIMEOUT_MS', 5_000),
    gapWaitMs: read('CALLBACK_GAP_WAIT_MS', 5 * 60_000),
    allowLocalHttp: env.CALLBACK_ALLOW_LOCAL_HTTP === 'true',
  };
}

/** The delivery consumer's and the retry sweep's wiring. */
export function callbackDeliveryFromEnv(env: NodeJS.ProcessEnv) {
  const config = readServiceEnv(env, []);
  const settings = callbackSettingsFrom(env);
  const repository = new CallbacksRepository(createDocumentClient(), config.tableName);
  const delivery = loadSecrets(env).then(
    (secrets) =>
      new CallbackDelivery({
        repository,
        sealer: sealerFor(env, secrets),
        send: postNotice,
        schedule: settings.schedule,
        attemptTimeoutMs: settings.attemptTimeoutMs,
        gapWaitMs: settings.gapWaitMs,
        now: () => new Date(),
        random: Math.random,
        logger,
      }),
  );
  return { delivery, deadLetter: deadLetterQueueFromEnv(env) };
}
