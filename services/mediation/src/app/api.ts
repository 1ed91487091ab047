import type { Logger } from '@aws-lambda-powertools/logger';
import {
  DisputeActionBody,
  DisputeListQuery,
  MediatorBody,
  RegisterDisputeBody,
  type DisputeView,
  type MediatorView,
  type RegionConfig,
  type StoredFile,
} from '@govflow/contracts';
import { callerOf, fingerprint, HttpProblem, json, parseJsonBody, requireRole, routeApi, zodIssues, type ApiEvent, type Caller } from '@govflow/platform';
import { areaById, resolveJurisdiction, withinArea } from '@govflow/regions';
import type { Actor, Dispute } from '../domain/dispute';
import { refusalOf, type DisputeAction } from '../domain/lifecycle';
import { fileViews, linkUploads, releaseIncoming, type ObjectStore } from '@govflow/platform/object-store';
import type { MediatorProfile } from '../domain/mediators';
import { toDisputeView } from '../domain/view';
import { ConcurrentChange, IdempotencyConflict, type MediationRepository } from '../adapters/repository';
import { ActionRefused, DisputeNotFound, type MediationService } from './service';

export interface MediationApiDeps {
  region: RegionConfig;
  repository: MediationRepository;
  service: MediationService;
  logger: Logger;
  store: ObjectStore;
}

const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const disputeCode = /^[A-Z]{2,4}TJ-\d{8}-\d{6}$/;
const mediatorIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** How much of a dispute a caller may see: all of it (personal data unsealed, each time audited), masked, or nothing. */
function access(caller: Caller, d: Dispute): 'full' | 'masked' | undefined {
  if (caller.role === 'operator' || caller.role === 'supervisor') return 'full';
  if (caller.role === 'coordinator' && caller.committeeId && d.centresSeen.includes(caller.committeeId)) return 'full';
  if (caller.role === 'mediator' && caller.mediatorId && d.mediatorsSeen.includes(caller.mediatorId)) return 'full';
  if (caller.role === 'partner' && caller.partnerId === d.partnerId) return 'masked';
  return undefined;
}

const actorOf = (caller: Caller): Actor => ({ id: caller.mediatorId ?? caller.partnerId, role: caller.role, mediatorId: caller.mediatorId, committeeId: caller.committeeId, partnerId: caller.partnerId });

function mediatorView(p: MediatorProfile, load: number): MediatorView {
  return {
    id: p.id,
    name: p.name,
    committeeId: p.committeeId,
    tier: p.tier,
    profession: p.profession,
    specialties: p.specialties,
    capacity: p.capacity,
    load,
    leave: p.leave,
    active: p.active,
    homeVillageId: p.homeVillageId,
    relationsDeclared: p.relations.length,
  };
}

