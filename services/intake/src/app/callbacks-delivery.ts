import type { Logger } from '@aws-lambda-powertools/logger';
import { type CallbackNotice, type CaseNoticeIssued, type CaseReceived } from '@govflow/contracts';
import type { PersonalDataSealer } from '@govflow/platform';
import type { RetrySchedule } from '../domain/callbacks/backoff';
import { acceptedMessage } from '../domain/callbacks/notices';
import { signingSecrets, wants, type CallbackEndpoint } from '../domain/callbacks/endpoints';
import { webhookHeaders } from '../domain/callbacks/signing';
import { deadLetter, offer, recordAttempt, sendable, type AttemptOutcome, type DeliveryStream, type NewStreamFields, type PendingNotice, type StreamContext } from '../domain/callbacks/stream';
import type { CallbacksRepository, StreamKey } from '../adapters/callbacks-repository';
import type { SendResult } from '../adapters/http-sender';

export interface DeliveryDeps {
  repository: CallbacksRepository;
  /** Opens the endpoints' sealed signing secrets. */
  sealer: PersonalDataSealer;
  send: (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<SendResult>;
  schedule: RetrySchedule;
  attemptTimeoutMs: number;
  /** How long a notice waits for a missing earlier one before it is sent anyway. */
  gapWaitMs: number;
  now: () => Date;
  random: () => number;
  logger: Logger;
}

/** A notice as it arrives on the callbacks queue, with the case it belongs to. */
export interface ArrivingNotice {
  partnerId: string;
  caseId: string;
  caseNumber: string;
  externalId?: string;
  notice: PendingNotice;
}

/** The acceptance (`case.received`, notice 1) and intake's later notices, in one shape. */
export function arrivingNotice(event: CaseReceived | CaseNoticeIssued): ArrivingNotice {
  const base = { partnerId: event.payload.partnerId, caseId: event.caseId, caseNumber: event.payload.caseNumber, externalId: event.payload.externalId };
  if (event.type === 'case.received') {
    return {
      ...base,
      notice: { eventId: event.eventId, type: 'case.accepted', sequence: 1, status: 'received', message: acceptedMessage(event.payload.caseNumber), occurredAt: event.occurredAt },
    };
  }
  const p = event.payload;
  return { ...base, notice: { eventId: event.eventId, type: p.notice, sequence: p.sequence, status: p.status, message: p.message, occurredAt: event.occurredAt, previousAt: p.previousAt } };
}

/** The body a partner receives (Standard Webhooks' recommended shape: type, timestamp, data). */
export function noticeBody(stream: DeliveryStream, notice: PendingNotice): string {
  const body: CallbackNotice = {
    type: notice.type,
    timestamp: notice.occurredAt,
    data: {
      eventId: notice.eventId,
      caseId: stream.caseId,
      caseNumber: stream.caseNumber,
      externalId: stream.externalId,
      sequence: notice.sequence,
      status: notice.status,
      message: notice.message,
      occurredAt: notice.occurredAt,
    },
  };
  return JSON.stringify(body);
}

/** Attempts one run may make on one stream before it leaves the rest to the sweep. */
const attemptsPerRun = 25;

/**
 * Delivers partner notices: each case's notices to each endpoint in order (a stream item per
 * endpoint and case), tried at once when the endpoint is healthy, otherwise, and after a
 * failure, by the retry sweep on the stream's `retryAt`.
 */
export class CallbackDelivery {
  constructor(private readonly deps: DeliveryDeps) {}

  /** Consumer: one notice from the queue, to every endpoint of its partner that is not disabled. */
  async handle(arriving: ArrivingNotice): Promise<void> {
    const endpoints = (await this.deps.repository.listEndpoints(arriving.partnerId)).filter((e) => !e.disabledAt);
    await Promise.all(
      endpoints.map((endpoint) => {
        const notice = wants(endpoint, arriving.notice.type) ? arriving.notice : { ...arriving.notice, silent: true };
        const fields: NewStreamFields = { endpointId: endpoint.id, partnerId: arriving.partnerId, caseId: arriving.caseId, caseNumber: arriving.caseNumber, externalId: arriving.externalId };
        return this.process(endpoint, { endpointId: endpoint.id, caseId: arriving.caseId }, { fields, notice });
      }),
    );
  }

