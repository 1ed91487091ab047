import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { caseReceivedV1, makeEvent, type RegionConfig, type SubmitAccepted, type SubmitRequestBody } from '@govflow/contracts';
import { linkUploads, releaseIncoming, type ObjectStore } from '@govflow/platform/object-store';
import { fingerprint, HttpProblem, maskEmail, maskName, maskPersonalData, maskPhone, regionDay, type Caller, type PersonalDataSealer } from '@govflow/platform';
import { formatCaseNumber, keyedCaseId, openCase } from '../domain/case';
import { outsideScope } from '../domain/scope';
import { IdempotencyConflict, type IntakeRepository } from '../adapters/repository';

export interface SubmitDeps {
  region: RegionConfig;
  repository: IntakeRepository;
  sealer: PersonalDataSealer;
  store: ObjectStore;
  now: () => Date;
  logger: Pick<Logger, 'warn'>;
  /** Whether the partner has a callback endpoint (see CallbackAudience); without it, taken as listening. */
  listens?: (partnerId: string) => Promise<boolean>;
}

export interface SubmitOutcome {
  answer: SubmitAccepted;
  /** True when this is a retry answered from the case its key names. */
  replayed: boolean;
}

/**
 * 受理: number the request and store it with its `case.received` event on it, in one
 * write; intake's relay sends the event from the table's stream (ADR 0023). After the
 * store commits, nothing can lose the case or its event.
 */
export async function submitRequest(
  deps: SubmitDeps,
  caller: Caller,
  body: SubmitRequestBody,
  idempotencyKey: string | undefined,
  traceId: string,
): Promise<SubmitOutcome> {
  const partner = deps.region.partners.find((p) => p.id === caller.partnerId);
  if (!partner) throw new HttpProblem(403, 'unknown-partner', 'Partner is not registered in this region');
  if (!partner.channels.includes(body.channel)) {
    throw new HttpProblem(403, 'channel-not-allowed', 'Channel not allowed for this partner', `Partner ${partner.id} may submit on: ${partner.channels.join(', ')}.`);
  }
  const outside = outsideScope(deps.region, partner, body);
  if (outside) throw new HttpProblem(403, 'outside-partner-area', 'Location outside this partner’s area', outside);

  // 128 bits tell bodies apart; the case keeps it at every write, so it is kept short.
  const bodyFingerprint = fingerprint(body).slice(0, 32);
  // A request with a key names its case: a retry finds it, and a racing twin writes the same item.
  const caseId = idempotencyKey ? keyedCaseId(partner.id, idempotencyKey) : randomUUID();
  if (idempotencyKey) {
    const earlier = await deps.repository.findIdempotency(partner.id, idempotencyKey, caseId);
    if (earlier) return replay(earlier.fingerprint, bodyFingerprint, earlier.answer);
  }

  // Uploaded photos must be this partner's, in storage, of an accepted type and size; they are copied under the case
  // before a case number is drawn, so a refused link costs no number.
  const uploadIds = body.attachments.flatMap((a) => (typeof a === 'string' ? [] : [a.uploadId]));
  const files = uploadIds.length > 0 ? await linkUploads(deps.store, caller, 'case-photo', caseId, uploadIds) : [];
  const receivedAt = deps.now();
  const sequence = await deps.repository.nextSequence(deps.region.caseNumberPrefix, regionDay(receivedAt, deps.region.timeZone));
  const caseNumber = formatCaseNumber(deps.region.caseNumberPrefix, regionDay(receivedAt, deps.region.timeZone), sequence);
  const phone = body.reporter?.phone;
  const email = body.reporter?.email;
  const name = body.reporter?.name;
  // Phone, ID and bank numbers written into the text are masked everywhere downstream; the words as written stay sealed here.
  const masked = { title: maskPersonalData(body.title), description: maskPersonalData(body.description) };
  await deps.sealer.ready();
  const seal = (value: string) => deps.sealer.seal(value);
  const textChanged = masked.title !== body.title || masked.description !== body.description;
  const text = { ...masked, sealed: textChanged ? seal(JSON.stringify({ title: body.title, description: body.description })) : undefined };
  const record = openCase({
    text,
    caseId,
    caseNumber,
    partnerId: partner.id,
    traceId,
    body,
    receivedAt,
    name: name ? { sealed: seal(name), masked: maskName(name) } : undefined,
    phone: phone ? { sealed: seal(phone), masked: maskPhone(phone) } : undefined,
    email: email ? { sealed: seal(email), masked: maskEmail(email) } : undefined,
    files,
    requestFingerprint: idempotencyKey ? bodyFingerprint : undefined,
  });
  // Asked before the commit: the event's copy for the callbacks queue is sent only to a partner with an endpoint.
  const partnerListens = deps.listens ? await deps.listens(partner.id) : undefined;
  const event = makeEvent(caseReceivedV1, {
    region: deps.region.id,
    caseId,
    traceId,
    occurredAt: receivedAt,
    payload: {
      caseNumber,
      partnerId: partner.id,
      channel: body.channel,
      kind: body.kind,
      title: masked.title,
      description: masked.description,
      location: body.location,
      receivedAt: record.receivedAt,
      externalId: body.externalId,
      attachmentCount: body.attachments.length,
      ...(partnerListens === undefined ? {} : { partnerListens }),
    },
  });
  const answer: SubmitAccepted = { caseId, caseNumber, status: 'received', receivedAt: record.receivedAt };

  try {
    await deps.repository.saveNewCase(record, event);
  } catch (error) {
    if (error instanceof IdempotencyConflict && idempotencyKey) {
      const winner = await deps.repository.findIdempotency(partner.id, idempotencyKey, caseId);
      if (winner) return replay(winner.fingerprint, bodyFingerprint, winner.answer);
    }
    throw error;
  }
  if (files.length > 0) {
    // The case holds its own copies now; a failed delete only leaves the upload to the lifecycle rule.
    await releaseIncoming(deps.store, caller, files).catch((error: unknown) => deps.logger.warn('incoming uploads not deleted', { caseId, error }));
  }
  return { answer, replayed: false };
}

function replay(stored: string, given: string, answer: SubmitAccepted): SubmitOutcome {
  // An answer stored before the fingerprint was shortened holds all of it.
  if (stored.slice(0, given.length) !== given) {
    throw new HttpProblem(409, 'idempotency-key-reused', 'Idempotency-Key reused with a different body', 'Use a new key for a different request.');
  }
  return { answer, replayed: true };
}