/** The one-door centre's routes: register, look up, list, act on disputes; keep the mediator directory. */
export function createMediationApi(deps: MediationApiDeps) {
  const { service, repository, region } = deps;

  async function find(caller: Caller, idOrCode: string): Promise<{ dispute: Dispute; level: 'full' | 'masked' }> {
    const dispute = uuid.test(idOrCode) ? await repository.get(idOrCode) : disputeCode.test(idOrCode) ? await repository.getByCode(idOrCode) : undefined;
    const level = dispute && access(caller, dispute);
    // Someone else's dispute is reported as absent: its existence is not theirs to learn.
    if (!dispute || !level) throw new HttpProblem(404, 'dispute-not-found', 'No such dispute', `No dispute ${idOrCode.slice(0, 64)} for this caller.`);
    return { dispute, level };
  }

  async function view(caller: Caller, dispute: Dispute, level: 'full' | 'masked'): Promise<DisputeView> {
    if (level === 'masked') return toDisputeView(dispute);
    await repository.recordReveal(dispute.disputeId, { id: caller.mediatorId ?? caller.partnerId, role: caller.role }, new Date(), 'view');
    const sealedMinutes = await repository.minutes(dispute);
    await service.loadKeys([dispute, [...sealedMinutes.values()]]);
    const minutes = new Map([...sealedMinutes].map(([id, sealed]) => [id, service.reveal({ masked: '', sealed })]));
    return withFiles(toDisputeView(dispute, { reveal: service.reveal, minutes }), dispute);
  }

  /** Evidence and agreements name the parties: download URLs only for those who see the dispute unmasked. */
  async function withFiles(shown: DisputeView, dispute: Dispute): Promise<DisputeView> {
    return { ...shown, files: await fileViews(deps.store, dispute.files ?? [], new Date()) };
  }

  function toAction(body: DisputeActionBody, dispute: Dispute): { action: DisputeAction; minutes?: string } {
    switch (body.type) {
      case 'accept':
        return { action: { type: 'accept', note: body.note, parties: body.parties ? service.parties(body.parties, dispute.parties.length) : undefined } };
      case 'record-session': {
        const { minutes, terms, ...rest } = body;
        return { action: { ...rest, terms: terms ? service.seal(terms) : undefined }, minutes };
      }
      case 'attach':
        throw new Error('attach is linked by the route, not mapped');
      default:
        return { action: body };
    }
  }

  async function directoryEntry(mediatorId: string): Promise<{ profile: MediatorProfile; load: number } | undefined> {
    const { roster, loads } = await service.roster();
    const profile = roster.find((m) => m.id === mediatorId);
    return profile && { profile, load: loads.get(mediatorId) ?? 0 };
  }

  const directoryReader = (caller: Caller) => ['operator', 'supervisor', 'administrator', 'coordinator'].includes(caller.role);

  return routeApi(
    {
      'POST /v1/disputes': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireRole(caller, ['partner', 'mediator', 'coordinator', 'operator'], 'Disputes are registered by partners, mediators, centre coordinators and operators');
        const partner = caller.role === 'partner' ? region.partners.find((p) => p.id === caller.partnerId) : undefined;
        // Only a partner registers a dispute "through" itself (it then sees it and acts for its party). Anyone else
        // registers as themselves, though their key may name a partner; their Idempotency-Keys are theirs too.
        const registrant = partner ? partner.id : `${caller.role}:${caller.mediatorId ?? caller.committeeId ?? caller.partnerId}`;
        if (caller.role === 'partner' && !partner) throw new HttpProblem(403, 'unknown-partner', 'Partner is not registered in this region');
        const key = event.headers['idempotency-key'];
        if (key !== undefined && !idempotencyKeyPattern.test(key)) throw new HttpProblem(400, 'bad-idempotency-key', 'Idempotency-Key must be 1–128 printable ASCII characters');
        const body = parseJsonBody(event, RegisterDisputeBody, { maxBytes: 128 * 1024 });
        const jurisdiction = resolveJurisdiction(region, body.location, body.narrative);
        // 属地: a partner serving one part of the region registers only disputes located there.
        if (partner && !withinArea(region, partner.areaId, jurisdiction)) {
          throw new HttpProblem(403, 'outside-partner-area', 'Location outside this partner’s area', `Partner ${partner.id} serves ${areaById(region, partner.areaId)?.name ?? partner.areaId} only; place the dispute there with a grid id, a point or an address.`);
        }
        const bodyFingerprint = fingerprint(body);
        const replay = async (): Promise<ReturnType<typeof json> | undefined> => {
          const earlier = key ? await repository.findIdempotency(registrant, key) : undefined;
          if (!earlier) return undefined;
          if (earlier.fingerprint !== bodyFingerprint) throw new HttpProblem(409, 'idempotency-key-reused', 'Idempotency-Key reused with a different body', 'Use a new key for a different dispute.');
          return json(201, earlier.answer, { location: `/v1/disputes/${earlier.answer.disputeId}`, 'idempotent-replayed': 'true' });
        };
        const earlier = await replay();
        if (earlier) return earlier;
        const disputeId = service.newDisputeId();
        try {
          const answer = await service.register(
            {
              disputeId,
              partnerId: registrant,
              traceId: event.headers['x-trace-id'] ?? event.requestContext.requestId ?? disputeId,
              source: body.source,
              type: body.type,
              title: service.seal(body.title),
              narrative: service.seal(body.narrative),
              narrativeText: body.narrative,
              amount: body.amount,
              riskFlags: body.riskFlags,
              consentToMediate: body.consentToMediate,
              courtReference: body.courtReference,
              parties: service.parties(body.parties),
              jurisdiction,
              receivedAt: new Date().toISOString(),
              by: { id: caller.mediatorId ?? caller.partnerId, role: caller.role },
            },
            key ? { partnerId: registrant, key, fingerprint: bodyFingerprint } : undefined,
          );
          return json(201, answer, { location: `/v1/disputes/${answer.disputeId}` });
        } catch (error) {
          if (error instanceof IdempotencyConflict) return (await replay())!;
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'concurrent-change', 'Mediators’ loads changed meanwhile', 'Retry the request with the same Idempotency-Key.');
          throw error;
        }
      },

      'GET /v1/disputes/{disputeId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const { dispute, level } = await find(caller, event.pathParameters?.disputeId ?? '');
        return json(200, await view(caller, dispute, level));
      },

      'GET /v1/disputes': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const parsed = DisputeListQuery.safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) throw new HttpProblem(422, 'validation-failed', 'Query fails validation', 'See errors for each parameter.', zodIssues(parsed.error));
        const q = parsed.data;
        let centreId = q.centreId;
        let mediatorId = q.mediatorId;
        if ((caller.role === 'coordinator' && !caller.committeeId) || (caller.role === 'mediator' && !caller.mediatorId)) {
          throw new HttpProblem(403, 'forbidden', 'This key names no centre or mediator');
        }
        if (caller.role === 'coordinator') {
          if (centreId && centreId !== caller.committeeId) throw new HttpProblem(403, 'forbidden', 'A coordinator sees their own centre');
          // A docket, only of one of the centre's own mediators.
          if (mediatorId && !(await service.roster(caller.committeeId)).roster.some((m) => m.id === mediatorId)) {
            throw new HttpProblem(403, 'forbidden', 'A coordinator sees their own centre', 'That mediator is not one of your centre’s.');
          }
          if (!mediatorId) centreId = caller.committeeId;
        } else if (caller.role === 'mediator') {
          if (mediatorId && mediatorId !== caller.mediatorId) throw new HttpProblem(403, 'forbidden', 'A mediator sees their own docket');
          mediatorId = caller.mediatorId;
          centreId = undefined;
        } else if (caller.role !== 'supervisor' && caller.role !== 'operator') {
          throw new HttpProblem(403, 'forbidden', 'Dispute lists are for mediators, coordinators and supervisors');
        }
        const page = mediatorId
          ? await repository.list({ index: 'docket', key: `MEDIATOR#${mediatorId}`, sortPrefix: q.status ? `${q.status}#` : undefined, limit: q.limit, cursor: q.cursor })
          : centreId
            ? await repository.list({ index: 'centre', key: `CENTRE#${centreId}`, sortPrefix: q.status ? `${q.status}#` : undefined, oldestFirst: q.status === 'queued', limit: q.limit, cursor: q.cursor })
            : q.status
              ? await repository.list({ index: 'status', key: `STATUS#${q.status}`, sortPrefix: q.tier ? `${q.tier}#` : undefined, limit: q.limit, cursor: q.cursor })
              : undefined;
        if (!page) throw new HttpProblem(422, 'filter-required', 'Name a centre, a mediator or a status', 'For example ?status=queued or ?centreId=…');
        const items = page.items
          .filter((d) => !q.tier || d.tier === q.tier)
          .map((d) => ({ disputeId: d.disputeId, code: d.code, status: d.status, type: d.type, title: d.title.masked, tier: d.tier, centreId: d.centreId, mediatorId: d.mediator?.id, riskFlags: d.riskFlags, openedAt: d.openedAt, queuedAt: d.queuedAt }));
        return json(200, { items, cursor: page.cursor });
      },

      'POST /v1/disputes/{disputeId}/actions': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const body = parseJsonBody(event, DisputeActionBody, { maxBytes: 64 * 1024 });
        const { dispute, level } = await find(caller, event.pathParameters?.disputeId ?? '');
        try {
          let attached: StoredFile[] = [];
          if (body.type === 'attach') {
            // Refused before anything is copied; the files must be this caller's uploads for this purpose.
            const refusal = refusalOf(dispute, 'attach', actorOf(caller));
            if (refusal) throw new ActionRefused(refusal.refused, refusal.detail);
            attached = await linkUploads(deps.store, caller, body.purpose, dispute.disputeId, body.uploads);
          }
          const { action, minutes } = body.type === 'attach' ? { action: { type: 'attach', purpose: body.purpose, files: attached } as const, minutes: undefined } : toAction(body, dispute);
          const after = await service.act(dispute.disputeId, action, actorOf(caller), { minutes });
          if (attached.length > 0) {
            await releaseIncoming(deps.store, caller, attached).catch((error: unknown) => deps.logger.warn('incoming uploads not deleted', { disputeId: after.disputeId, error }));
          }
          deps.logger.info('dispute step', { disputeId: after.disputeId, action: body.type, status: after.status, tier: after.tier });
          return json(200, level === 'full' ? await withFiles(toDisputeView(after, { reveal: service.reveal }), after) : toDisputeView(after));
        } catch (error) {
          if (error instanceof ActionRefused) {
            const status = error.refused === 'forbidden' ? 403 : error.refused === 'invalid' ? 422 : 409;
            throw new HttpProblem(status, `action-${error.refused}`, 'Step refused', error.message, undefined, { allowedNow: error.allowedNow });
          }
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'concurrent-change', 'The dispute changed meanwhile', 'Reload it and try again.');
          if (error instanceof DisputeNotFound) throw new HttpProblem(404, 'dispute-not-found', 'No such dispute');
          throw error;
        }
      },

      'GET /v1/disputes/{disputeId}/documents/{document}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const { dispute, level } = await find(caller, event.pathParameters?.disputeId ?? '');
        const name = event.pathParameters?.document ?? '';
        const body = dispute.documents.includes(name) ? await service.document(dispute, name, level === 'full') : undefined;
        if (body === undefined) throw new HttpProblem(404, 'document-not-found', 'No such document for this dispute');
        if (level === 'full') await repository.recordReveal(dispute.disputeId, { id: caller.mediatorId ?? caller.partnerId, role: caller.role }, new Date(), `document ${name}`);
        return { statusCode: 200, headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `inline; filename="${dispute.code}-${name}.md"` }, body };
      },

      'GET /v1/mediators': async (event: ApiEvent) => {
        const caller = callerOf(event);
        if (!directoryReader(caller)) throw new HttpProblem(403, 'forbidden', 'The directory is for administrators, coordinators and supervisors');
        if (caller.role === 'coordinator' && !caller.committeeId) throw new HttpProblem(403, 'forbidden', 'This key names no centre');
        const requested = event.queryStringParameters?.committeeId;
        if (requested !== undefined && !region.mediation.committees.some((c) => c.id === requested)) throw new HttpProblem(422, 'unknown-committee', 'No such committee');
        if (caller.role === 'coordinator' && requested && requested !== caller.committeeId) throw new HttpProblem(403, 'forbidden', 'A coordinator sees their own centre');
        const committeeId = caller.role === 'coordinator' ? caller.committeeId : requested;
        const { roster, loads } = await service.roster(committeeId);
        return json(200, { items: roster.map((p) => mediatorView(p, loads.get(p.id) ?? 0)) });
      },

      'GET /v1/mediators/{mediatorId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        if (!directoryReader(caller)) throw new HttpProblem(403, 'forbidden', 'The directory is for administrators, coordinators and supervisors');
        const id = event.pathParameters?.mediatorId ?? '';
        const entry = mediatorIdPattern.test(id) ? await directoryEntry(id) : undefined;
        if (!entry || (caller.role === 'coordinator' && entry.profile.committeeId !== caller.committeeId)) throw new HttpProblem(404, 'mediator-not-found', 'No such mediator');
        return json(200, mediatorView(entry.profile, entry.load));
      },

      'PUT /v1/mediators/{mediatorId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        if (caller.role !== 'administrator' && caller.role !== 'operator') throw new HttpProblem(403, 'forbidden', 'Only administrators keep the mediator directory');
        const id = event.pathParameters?.mediatorId ?? '';
        if (!mediatorIdPattern.test(id)) throw new HttpProblem(422, 'bad-mediator-id', 'Mediator ids are lower-case kebab-case, at most 64 characters');
        const body = parseJsonBody(event, MediatorBody, { maxBytes: 16 * 1024 });
        const committee = region.mediation.committees.find((c) => c.id === body.committeeId);
        if (!committee) throw new HttpProblem(422, 'unknown-committee', 'No such committee', `No committee ${body.committeeId} in region ${region.id}.`);
        const existing = await directoryEntry(id);
        const profile: MediatorProfile = {
          id,
          name: body.name,
          committeeId: body.committeeId,
          tier: committee.tier,
          profession: body.profession,
          specialties: body.specialties,
          capacity: body.capacity,
          leave: body.leave,
          active: body.active,
          homeVillageId: body.homeVillageId,
          relations: body.relations.map((r) => service.identity(r)),
        };
        try {
          await repository.saveProfile(profile, existing?.profile.committeeId);
        } catch (error) {
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'mediator-busy', 'The mediator holds disputes in their committee', 'Reassign their disputes before moving them.');
          throw error;
        }
        deps.logger.info('mediator saved', { mediatorId: id, committeeId: profile.committeeId, by: caller.partnerId });
        // A new or larger capacity may free a place: the centre's queue tries again at once.
        await service.fillQueue(profile.committeeId);
        const after = await directoryEntry(id);
        return json(existing ? 200 : 201, mediatorView(after!.profile, after!.load));
      },
    },
    deps.logger,
  );
}