  /**
   * Retry sweep: every stream whose time has come. Endpoints side by side; one endpoint's
   * streams one after another, and a failing endpoint gets one try per run, so a dead or
   * hanging endpoint costs one timeout per run and never holds up the others.
   */
  async sweep(budgetMs: number, limit = 2000): Promise<{ streams: number; endpoints: number }> {
    const started = Date.now();
    const due = await this.deps.repository.dueStreams(this.deps.now(), limit);
    const byEndpoint = new Map<string, StreamKey[]>();
    for (const key of due) byEndpoint.set(key.endpointId, [...(byEndpoint.get(key.endpointId) ?? []), key]);
    const endpointCache = new Map<string, Promise<CallbackEndpoint | undefined>>();
    const work = [...byEndpoint.values()];
    const runEndpoint = async (keys: StreamKey[]) => {
      for (const key of keys) {
        if (Date.now() - started > budgetMs) return;
        const stream = await this.deps.repository.getStream(key.endpointId, key.caseId);
        if (!stream) continue;
        const endpointKey = `${stream.partnerId}#${stream.endpointId}`;
        if (!endpointCache.has(endpointKey)) endpointCache.set(endpointKey, this.deps.repository.getEndpoint(stream.partnerId, stream.endpointId));
        const endpoint = await endpointCache.get(endpointKey);
        if (!endpoint) {
          await this.deps.repository.deleteStream(stream);
          continue;
        }
        if (endpoint.disabledAt) {
          await this.deps.repository.saveStream(deadLetter(stream, `endpoint disabled: ${endpoint.disabledReason ?? ''}`, this.context(endpoint)), this.deps.now());
          continue;
        }
        const failed = await this.process(endpoint, key, undefined, true);
        if (failed) return;
      }
    };
    // A few endpoints at a time, so the sweep stays within its function's connections and time.
    const lanes = 16;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, work.length) }, async () => {
        while (next < work.length) await runEndpoint(work[next++]!);
      }),
    );
    return { streams: due.length, endpoints: byEndpoint.size };
  }

  private context(endpoint: CallbackEndpoint): StreamContext {
    return { now: this.deps.now(), endpointCreatedAt: endpoint.createdAt, gapWaitMs: this.deps.gapWaitMs };
  }

  /**
   * Offers an arriving notice (if any), tries what is sendable, and saves the stream. A write
   * that loses to a concurrent one is redone on a fresh read, with the outcomes of the attempts
   * already made (a POST cannot be taken back: at least once). Returns whether an attempt failed.
   */
  private async process(endpoint: CallbackEndpoint, key: StreamKey, arriving?: { fields: NewStreamFields; notice: PendingNotice }, fromSweep = false): Promise<boolean> {
    const made: { eventId: string; outcome: AttemptOutcome; at: Date; random: number }[] = [];
    let budget = attemptsPerRun;
    for (let round = 0; round < 8; round++) {
      const stored = await this.deps.repository.getStream(key.endpointId, key.caseId);
      let stream = stored;
      let changed = false;
      if (arriving) {
        const offered = offer(stream, arriving.fields, arriving.notice, this.context(endpoint));
        if (offered) [stream, changed] = [offered, true];
      }
      if (!stream) return false;
      for (const m of made) {
        const next = recordAttempt(stream, m.eventId, m.outcome, { ...this.context(endpoint), now: m.at, schedule: this.deps.schedule, random: m.random });
        if (next) [stream, changed] = [next, true];
      }
      let failed = made.some((m) => m.outcome.kind !== 'delivered');
      while (budget > 0 && !failed) {
        const head = sendable(stream, this.context(endpoint));
        // A failing endpoint is left to the sweep (one try per run), so its timeouts hold up no consumer.
        if (!head || (endpoint.failingSince && !fromSweep && !head.silent)) break;
        budget--;
        const at = this.deps.now();
        const outcome: AttemptOutcome = head.silent ? ({ kind: 'delivered' } as const) : await this.attempt(endpoint, stream, head, at);
        const random = this.deps.random();
        made.push({ eventId: head.eventId, outcome, at, random });
        stream = recordAttempt(stream, head.eventId, outcome, { ...this.context(endpoint), now: at, schedule: this.deps.schedule, random })!;
        changed = true;
        failed = outcome.kind !== 'delivered';
        if (!head.silent) await this.noteHealth(endpoint, outcome);
      }
      if (!changed) return failed;
      if (await this.deps.repository.saveStream(stream, this.deps.now())) {
        if (stream.failedAt && !stored?.failedAt) this.deps.logger.warn('callback delivery dead-lettered', { endpointId: stream.endpointId, caseId: stream.caseId, attempts: stream.attempts, error: stream.lastError });
        return failed;
      }
    }
    throw new Error(`delivery stream ${key.endpointId}/${key.caseId} kept changing`);
  }

  private async attempt(endpoint: CallbackEndpoint, stream: DeliveryStream, notice: PendingNotice, at: Date): Promise<AttemptOutcome> {
    const body = noticeBody(stream, notice);
    const sealed = signingSecrets(endpoint, at);
    await this.deps.sealer.load(sealed);
    const secrets = sealed.map((s) => this.deps.sealer.unseal(s));
    const headers = webhookHeaders(secrets, notice.eventId, Math.floor(at.getTime() / 1000), body);
    const result = await this.deps.send(endpoint.url, headers, body, this.deps.attemptTimeoutMs);
    if (result.kind !== 'delivered') this.deps.logger.info('callback attempt failed', { endpointId: endpoint.id, caseId: stream.caseId, sequence: notice.sequence, result: result.kind === 'failed' ? result.error : 'gone' });
    return result.kind === 'delivered' ? { kind: 'delivered' } : result;
  }

  /** Endpoint health: failing since the first failure, healthy again at the first success; disabled at a 410. */
  private async noteHealth(endpoint: CallbackEndpoint, outcome: AttemptOutcome): Promise<void> {
    const now = this.deps.now().toISOString();
    if (outcome.kind === 'gone') {
      endpoint.disabledAt = now;
      await this.deps.repository.disable(endpoint, now, 'the endpoint answered 410 Gone');
      this.deps.logger.warn('callback endpoint disabled (410 Gone)', { endpointId: endpoint.id, partnerId: endpoint.partnerId });
    } else if (outcome.kind === 'failed' && !endpoint.failingSince) {
      endpoint.failingSince = now;
      await this.deps.repository.setFailing(endpoint, now);
    } else if (outcome.kind === 'delivered' && endpoint.failingSince) {
      delete endpoint.failingSince;
      await this.deps.repository.setFailing(endpoint, undefined);
    }
  }
}
